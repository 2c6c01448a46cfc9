package dev.agentbank.chat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A scripted conversation, read from {@code src/test/resources/conversations/*.json}. Placeholders such as
 * {@code {{ada.checking}}} name demo data and are resolved against a freshly seeded bank; {@code {{last.FIELD}}}
 * in tool arguments is a field of the previous tool result, resolved when the model request arrives; FIELD may be a
 * dotted path into objects and arrays, e.g. {@code {{last.payee.payee_id}}} or {@code {{last.payees.0.payee_id}}}.
 * {@code {{ada.payee.KEY}}} in tool arguments is the id of the customer's oldest active payee whose name's first word,
 * lowercased, is KEY ({@code grace}, {@code landlord}, or one added during the scenario), also resolved when the model
 * request arrives: payee ids are random.
 *
 * @param skip     a reason to skip this scenario (e.g. the tool it needs is not in this build)
 * @param principal whose chat it is: "ada" (default) or "grace", the demo customers, or "officer", loan officer olga
 * @param settings extra BANK_* settings for the bank, e.g. BANK_APPROVAL_THRESHOLD
 * @param setup    what is done before the chat: ledger operations by a teller, credit profiles, loan submissions
 */
@JsonIgnoreProperties(ignoreUnknown = false)
record Scenario(String name, String description, String skip, String principal, Map<String, String> settings,
                Integer modelTimeoutSeconds, Integer maxToolRoundTrips, List<Setup> setup, List<Turn> turns,
                FinalExpect expect) {

    /**
     * One step before the chat, by {@code kind}:
     * <ul>
     *   <li>{@code deposit}, {@code withdraw}: {@code amount} into or out of {@code account}, with {@code reference};
     *       {@code transfer}: from {@code account} to {@code to};</li>
     *   <li>{@code credit_profile}: pins the sandbox credit bureau's {@code score} and {@code delinquencies} (default 0)
     *       for demo {@code customer} ("ada" or "grace");</li>
     *   <li>{@code submitted_loan}: saves the given fields ({@code amount} and the {@code monthly…}, {@code employmentStatus},
     *       {@code monthsEmployed} ones) on {@code customer}'s newest application, then submits it with the customer's
     *       consent; underwriting decides it at once, and {@code status}, when given, is the decision it must reach;</li>
     *   <li>{@code payee}: adds a payee {@code name} with {@code account} (of this bank or an IBAN) for demo
     *       {@code customer}, confirmed by that customer, now;</li>
     *   <li>{@code provider_fault}: the sandbox provider's {@code endpoint} ("payment" by default, "account_opening",
     *       "credit_report") fails the next {@code count} (default 1) requests with {@code failure} (a
     *       {@code SandboxProvider.Failure}, lowercase, e.g. "reject_account_closed"), and/or answers every request
     *       {@code latencyMs} late (with a short BANK_PROVIDER_READ_TIMEOUT_MS, a timeout), and/or settles payments made
     *       from now on only {@code settleAfterMs} after they were made;</li>
     *   <li>{@code provider_behaves}: the sandbox drops all its faults, latency and settlement delay.</li>
     * </ul>
     */
    record Setup(String kind, String account, String to, String amount, String reference, String customer, Integer score,
                 Integer delinquencies, String monthlyNetIncome, String monthlyHousingCost, String monthlyDebtPayments,
                 String employmentStatus, Integer monthsEmployed, String status, String name, String endpoint,
                 String failure, Integer count, Long latencyMs, Long settleAfterMs) {}

    /**
     * @param restart     rebuild the assistant on the same database before this turn, as after a process restart
     * @param advanceDays move the bank's clock this many days forward before this turn
     * @param setup       steps done after the clock moved and before this turn, of the same kinds as the scenario's setup
     * @param runJobs     background jobs run once, by name, after {@code setup} and before this turn; only
     *                    "payment-dispatch" (ProviderDispatch.dispatchDue: asks the provider about due pending payments)
     * @param terminal    the human's answers to confirmation prompts, in order; null means Ctrl-D
     */
    record Turn(String user, boolean restart, Integer advanceDays, List<Setup> setup, List<String> runJobs,
                List<ModelReply> model, List<String> terminal, TurnExpect expect) {}

    /**
     * One scripted model reply: tool calls, or a final text; or a failure (HTTP status, a dropped connection),
     * optionally after a delay.
     */
    record ModelReply(List<ToolCall> toolCalls, String text, Long delayMillis, Integer status, Boolean dropConnection) {}

    /** {@code arguments} is sent as JSON text; {@code rawArguments} is sent as is, for malformed arguments. */
    record ToolCall(String name, JsonNode arguments, String rawArguments) {}

    /**
     * @param tools            the tool calls of the turn, in order (all of them)
     * @param modelFailed      the turn ends with the "model unavailable" message instead of an answer
     * @param requests         expectations on the model requests of this turn, by index within the turn
     * @param prompts          how many confirmation prompts the terminal showed (default: as many as answers)
     * @param unsupportedAmounts amounts the money check must flag in the answer (a self-test of that check)
     */
    record TurnExpect(List<ToolExpect> tools, List<String> textContains, List<String> textLacks, Boolean modelFailed,
                      List<RequestExpect> requests, Integer prompts, List<String> promptsContain,
                      List<String> unsupportedAmounts) {}

    /** {@code arguments}: these arguments with these values (others may be present). */
    record ToolExpect(String name, Map<String, Object> arguments, Boolean error, String resultContains, String resultEquals) {}

    /**
     * @param toolResultContains  some tool message carries this text
     * @param messagesContain     some message (any role) carries this text
     * @param messagesLack        no message carries this text
     * @param systemContains      the system message carries this text
     * @param toolsOffered        these tools are offered to the model
     * @param toolsNotOffered     these are not
     */
    record RequestExpect(int index, List<String> toolResultContains, List<String> messagesContain, List<String> messagesLack,
                         List<String> systemContains, List<String> toolsOffered, List<String> toolsNotOffered) {}

    /**
     * @param balances            account → balance after the conversation
     * @param journalEntries      new journal entries (transactions) posted during the conversation
     * @param pendingOperations   approval requests created during the conversation
     */
    record FinalExpect(Map<String, String> balances, Long journalEntries, Long pendingOperations) {}
}
