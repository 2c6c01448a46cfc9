package dev.agentbank.onboarding.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.onboarding.model.OpeningOutcome;
import dev.agentbank.sandbox.SandboxProvider;
import dev.agentbank.testing.TestBank;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** BankRuntime finishes pending openings by itself: at start-up and then periodically. */
class ReconcilerTest {

    @Test
    void theRuntimeFinishesAnOpeningLeftPendingWithoutAnyoneAskingAgain() throws InterruptedException {
        try (TestBank bank = TestBank.create()) {
            long customer = bank.customer();
            SandboxProvider sandbox = bank.runtime().sandboxProvider().orElseThrow();
            sandbox.failNext(1, SandboxProvider.Failure.ERROR_AFTER_OPENING);
            OpeningOutcome outcome = bank.runtime().onboarding().open(TestBank.TELLER, customer, "retail-savings", "Later", TestBank.newKey());
            assertThat(outcome).isInstanceOf(OpeningOutcome.Pending.class);
            assertThat(bank.queryLong("SELECT count(*) FROM account WHERE customer_id = " + customer)).isZero();

            bank.runtime().jobs().start(bank.runtime().openingReconciler(Duration.ofMillis(200)));

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (bank.runtime().onboarding().pendingCount() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(bank.runtime().onboarding().pendingCount()).isZero();
            assertThat(bank.queryLong("SELECT count(*) FROM account WHERE customer_id = " + customer)).isEqualTo(1);
            assertThat(bank.queryLong("SELECT count(*) FROM provider_sandbox.account WHERE customer_id = " + customer)).isEqualTo(1);
        }
    }
}
