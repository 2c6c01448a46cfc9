package dev.agentbank.app.cluster;

import dev.agentbank.sandbox.SandboxProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Carries out a {@link FaultPlan} beside the workload, and restarts any instance that is down (killed on purpose, or
 * failed to start while the database was away) a second after it is found dead.
 */
final class FaultRunner implements AutoCloseable {
    static final Duration SLOW = Duration.ofSeconds(3);
    static final String PROVIDER_TIMEOUT = "/v1/payments got no answer";

    private final FaultPlan plan;
    private final List<Instance> instances;
    private final ChaosDatabase database;
    private final SandboxProvider provider;
    private final PrintStream progress;
    private final AtomicLong kills = new AtomicLong();
    private final AtomicLong skippedKills = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong outages = new AtomicLong();
    private final AtomicLong slowWindows = new AtomicLong();
    private volatile boolean running = true;
    private Thread faults;
    private Thread supervisor;

    /** {@code providerTimeouts}: provider calls the instances gave up on, as their logs tell. */
    record Counts(long kills, long skippedKills, long restarts, long databaseOutages, long slowWindows, long providerTimeouts) {}

    FaultRunner(FaultPlan plan, List<Instance> instances, ChaosDatabase database, SandboxProvider provider, PrintStream progress) {
        this.plan = plan;
        this.instances = instances;
        this.database = database;
        this.provider = provider;
        this.progress = progress;
    }

    void start(Instant origin) {
        faults = Thread.ofPlatform().name("chaos-faults").start(() -> runPlan(origin));
        supervisor = Thread.ofPlatform().name("chaos-supervisor").daemon().start(this::supervise);
    }

    private void runPlan(Instant origin) {
        int next = 0;
        List<FaultPlan.Fault> planned = plan.faults();
        try {
            for (int f = 0; f < planned.size(); f++) {
                FaultPlan.Fault fault = planned.get(f);
                // a kill waits for a starting instance no longer than until the next fault is due
                Instant nextDue = origin.plus(f + 1 < planned.size() ? planned.get(f + 1).at() : plan.quietFrom());
                Duration wait = Duration.between(Instant.now(), origin.plus(fault.at()));
                if (!wait.isNegative()) {
                    Thread.sleep(wait);
                }
                if (!running) {
                    return;
                }
                switch (fault.kind()) {
                    case KILL_INSTANCE -> {
                        // Kill only while every instance serves: the run is about failing over, not about a total outage.
                        if (!awaitAllListening(nextDue)) {
                            skippedKills.incrementAndGet();
                            progress.println("chaos: no SIGKILL, an instance is still starting");
                            continue;
                        }
                        Instance victim = instances.get(next++ % instances.size());
                        long pid = victim.pid();
                        victim.kill();
                        kills.incrementAndGet();
                        progress.println("chaos: SIGKILL " + victim.name() + " (pid " + pid + ")");
                    }
                    case DATABASE_OUTAGE -> {
                        progress.println("chaos: stopping PostgreSQL for " + fault.lasting().toSeconds() + " s");
                        database.stop();
                        outages.incrementAndGet();
                        Thread.sleep(fault.lasting());
                        database.start();
                        progress.println("chaos: PostgreSQL is back");
                    }
                    case SLOW_PROVIDER -> {
                        progress.println("chaos: the provider answers payments after " + SLOW.toSeconds() + " s for "
                                + fault.lasting().toSeconds() + " s");
                        provider.latency(SandboxProvider.Endpoint.PAYMENT, SLOW);
                        slowWindows.incrementAndGet();
                        Thread.sleep(fault.lasting());
                        provider.latency(SandboxProvider.Endpoint.PAYMENT, Duration.ZERO);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            provider.latency(SandboxProvider.Endpoint.PAYMENT, Duration.ZERO);
            database.start();
        }
    }

    private boolean awaitAllListening(Instant until) throws InterruptedException {
        while (!instances.stream().allMatch(instance -> instance.alive() && Ports.listening(Instance.HOST, instance.port()))) {
            if (Instant.now().isAfter(until)) {
                return false;
            }
            Thread.sleep(200);
        }
        return true;
    }

    private void supervise() {
        while (running) {
            for (Instance instance : instances) {
                if (!instance.alive() && running) {
                    sleep(Duration.ofSeconds(1));
                    if (!running) {
                        return;
                    }
                    instance.start();
                    restarts.incrementAndGet();
                    progress.println("chaos: started " + instance.name() + " again (pid " + instance.pid() + ")");
                }
            }
            sleep(Duration.ofMillis(250));
        }
    }

    /** Waits for the plan to finish (it ends before the workload), then for every instance to listen again. */
    boolean awaitHealed(Duration limit) throws InterruptedException {
        faults.join();
        Instant deadline = Instant.now().plus(limit);
        for (Instance instance : instances) {
            while (!instance.awaitReady(Duration.ofSeconds(5))) {
                if (Instant.now().isAfter(deadline)) {
                    return false;
                }
                Thread.sleep(200);
            }
        }
        return true;
    }

    Counts counts() {
        return new Counts(kills.get(), skippedKills.get(), restarts.get(), outages.get(), slowWindows.get(), providerTimeouts());
    }

    /** The instances log each provider call that got no answer in time (ProviderPayments); the logs are this run's own. */
    private long providerTimeouts() {
        long count = 0;
        for (Instance instance : instances) {
            try (Stream<String> lines = Files.lines(instance.log())) {
                count += lines.filter(line -> line.contains(PROVIDER_TIMEOUT)).count();
            } catch (IOException | UncheckedIOException e) {
                progress.println("chaos: could not read " + instance.log() + ": " + e.getMessage());
            }
        }
        return count;
    }

    @Override
    public void close() {
        running = false;
        if (faults != null) {
            faults.interrupt();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
