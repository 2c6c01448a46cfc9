package dev.agentbank.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JobsTest {
    private static final Duration OFTEN = Duration.ofMillis(10);

    @Test
    void runsAJobAtStartAndThenEveryInterval() throws InterruptedException {
        CountDownLatch passes = new CountDownLatch(3);
        try (Jobs jobs = new Jobs()) {
            jobs.start(Job.atStartAndEvery("counter", OFTEN, passes::countDown));
            assertThat(passes.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(jobs.names()).containsExactly("counter");
        }
    }

    @Test
    void aFailedPassIsRetriedAtTheNextInterval() throws InterruptedException {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch recovered = new CountDownLatch(1);
        try (Jobs jobs = new Jobs()) {
            jobs.start(Job.every("flaky", OFTEN, () -> {
                if (attempts.incrementAndGet() < 3) {
                    throw new IllegalStateException("database down");
                }
                recovered.countDown();
            }));
            assertThat(recovered.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(attempts.get()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void oneSlowJobDoesNotHoldUpAnother() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch otherRan = new CountDownLatch(2);
        try (Jobs jobs = new Jobs()) {
            jobs.start(Job.atStartAndEvery("slow", OFTEN, release::await));
            jobs.start(Job.atStartAndEvery("quick", OFTEN, otherRan::countDown));
            assertThat(otherRan.await(5, TimeUnit.SECONDS)).isTrue();
            release.countDown();
        }
    }

    @Test
    void stoppingWaitsForTheRunningPassToFinish() throws InterruptedException {
        CountDownLatch inPass = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        Jobs jobs = new Jobs();
        jobs.start(Job.atStartAndEvery("recorder", Duration.ofHours(1), () -> {
            inPass.countDown();
            Thread.sleep(300); // stands for a pass that is writing to the database
            finished.set(true);
        }));
        assertThat(inPass.await(5, TimeUnit.SECONDS)).isTrue();

        jobs.close();

        assertThat(finished).as("the pass ran to its end before close returned").isTrue();
        assertThat(jobs.names()).isEmpty();
    }

    @Test
    void noPassRunsAfterStop() throws InterruptedException {
        AtomicInteger passes = new AtomicInteger();
        Jobs jobs = new Jobs();
        jobs.start(Job.atStartAndEvery("counter", OFTEN, passes::incrementAndGet));
        Thread.sleep(50);
        jobs.stop("counter");
        int atStop = passes.get();
        Thread.sleep(100);
        assertThat(passes.get()).isEqualTo(atStop);
    }

    @Test
    void aNameRunsOnceAndStoppedJobsTakeNoNewWork() {
        Jobs jobs = new Jobs();
        jobs.start(Job.every("sealer", OFTEN, () -> {}));
        assertThatThrownBy(() -> jobs.start(Job.every("sealer", OFTEN, () -> {})))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already running");
        jobs.close();
        assertThatThrownBy(() -> jobs.start(Job.every("late", OFTEN, () -> {})))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("stopped");
    }

    @Test
    void aJobNeedsANameAndAPositiveInterval() {
        assertThatThrownBy(() -> Job.every(" ", OFTEN, () -> {})).hasMessageContaining("needs a name");
        assertThatThrownBy(() -> Job.every("x", Duration.ZERO, () -> {})).hasMessageContaining("positive interval");
    }
}
