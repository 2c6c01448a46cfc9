package dev.agentbank.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentbank.fraud.model.Alert;
import dev.agentbank.fraud.tools.FakeFraudDesk;
import dev.agentbank.fraud.tools.FraudTools;
import dev.agentbank.identity.Principal;
import dev.agentbank.identity.Role;
import dev.agentbank.shared.Actor;
import dev.agentbank.testing.SharedBankTest;
import dev.agentbank.tools.ToolBox;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code bank://alerts/open} over Streamable HTTP through the bearer gate, with an in-memory alert desk: an analyst who
 * subscribed hears of a new alert within a second and reads it; anyone else finds no such resource.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertsResourceTest extends SharedBankTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeFraudDesk desk = new FakeFraudDesk();
    private final BlockingQueue<McpSchema.ResourceContents> analystUpdates = new LinkedBlockingQueue<>();
    private final List<McpSyncClient> clients = new ArrayList<>();
    private Server jetty;
    private URI base;

    @BeforeAll
    void startServer() throws Exception {
        ToolBox toolBox = new ToolBox(List.of(FraudTools.module(() -> desk, () -> desk)), (p, c, a, s, d, o) -> {},
                (principal, context) -> context.human());
        HttpServletStreamableServerTransportProvider streamable = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(BankMcpServer.jsonMapper())
                .mcpEndpoint(McpHttpServer.MCP_ENDPOINT)
                .contextExtractor(request -> request.getAttribute(HttpGate.PRINCIPAL_ATTRIBUTE) instanceof Principal principal
                        ? McpTransportContext.create(Map.of(PrincipalResolver.CONTEXT_KEY, principal)) : McpTransportContext.EMPTY)
                .build();
        McpSyncServer server = BankMcpServer.build(McpServer.sync(streamable), bank.runtime(), toolBox, "mcp-http",
                PrincipalResolver.fromTransportContext(), new InFlight(), () -> desk);
        assertThat(server).isNotNull();

        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder gate = new FilterHolder(new HttpGate(bank.runtime().authenticator(), "127.0.0.1", List.of()));
        gate.setAsyncSupported(true);
        context.addFilter(gate, "/*", EnumSet.of(DispatcherType.REQUEST));
        FilterHolder subscriptions = new FilterHolder(new SubscriptionGuard()); // as McpHttpServer mounts it
        subscriptions.setAsyncSupported(true);
        context.addFilter(subscriptions, "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder holder = new ServletHolder("mcp-streamable", streamable);
        holder.setAsyncSupported(true);
        context.addServlet(holder, McpHttpServer.MCP_ENDPOINT);
        jetty.setHandler(context);
        jetty.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @AfterAll
    void stopServer() throws Exception {
        clients.forEach(client -> {
            try {
                client.closeGracefully();
            } catch (RuntimeException e) {
                // the server may be gone already
            }
        });
        jetty.stop();
    }

    @Test
    void aSubscribedAnalystHearsOfANewAlertWithinASecondAndReadsIt() throws Exception {
        McpSyncClient analyst = client(new Principal.Staff(Role.ANALYST, "ann"), analystUpdates);
        assertThat(analyst.getServerCapabilities().resources().subscribe()).isTrue();
        assertThat(analyst.listResources().resources()).extracting(McpSchema.Resource::uri).contains(AlertResources.URI);
        analyst.subscribeResource(new McpSchema.SubscribeRequest(AlertResources.URI));

        long raised = System.nanoTime();
        Alert alert = desk.raise(7, "AB0000000195", "payment of 480.00 EUR to \"Landlord Ltd\"", "480.00", "velocity", 60);
        McpSchema.ResourceContents update = analystUpdates.poll(1, TimeUnit.SECONDS);
        assertThat(update).as("an update within a second").isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - raised)).isLessThan(Duration.ofSeconds(1));
        assertThat(update.uri()).isEqualTo(AlertResources.URI);

        List<Map<String, Object>> open = openAlerts(analyst);
        assertThat(open).anySatisfy(shown -> assertThat(shown)
                .containsEntry("alert_id", (int) alert.id()).containsEntry("state", "new").containsEntry("amount", "480.00")
                .containsEntry("currency", "EUR").containsEntry("description", "payment of 480.00 EUR to \"Landlord Ltd\""));

        // closing it through the tool is a change too: the next read no longer lists it
        analystUpdates.clear();
        McpSchema.CallToolResult closed = analyst.callTool(new McpSchema.CallToolRequest("close_alert",
                Map.of("alert_id", alert.id(), "resolution", "false_positive", "reason", "the customer's landlord")));
        assertThat(closed.isError()).as(String.valueOf(closed.content())).isFalse();
        assertThat(analystUpdates.poll(1, TimeUnit.SECONDS)).as("an update after closing").isNotNull();
        assertThat(openAlerts(analyst)).noneSatisfy(shown -> assertThat(shown).containsEntry("alert_id", (int) alert.id()));
    }

    @Test
    void aCustomerOrATellerFindsNoSuchResource() throws Exception {
        desk.raise(8, "AB0000000203", "payment of 900.00 EUR", "900.00", "splitting", 70);
        List<String> recordedBefore = List.copyOf(desk.recorded);
        for (Principal other : List.of(new Principal.CustomerPrincipal(8), new Principal.Staff(Role.TELLER, "tina"))) {
            LinkedBlockingQueue<McpSchema.ResourceContents> updates = new LinkedBlockingQueue<>();
            McpSyncClient client = client(other, updates);
            // a subscription would tell them when an alert is raised, e.g. on their own payment: refused like a missing resource
            assertThatThrownBy(() -> client.subscribeResource(new McpSchema.SubscribeRequest(AlertResources.URI)))
                    .as(other.encoded() + " subscribing")
                    .isInstanceOfSatisfying(McpError.class,
                            e -> assertThat(e.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND));
            desk.raise(8, "AB0000000203", "payment of 910.00 EUR", "910.00", "splitting", 70);
            assertThat(updates.poll(1, TimeUnit.SECONDS)).as(other.encoded() + " hears of no alert").isNull();
            assertThatThrownBy(() -> client.readResource(new McpSchema.ReadResourceRequest(AlertResources.URI)))
                    .as(other.encoded())
                    .isInstanceOfSatisfying(McpError.class, e -> {
                        assertThat(e.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND);
                        assertThat(e.getMessage()).doesNotContain("900.00").doesNotContain("AB0000000203");
                    });
            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).doesNotContain("list_alerts", "close_alert");
        }
        assertThat(desk.recorded).isEqualTo(recordedBefore);
    }

    @Test
    void everyFraudToolAnswersAnAnalystWithinItsOutputSchema() {
        // the server checks each structured answer against the tool's outputSchema and makes a misfit an error
        McpSyncClient analyst = client(new Principal.Staff(Role.ANALYST, "ann"), new LinkedBlockingQueue<>());
        long id = desk.raise(9, "AB0000000211", "payment of 300.00 EUR", "300.00", "round-amount", 40).id();
        desk.hold("PM-AAAAAAAAAAAA", id, "Landlord Ltd", "300.00");
        desk.hold("PM-BBBBBBBBBBBB", id, "Landlord Ltd", "20.00");
        List<Map.Entry<String, Map<String, Object>>> calls = List.of(
                Map.entry("list_alerts", Map.of("customer_id", 9, "limit", 5)),
                Map.entry("get_alert", Map.of("alert_id", id)),
                Map.entry("assign_alert", Map.of("alert_id", id)),
                Map.entry("add_case_note", Map.of("alert_id", id, "text", "Looks like rent.")),
                Map.entry("escalate_alert", Map.of("alert_id", id, "reason", "amount above the usual rent")),
                Map.entry("freeze_account", Map.of("account", "AB0000000211", "reason", "pending review", "alert_id", id)),
                Map.entry("unfreeze_account", Map.of("account", "AB0000000211", "reason", "reviewed")),
                Map.entry("list_holds", Map.of()),
                Map.entry("release_hold", Map.of("payment_id", "PM-AAAAAAAAAAAA", "reason", "rent, as every month")),
                Map.entry("return_hold", Map.of("payment_id", "PM-BBBBBBBBBBBB", "reason", "customer did not send it")),
                Map.entry("request_reversal", Map.of("transaction_id", 509, "reason", "customer did not send it", "alert_id", id)),
                Map.entry("close_alert", Map.of("alert_id", id, "resolution", "no_action", "reason", "rent")));
        for (Map.Entry<String, Map<String, Object>> call : calls) {
            McpSchema.CallToolResult result = analyst.callTool(new McpSchema.CallToolRequest(call.getKey(), call.getValue()));
            assertThat(result.isError()).as("%s: %s", call.getKey(), result.content()).isFalse();
            assertThat(result.structuredContent()).as(call.getKey()).isNotNull();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> openAlerts(McpSyncClient client) throws Exception {
        McpSchema.ReadResourceResult read = client.readResource(new McpSchema.ReadResourceRequest(AlertResources.URI));
        McpSchema.TextResourceContents text = (McpSchema.TextResourceContents) read.contents().get(0);
        assertThat(text.mimeType()).isEqualTo("application/json");
        return (List<Map<String, Object>>) JSON.readValue(text.text(), Map.class).get("alerts");
    }

    private McpSyncClient client(Principal principal, BlockingQueue<McpSchema.ResourceContents> updates) {
        String token = bank.runtime().tokens().create(Actor.of("teller", "setup"), principal, Optional.empty()).token();
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(base.toString())
                .endpoint(McpHttpServer.MCP_ENDPOINT)
                .httpRequestCustomizer((request, method, uri, body, context) -> request.header("Authorization", "Bearer " + token))
                .build();
        McpSyncClient client = McpClient.sync(transport)
                .clientInfo(new McpSchema.Implementation("alerts-test", "1.0"))
                .requestTimeout(Duration.ofSeconds(30))
                .initializationTimeout(Duration.ofSeconds(60))
                .resourcesUpdateConsumer(updates::addAll)
                .build();
        client.initialize();
        clients.add(client);
        return client;
    }
}
