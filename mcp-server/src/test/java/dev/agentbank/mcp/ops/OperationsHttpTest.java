package dev.agentbank.mcp.ops;

import static dev.agentbank.mcp.ops.OpsHttp.get;
import static dev.agentbank.mcp.ops.OpsHttp.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.identity.Principal;
import dev.agentbank.identity.Role;
import dev.agentbank.jobs.Job;
import dev.agentbank.mcp.Clients;
import dev.agentbank.mcp.McpHttpServer;
import dev.agentbank.shared.Actor;
import dev.agentbank.testing.TestBank;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /healthz, /readyz and /metrics of a real instance on the embedded database, asked over real HTTP. */
class OperationsHttpTest {
    private static TestBank bank;
    private static McpHttpServer server;
    private static URI base;

    @BeforeAll
    static void start() {
        bank = TestBank.create();
        server = McpHttpServer.start(bank.runtime(), bank.runtime().toolBox(), "127.0.0.1", 0, List.of());
        base = server.baseUri();
    }

    @AfterAll
    static void stop() {
        server.close();
        bank.close();
    }

    private static String token(Principal principal) {
        return bank.runtime().tokens().create(Actor.of("teller", "ops"), principal, Optional.empty()).token();
    }

    @Test
    void healthzSaysUpWithoutATokenEvenToAProbeNamingTheHostByIp() throws Exception {
        HttpResponse<String> health = get(base, "/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"up\"}");
        assertThat(OpsHttp.rawGet(base, "/healthz", "10.1.2.3:8080")).contains(" 200 ");
        // the MCP endpoint still turns that Host away
        assertThat(OpsHttp.rawGet(base, "/mcp", "10.1.2.3:8080")).contains(" 403 ");
    }

    @Test
    void readyzIsReadyWithTheSchemaItFound() throws Exception {
        HttpResponse<String> ready = get(base, "/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        long newest = bank.queryLong("SELECT max(version::int) FROM flyway_schema_history WHERE version IS NOT NULL");
        assertThat(ready.body()).isEqualTo("{\"status\":\"ready\",\"schema\":\"" + newest + "\"}");
        assertThat(OpsHttp.rawGet(base, "/readyz", "10.1.2.3:8080")).contains(" 200 ");
    }

    @Test
    void readyzIsNotReadyWhileTheNewestMigrationIsNotApplied() throws Exception {
        String newest = "(SELECT max(installed_rank) FROM flyway_schema_history)";
        bank.update("UPDATE flyway_schema_history SET success = false WHERE installed_rank = " + newest);
        try {
            HttpResponse<String> ready = get(base, "/readyz");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("\"status\":\"not ready\"").contains("migrations pending");
        } finally {
            bank.update("UPDATE flyway_schema_history SET success = true WHERE installed_rank = " + newest);
        }
        assertThat(get(base, "/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsCountToolCallsByNameAndOutcomeAndTimeThem() throws Exception {
        long customer = bank.customer();
        String account = bank.checking(customer, "25.00").value();
        try (McpSyncClient client = Clients.streamable(base, token(new Principal.CustomerPrincipal(customer)))) {
            McpSchema.CallToolResult ok = client.callTool(new McpSchema.CallToolRequest("get_balance", Map.of("account_number", account)));
            assertThat(ok.isError()).isFalse();
            McpSchema.CallToolResult refused = client.callTool(new McpSchema.CallToolRequest("get_balance",
                    Map.of("account_number", "XX0000000000")));
            assertThat(refused.isError()).isTrue();
        }
        HttpResponse<String> scrape = get(base, "/metrics");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain; version=0.0.4");
        String metrics = scrape.body();
        assertThat(sample(metrics, "bank_mcp_tool_calls_total{outcome=\"ok\",tool=\"get_balance\"}")).isEqualTo(1.0);
        assertThat(sample(metrics, "bank_mcp_tool_calls_total{outcome=\"refused\",tool=\"get_balance\"}")).isEqualTo(1.0);
        assertThat(sample(metrics, "bank_mcp_tool_call_duration_seconds_count{tool=\"get_balance\"}")).isEqualTo(2.0);
        assertThat(sample(metrics, "bank_mcp_tool_call_duration_seconds_bucket{tool=\"get_balance\",le=\"+Inf\"}")).isEqualTo(2.0);
        assertThat(sample(metrics, "bank_mcp_tool_calls_in_flight")).isEqualTo(0.0);
        assertThat(sample(metrics, "bank_mcp_draining")).isEqualTo(0.0);
        assertThat(metrics).containsPattern("(?m)^hikaricp_connections_max\\{pool=\"[^\"]+\"} \\d");
        assertThat(metrics).containsPattern("(?m)^hikaricp_connections_active\\{pool=\"[^\"]+\"} \\d");
        assertThat(metrics).contains("jvm_memory_used_bytes");
    }

    @Test
    void metricsShowTheFraudMonitorsLagAndEachJobsLastGoodPass() throws Exception {
        bank.deposit(bank.checking("10.00"), "5.00");
        assertThat(bank.runtime().fraudMonitor().drain().events()).isPositive();
        bank.runtime().jobs().start(Job.atStartAndEvery("ops-test-good", Duration.ofMillis(20), () -> {}));
        bank.runtime().jobs().start(Job.atStartAndEvery("ops-test-failing", Duration.ofMillis(20), () -> {
            throw new IllegalStateException("always");
        }));
        Thread.sleep(300);
        String metrics = get(base, "/metrics").body();
        assertThat(sample(metrics, "bank_fraud_monitor_lag_seconds_count")).isPositive();
        assertThat(sample(metrics, "bank_job_last_success_age_seconds{job=\"ops-test-good\"}")).isLessThan(0.25);
        assertThat(sample(metrics, "bank_job_last_success_age_seconds{job=\"ops-test-failing\"}")).isGreaterThanOrEqualTo(0.25);
        assertThat(sample(metrics, "bank_job_failures_total{job=\"ops-test-failing\"}")).isGreaterThanOrEqualTo(2.0);
        assertThat(sample(metrics, "bank_job_failures_total{job=\"ops-test-good\"}")).isZero();
        bank.runtime().jobs().stop("ops-test-good");
        bank.runtime().jobs().stop("ops-test-failing");
    }

    @Test
    void metricsAskedThroughAProxyNeedAnAnalystsToken() throws Exception {
        Map<String, String> proxied = Map.of("X-Forwarded-For", "203.0.113.7");
        assertThat(get(base, "/metrics", proxied).statusCode()).isEqualTo(401);
        String customer = token(new Principal.CustomerPrincipal(bank.customer()));
        HttpResponse<String> asCustomer = get(base, "/metrics", Map.of("X-Forwarded-For", "203.0.113.7",
                "Authorization", "Bearer " + customer));
        assertThat(asCustomer.statusCode()).isEqualTo(403);
        assertThat(asCustomer.body()).doesNotContain("bank_mcp");
        String teller = token(new Principal.Staff(Role.TELLER, "tess"));
        assertThat(get(base, "/metrics", Map.of("X-Forwarded-For", "203.0.113.7", "Authorization", "Bearer " + teller))
                .statusCode()).isEqualTo(403);
        String analyst = token(new Principal.Staff(Role.ANALYST, "ana"));
        HttpResponse<String> asAnalyst = get(base, "/metrics", Map.of("X-Forwarded-For", "203.0.113.7",
                "Authorization", "Bearer " + analyst));
        assertThat(asAnalyst.statusCode()).isEqualTo(200);
        assertThat(asAnalyst.body()).contains("bank_mcp_draining");
    }
}
