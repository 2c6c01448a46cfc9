package dev.agentbank.tools;

import static dev.agentbank.tools.ToolCalls.ANALYST;
import static dev.agentbank.tools.ToolCalls.CONTEXT;
import static dev.agentbank.tools.ToolCalls.TELLER;
import static dev.agentbank.tools.ToolCalls.args;
import static dev.agentbank.tools.ToolCalls.customer;
import static dev.agentbank.tools.ToolCalls.error;
import static dev.agentbank.tools.ToolCalls.key;
import static dev.agentbank.tools.ToolCalls.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.audit.AuditChain;
import dev.agentbank.identity.Principal;
import dev.agentbank.testing.SharedBankTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every tool call, whatever its outcome, leaves one audit event naming who, from where, what and how it ended. */
class ToolAuditTest extends SharedBankTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ToolBox tools;
    private static long owner;
    private static AccountNumber account;

    private record Event(long id, String actor, String subject, String rawDetails, Map<String, Object> details,
                         String outcome) {
        @SuppressWarnings("unchecked")
        Map<String, Object> arguments() {
            return (Map<String, Object>) details.get("arguments");
        }
    }

    @BeforeAll
    static void openAccount() {
        tools = bank.runtime().toolBox();
        owner = bank.customer();
        account = bank.checking(owner, "50.00");
    }

    private static List<Event> toolCallEvents() {
        List<Event> events = new ArrayList<>();
        try (Connection connection = bank.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "SELECT id, actor, subject, details, outcome FROM audit_event WHERE action = 'tool_call'")) {
            while (rs.next()) {
                events.add(new Event(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        JSON.readValue(rs.getString(4), new TypeReference<Map<String, Object>>() {}), rs.getString(5)));
            }
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return events;
    }

    /** Runs the call and returns the one tool_call event it wrote; fails unless it wrote exactly one. */
    private static Event theEventOf(Supplier<ToolResult> call) {
        Set<Long> seen = new HashSet<>();
        toolCallEvents().forEach(event -> seen.add(event.id()));
        call.get();
        List<Event> fresh = toolCallEvents().stream().filter(event -> !seen.contains(event.id())).toList();
        assertThat(fresh).as("tool_call events written by one call").hasSize(1);
        return fresh.getFirst();
    }

    private static void assertCommonDetails(Event event, Principal principal, String tool) {
        assertThat(event.actor()).isEqualTo(principal.actor().id());
        assertThat(event.subject()).isEqualTo("tool:" + tool);
        assertThat(event.details())
                .containsEntry("tool", tool)
                .containsEntry("transport", CONTEXT.transport())
                .containsEntry("client", CONTEXT.client())
                .containsEntry("session", CONTEXT.session())
                .containsKey("arguments");
    }

    @Test
    void aSuccessfulCallIsAuditedOnceWithPrincipalToolTransportClientSessionAndArguments() {
        Principal self = customer(owner);
        Event event = theEventOf(() -> ok(tools.call(self, CONTEXT, "get_balance", args("account_number", account.value()))));

        assertCommonDetails(event, self, "get_balance");
        assertThat(event.outcome()).isEqualTo("ok");
        assertThat(event.arguments()).isEqualTo(Map.of("account_number", account.value()));
        assertThat(event.details()).doesNotContainKey("error");
    }

    @Test
    void aMoneyMovementIsAuditedAsOneToolCallBesidesTheLedgersOwnEvent() {
        String idempotencyKey = key();
        Event event = theEventOf(() -> ok(tools.call(TELLER, CONTEXT, "deposit", args("account_number", account.value(),
                "amount", "7.00", "reference", "cash", "idempotency_key", idempotencyKey))));

        assertCommonDetails(event, TELLER, "deposit");
        assertThat(event.outcome()).isEqualTo("ok");
        assertThat(event.arguments()).containsEntry("amount", "7.00").containsEntry("idempotency_key", idempotencyKey);
    }

    @Test
    void aMoneyMovementsCallRecordCommitsInThePostingsOwnTransaction() {
        String idempotencyKey = key();
        Event event = theEventOf(() -> ok(tools.call(TELLER, CONTEXT, "deposit", args("account_number", account.value(),
                "amount", "3.00", "reference", "cash", "idempotency_key", idempotencyKey))));

        long entry = bank.queryLong("SELECT id FROM journal_entry WHERE idempotency_key = '" + idempotencyKey + "'");
        assertThat(bank.queryLong("SELECT count(DISTINCT xmin::text) FROM audit_event WHERE id = " + event.id()
                + " OR subject = 'transaction:" + entry + "'")).as("transactions that wrote the call and the posting").isEqualTo(1);
    }

    @Test
    void aMoneyMovementWhoseCallRecordCannotBeWrittenPostsNothing() {
        String idempotencyKey = key();
        bank.update("""
                CREATE FUNCTION refuse_call_record() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit store refuses the call record'; END $$;
                CREATE TRIGGER refuse_call_record BEFORE INSERT ON audit_event FOR EACH ROW
                WHEN (NEW.action = 'tool_call' AND NEW.outcome = 'ok' AND NEW.details LIKE '%%%s%%')
                EXECUTE FUNCTION refuse_call_record()""".formatted(idempotencyKey));
        try {
            ToolResult result = error(tools.call(TELLER, CONTEXT, "deposit", args("account_number", account.value(),
                    "amount", "4.00", "reference", "cash", "idempotency_key", idempotencyKey)));
            assertThat(result.text()).isEqualTo(ToolBox.SYSTEM_FAILURE);
        } finally {
            bank.update("DROP TRIGGER refuse_call_record ON audit_event; DROP FUNCTION refuse_call_record()");
        }
        assertThat(bank.queryLong("SELECT count(*) FROM journal_entry WHERE idempotency_key = '" + idempotencyKey + "'"))
                .as("postings without their call record").isZero();
    }

    @Test
    void aBusinessRejectionIsAuditedWithOutcomeErrorAndTheMessageTheModelGot() {
        Principal self = customer(owner);
        ToolResult[] result = new ToolResult[1];
        Event event = theEventOf(() -> result[0] = error(tools.call(self, CONTEXT, "withdraw",
                args("account_number", account.value(), "amount", "99.00", "idempotency_key", key()))));

        assertCommonDetails(event, self, "withdraw");
        assertThat(event.outcome()).isEqualTo("error");
        assertThat(event.details()).containsEntry("error", result[0].text());
        assertThat(result[0].text()).startsWith("Insufficient funds");
    }

    @Test
    void aCallToAToolThePrincipalMayNotUseIsAuditedAsRefused() {
        Event event = theEventOf(() -> error(tools.call(ANALYST, CONTEXT, "deposit",
                args("account_number", account.value(), "amount", "1.00", "idempotency_key", key()))));

        assertCommonDetails(event, ANALYST, "deposit");
        assertThat(event.outcome()).isEqualTo("refused");
        assertThat(event.details().get("error")).asString().contains("deposit");
    }

    @Test
    void argumentsThatDoNotFitAreAuditedAsRefused() {
        Event event = theEventOf(() -> error(tools.call(TELLER, CONTEXT, "get_transaction", args("transaction_id", "seven"))));
        assertCommonDetails(event, TELLER, "get_transaction");
        assertThat(event.outcome()).isEqualTo("refused");
        assertThat(event.arguments()).containsEntry("transaction_id", "seven");
    }

    @Test
    void anUnknownToolIsAuditedUnderItsPrintableName() {
        Event event = theEventOf(() -> error(tools.call(TELLER, CONTEXT, "rm -rf\n\u001b[2J", args())));
        assertThat(event.outcome()).isEqualTo("refused");
        assertThat(event.details().get("tool")).asString().isEqualTo("rm -rf[2J");
        assertThat(event.rawDetails()).doesNotContain("\\u001b").doesNotContain("\\n");
    }

    @Test
    void argumentsWithSecretLookingNamesAreRedacted() {
        Map<String, Object> arguments = args("account_number", account.value(), "password", "hunter2",
                "api_token", "abk_live_topsecret", "Authorization", "Bearer eyJhbGciOi", "client_secret", "s3cr3t-value",
                "x_api_key", "key-123456");
        Event event = theEventOf(() -> error(tools.call(customer(owner), CONTEXT, "get_balance", arguments)));

        assertThat(event.arguments()).containsEntry("account_number", account.value())
                .containsEntry("password", "[redacted]")
                .containsEntry("api_token", "[redacted]")
                .containsEntry("Authorization", "[redacted]")
                .containsEntry("client_secret", "[redacted]")
                .containsEntry("x_api_key", "[redacted]");
        assertThat(event.rawDetails()).doesNotContain("hunter2", "topsecret", "eyJhbGciOi", "s3cr3t-value", "key-123456");
    }

    @Test
    void secretNamesSpelledInCamelCaseOrWithDashesAreRedactedToo() {
        Map<String, Object> arguments = args("account_number", account.value(), "apiKey", "ak-1111", "X-Api-Key", "ak-2222",
                "privateKey", "pk-3333", "passwd", "pw-4444");
        Event event = theEventOf(() -> error(tools.call(customer(owner), CONTEXT, "get_balance", arguments)));

        assertThat(event.rawDetails()).doesNotContain("ak-1111", "ak-2222", "pk-3333", "pw-4444");
    }

    @Test
    void secretsNestedInsideAnArgumentAreRedacted() {
        Map<String, Object> arguments = args("account_number", account.value(),
                "options", Map.of("password", "hunter2", "nested", Map.of("api_token", "abk_nested_secret")));
        Event event = theEventOf(() -> error(tools.call(customer(owner), CONTEXT, "get_balance", arguments)));

        assertThat(event.rawDetails()).doesNotContain("hunter2", "abk_nested_secret");
    }

    @Test
    void secretsInArgumentsThatAreNotValidJsonAreNotWrittenToTheAuditLog() {
        String malformed = "{\"account_number\": \"" + account.value() + "\", \"password\": \"hunter2\"";
        Event event = theEventOf(() -> error(tools.call(customer(owner), CONTEXT, "get_balance", malformed)));

        assertThat(event.outcome()).isEqualTo("refused");
        assertThat(event.rawDetails()).doesNotContain("hunter2");
    }

    @Test
    void longArgumentValuesAreCutInTheAuditLog() {
        String reference = "r".repeat(900);
        Event event = theEventOf(() -> error(tools.call(TELLER, CONTEXT, "deposit", args("account_number", account.value(),
                "amount", "1.00", "reference", reference, "idempotency_key", key()))));
        assertThat(event.arguments().get("reference")).asString().hasSizeLessThanOrEqualTo(201).startsWith("rrrr");
    }

    @Test
    void theAuditChainStillVerifiesAfterToolCallsOfEveryOutcome() {
        ok(tools.call(TELLER, CONTEXT, "get_balance", args("account_number", account.value())));
        error(tools.call(TELLER, CONTEXT, "withdraw", args("account_number", account.value(), "amount", "99.00",
                "idempotency_key", key())));
        error(tools.call(customer(owner), CONTEXT, "list_customers", args()));

        assertThat(bank.runtime().auditChain().verify()).isInstanceOf(AuditChain.Verification.Intact.class);
        ToolResult report = ok(tools.call(ANALYST, CONTEXT, "verify_audit_log", args()));
        assertThat(report.structured()).containsEntry("intact", true);
        assertThat(((Number) report.structured().get("verified_events")).longValue())
                .isGreaterThanOrEqualTo(bank.queryLong("SELECT count(*) FROM audit_event WHERE action = 'tool_call'") - 1);
    }
}
