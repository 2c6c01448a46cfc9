package dev.agentbank.approvals.application;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.approvals.model.PendingOperation;
import dev.agentbank.approvals.model.Proposal;
import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.ConfirmationRequest;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.identity.Principal;
import dev.agentbank.identity.Role;
import dev.agentbank.testing.MutableClock;
import dev.agentbank.testing.TestBank;
import dev.agentbank.tools.ToolBox;
import dev.agentbank.tools.ToolResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One fresh bank per test class on real PostgreSQL, driven by a hand-set clock so approval requests can expire.
 * Daily outflow and pending requests are kept per principal, so every test makes its own customer or teller
 * and tests in a class cannot see each other's limits. The ledger invariants must hold after the class.
 */
abstract class ApprovalBankTest {
    static final Instant START = Instant.parse("2026-03-10T09:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong TELLERS = new AtomicLong();

    static MutableClock clock;
    static TestBank bank;
    static ToolBox tools;

    @BeforeAll
    static void openApprovalBank() {
        clock = new MutableClock(START);
        bank = TestBank.create(clock);
        tools = bank.runtime().toolBox();
    }

    @AfterAll
    static void closeApprovalBank() {
        try {
            assertThat(bank.runtime().invariants().violations()).as("ledger invariants after the class").isEmpty();
        } finally {
            bank.close();
        }
    }

    // ---- who acts ----------------------------------------------------------------------------------------

    /** A customer with a funded checking account and an empty second account, acting as themselves. */
    record Holder(long customerId, Principal principal, AccountNumber main, AccountNumber second) {
        String actor() {
            return principal.actor().id();
        }
    }

    static Holder holder(String balance) {
        long id = bank.customer();
        return new Holder(id, new Principal.CustomerPrincipal(id), bank.checking(id, balance), bank.checking(id, "0"));
    }

    /** A teller no other test uses, so its daily outflow starts at zero. */
    static Principal freshTeller() {
        return new Principal.Staff(Role.TELLER, "teller" + TELLERS.incrementAndGet());
    }

    // ---- tool calls --------------------------------------------------------------------------------------

    static CallContext context(HumanConfirmation human) {
        return new CallContext("test-transport", "approval-tests 1.0", "session-" + UUID.randomUUID(), human);
    }

    static String key() {
        return UUID.randomUUID().toString();
    }

    static Map<String, Object> transferArgs(AccountNumber from, AccountNumber to, String amount, String reference, String key) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("from_account", from.value());
        args.put("to_account", to.value());
        args.put("amount", amount);
        if (reference != null) {
            args.put("reference", reference);
        }
        args.put("idempotency_key", key);
        return args;
    }

    static Map<String, Object> accountArgs(AccountNumber account, String amount, String reference, String key) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("account_number", account.value());
        args.put("amount", amount);
        if (reference != null) {
            args.put("reference", reference);
        }
        args.put("idempotency_key", key);
        return args;
    }

    static ToolResult call(Principal principal, HumanConfirmation human, String tool, Map<String, Object> args) {
        return tools.call(principal, context(human), tool, args);
    }

    static ToolResult transfer(Principal principal, HumanConfirmation human, AccountNumber from, AccountNumber to, String amount,
                               String key) {
        return call(principal, human, "transfer", transferArgs(from, to, amount, "test transfer", key));
    }

    /** The structured answer of a successful call. */
    static Map<String, Object> ok(ToolResult result) {
        assertThat(result.isError()).as("expected success, got: %s", result.text()).isFalse();
        assertThat(result.structured()).isNotNull();
        return result.structured();
    }

    /** The message of a refused call. */
    static String refused(ToolResult result) {
        assertThat(result.isError()).as("expected a refusal, got: %s", result.text()).isTrue();
        assertThat(result.text()).isNotBlank();
        return result.text();
    }

    static String status(ToolResult result) {
        return String.valueOf(ok(result).get("status"));
    }

    @SuppressWarnings("unchecked")
    static long transactionId(ToolResult result) {
        Map<String, Object> transaction = (Map<String, Object>) ok(result).get("transaction");
        assertThat(transaction).as("transaction of %s", result.text()).isNotNull();
        return ((Number) transaction.get("transaction_id")).longValue();
    }

    // ---- the human ---------------------------------------------------------------------------------------

    /** A human behind an elicitation-capable session who answers every question the same way and is counted. */
    static final class ScriptedHuman implements HumanConfirmation {
        final List<Proposal> asked = new CopyOnWriteArrayList<>();
        private final AtomicInteger asks = new AtomicInteger();
        private final Function<Proposal, Answer> answer;

        private ScriptedHuman(Function<Proposal, Answer> answer) {
            this.answer = answer;
        }

        static ScriptedHuman approving(String who) {
            return new ScriptedHuman(proposal -> new Answer.Approved(who, "mcp-elicitation"));
        }

        static ScriptedHuman declining() {
            return new ScriptedHuman(proposal -> new Answer.Declined("mcp-elicitation"));
        }

        static ScriptedHuman cancelling() {
            return new ScriptedHuman(proposal -> new Answer.Cancelled("mcp-elicitation"));
        }

        @Override
        public Answer ask(ConfirmationRequest request) {
            Proposal proposal = (Proposal) request;
            asks.incrementAndGet();
            asked.add(proposal);
            return answer.apply(proposal);
        }

        int asks() {
            return asks.get();
        }
    }

    // ---- what the database says --------------------------------------------------------------------------

    /** Journal entries this actor posted (the fixture's own deposits are the teller's, not counted here). */
    static long entriesBy(String actor) {
        return count("SELECT count(*) FROM journal_entry WHERE actor = ?", actor);
    }

    static long entriesUnderKey(String actor, String key) {
        return count("SELECT count(*) FROM journal_entry WHERE actor = ? AND idempotency_key = ?", actor, key);
    }

    static long pendingRowsOf(String principal) {
        return count("SELECT count(*) FROM pending_operation WHERE principal = ?", principal);
    }

    /** Minor units this actor has used of today's allowance (0 when nothing moved out). */
    static long outflowMinorToday(String actor) {
        return count("SELECT coalesce(sum(total_minor), 0) FROM daily_outflow WHERE actor = ?", actor);
    }

    static long count(String sql, Object... parameters) {
        try (Connection connection = bank.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The details of the audit row written with a posting, as JSON maps. */
    static Map<String, Object> postingAudit(long transactionId) {
        List<String> rows = new ArrayList<>();
        try (Connection connection = bank.connect(); PreparedStatement statement = connection.prepareStatement(
                "SELECT details FROM audit_event WHERE subject = ? AND outcome = 'posted'")) {
            statement.setString(1, "transaction:" + transactionId);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getString(1));
                }
            }
            assertThat(rows).as("audit rows of transaction %s", transactionId).hasSize(1);
            return JSON.readValue(rows.getFirst(), new TypeReference<Map<String, Object>>() {});
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("could not read the audit row of transaction " + transactionId, e);
        }
    }

    static PendingOperation pending(String id) {
        return bank.runtime().pendingOperations().find(id).orElseThrow(() -> new AssertionError("no approval request " + id));
    }
}
