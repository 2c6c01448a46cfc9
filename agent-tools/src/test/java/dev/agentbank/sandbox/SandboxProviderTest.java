package dev.agentbank.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.config.ProviderConfig;
import dev.agentbank.config.Secret;
import dev.agentbank.ledger.model.IdempotencyKey;
import dev.agentbank.onboarding.http.ProviderClient;
import dev.agentbank.onboarding.http.ProviderResult;
import dev.agentbank.onboarding.model.OpenAccountRequest;
import dev.agentbank.testing.TestBank;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sandbox keeps the contract in docs/provider-openapi.yaml, seen through the real client. */
class SandboxProviderTest {
    private static TestBank bank;
    private static SandboxProvider sandbox;
    private static ProviderClient client;

    @BeforeAll
    static void start() {
        bank = TestBank.create();
        sandbox = bank.runtime().sandboxProvider().orElseThrow();
        client = new ProviderClient(sandbox.url(), sandbox.token(), ProviderConfig.sandbox());
    }

    @AfterAll
    static void stop() {
        client.close();
        bank.close();
    }

    @Test
    void opensWithValidNumbersAndReplaysARepeatedKey() {
        IdempotencyKey key = TestBank.newKey();
        OpenAccountRequest request = new OpenAccountRequest(41, "Everyday", "retail-savings");

        ProviderResult first = client.openAccount(request, key);
        ProviderResult again = client.openAccount(request, key);

        assertThat(first).isInstanceOfSatisfying(ProviderResult.Opened.class, opened -> {
            assertThat(opened.account().number().value()).matches("AB9\\d{9}");
            assertThat(opened.account().openingBalance().amount()).isEqualByComparingTo("25.00");
        });
        assertThat(again).isEqualTo(first);
        assertThat(client.accountsOf(41)).hasSize(1);
        assertThat(client.account(((ProviderResult.Opened) first).account().number())).isPresent();
    }

    @Test
    void rejectsWhatTheContractRejects() {
        IdempotencyKey key = TestBank.newKey();
        client.openAccount(new OpenAccountRequest(42, "Everyday", "retail-checking"), key);

        assertThat(client.openAccount(new OpenAccountRequest(42, "Other name", "retail-checking"), key))
                .isInstanceOfSatisfying(ProviderResult.Rejected.class, r -> assertThat(r.code()).isEqualTo("idempotency_key_reused"));
        assertThat(client.openAccount(new OpenAccountRequest(42, "Gold", "retail-gold"), TestBank.newKey()))
                .isEqualTo(new ProviderResult.Rejected(422, "unknown_product", "Unknown product_code; use one of retail-checking, retail-savings."));
        assertThat(client.openAccount(new OpenAccountRequest(42, "x".repeat(101), "retail-checking"), TestBank.newKey()))
                .isInstanceOfSatisfying(ProviderResult.Rejected.class, r -> assertThat(r.status()).isEqualTo(400));
        try (ProviderClient stranger = new ProviderClient(sandbox.url(), new Secret("wrong-token"), ProviderConfig.sandbox())) {
            assertThat(stranger.openAccount(new OpenAccountRequest(42, "Everyday", "retail-checking"), TestBank.newKey()))
                    .isInstanceOfSatisfying(ProviderResult.Rejected.class, r -> assertThat(r.code()).isEqualTo("unauthorized"));
        }
        assertThat(client.accountsOf(42)).hasSize(1);
    }

    @Test
    void a503IsRetriedWithTheSameKeyAndThenSucceeds() {
        sandbox.failNext(1, SandboxProvider.Failure.UNAVAILABLE);
        long before = sandbox.openings();

        ProviderResult result = client.openAccount(new OpenAccountRequest(43, "Patient", "retail-checking"), TestBank.newKey());

        assertThat(result).isInstanceOf(ProviderResult.Opened.class);
        assertThat(sandbox.openings()).isEqualTo(before + 1);
    }
}
