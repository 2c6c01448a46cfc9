package dev.agentbank.chat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.app.BankRuntime;
import dev.agentbank.app.demo.DemoData;
import dev.agentbank.config.LlmConfig;
import dev.agentbank.config.Settings;
import dev.agentbank.customers.Customer;
import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.identity.Principal;
import dev.agentbank.identity.Role;
import dev.agentbank.ledger.model.Commands;
import dev.agentbank.ledger.model.LedgerOutcome;
import dev.agentbank.lending.model.FieldChanges;
import dev.agentbank.payments.application.PayeeBook;
import dev.agentbank.payments.application.ProviderDispatch;
import dev.agentbank.sandbox.SandboxProvider;
import dev.agentbank.sandbox.SandboxProvider.Endpoint;
import dev.agentbank.sandbox.SandboxProvider.Failure;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.testing.TestBank;
import dev.agentbank.tools.ToolBox;
import dev.langchain4j.model.chat.ChatModel;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a {@link Scenario} through the real assistant: AiServices and the OpenAI client over HTTP, the ToolBox,
 * the confirmation gate and a fresh PostgreSQL database seeded with the demo data. The model is either the
 * scripted {@link FakeOpenAiServer} or, for live evaluation, a real endpoint.
 */
final class ScenarioRunner {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Pattern LAST = Pattern.compile("\\{\\{last\\.([a-z0-9_.]+)}}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z]+(?:\\.[a-z0-9_]+)+|nonexistent)}}");
    /** A payee id, looked up when the model request arrives: {@code {{ada.payee.grace}}}. */
    private static final Pattern PAYEE = Pattern.compile("\\{\\{([a-z]+)\\.payee\\.([a-z_]+)}}");
    /** Money as a model writes it: digits (maybe with thousands separators) and exactly two decimals. */
    private static final Pattern AMOUNT_IN_TEXT = Pattern.compile("(?<![\\w.,])(\\d{1,3}(?:,\\d{3})+|\\d+)\\.(\\d{2})(?![\\d])");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
    /** The loan officer of scenarios whose principal is "officer". */
    static final Principal OFFICER = new Principal.Staff(Role.OFFICER, "olga");

    private ScenarioRunner() {}

    /** What the scripted run found wrong; empty when the scenario holds. */
    static List<String> runScripted(Path file) throws IOException {
        Scenario raw = JSON.readValue(file.toFile(), Scenario.class);
        ShiftableClock clock = new ShiftableClock();
        try (TestBank bank = TestBank.create(clock, raw.settings() == null ? Map.of() : raw.settings());
             FakeOpenAiServer server = new FakeOpenAiServer()) {
            Session session = new Session(bank, clock, file);
            LlmConfig llm = LlmConfig.from(Settings.of(Map.of(
                    "BANK_LLM_BASE_URL", server.baseUrl(),
                    "BANK_LLM_API_KEY", "test-key",
                    "BANK_LLM_MODEL", "scripted",
                    "BANK_LLM_TIMEOUT_SECONDS", String.valueOf(session.scenario.modelTimeoutSeconds() == null ? 20 : session.scenario.modelTimeoutSeconds()),
                    "BANK_LLM_MAX_RETRIES", "0")));
            session.start(ChatModels.openAiCompatible(llm), llm);
            List<String> failures = new ArrayList<>();
            List<Scenario.Turn> turns = session.scenario.turns();
            for (int t = 0; t < turns.size(); t++) {
                Scenario.Turn turn = turns.get(t);
                String label = "turn " + (t + 1) + " (\"" + turn.user() + "\"): ";
                int requestsBefore = server.requests().size();
                for (int r = 0; turn.model() != null && r < turn.model().size(); r++) {
                    server.enqueue(scripted(turn.model().get(r), "call_" + t + "_" + r, session));
                }
                TurnResult result = session.turn(turn);
                List<JsonNode> requests = server.requests().subList(requestsBefore, server.requests().size());
                check(label, turn, result, requests, failures);
                if (server.unusedReplies() > 0) {
                    failures.add(label + server.unusedReplies() + " scripted model replies were not requested");
                    return failures;
                }
            }
            session.checkFinal(failures);
            server.problems().forEach(problem -> failures.add("fake model: " + problem));
            bank.runtime().invariants().violations().forEach(v -> failures.add("ledger invariant: " + v));
            return failures;
        }
    }

    /** Per turn of a live run: which tools the scenario expects and which the model chose. */
    record LiveTurn(String user, Set<String> expected, List<String> chosen, String answer, List<String> unsupportedAmounts) {
        boolean matches() {
            return new LinkedHashSet<>(chosen).equals(expected);
        }
    }

    /** Sends the scenario's user turns to a real model; confirmation prompts get the scenario's terminal answers. */
    static List<LiveTurn> runLive(Path file, ChatModel model, LlmConfig llm) throws IOException {
        Scenario raw = JSON.readValue(file.toFile(), Scenario.class);
        ShiftableClock clock = new ShiftableClock();
        try (TestBank bank = TestBank.create(clock, raw.settings() == null ? Map.of() : raw.settings())) {
            Session session = new Session(bank, clock, file);
            session.start(model, llm);
            List<LiveTurn> turns = new ArrayList<>();
            for (Scenario.Turn turn : session.scenario.turns()) {
                if (turn.expect() != null && Boolean.TRUE.equals(turn.expect().modelFailed())) {
                    continue; // a scripted outage; a live model has none to replay
                }
                TurnResult result = session.turn(turn);
                Set<String> expected = new TreeSet<>();
                if (turn.expect() != null && turn.expect().tools() != null) {
                    turn.expect().tools().forEach(tool -> expected.add(tool.name()));
                }
                String answer = result.reply() instanceof Reply.Answer a ? a.text() : "(" + ((Reply.ModelFailed) result.reply()).message() + ")";
                List<String> unsupported = result.reply() instanceof Reply.Answer a
                        ? unsupportedAmounts(a.text(), turn.user(), result.reply().tools()) : List.of();
                turns.add(new LiveTurn(turn.user(), expected, result.reply().tools().stream().map(ToolRun::name).distinct().sorted().toList(),
                        answer, unsupported));
            }
            return turns;
        }
    }

    private record TurnResult(Reply reply, List<String> shown, List<String> prompts, int unansweredPrompts, int unusedAnswers) {}

    /** One scenario's bank, principal, conversation and assistant, rebuilt on "restart". */
    private static final class Session {
        final TestBank bank;
        final ShiftableClock clock;
        final Scenario scenario;
        final Map<String, String> names;
        final Principal principal;
        final ScriptedPrompter prompter = new ScriptedPrompter();
        final List<ToolRun> allRuns = new ArrayList<>();
        ChatModel model;
        LlmConfig llm;
        ConversationId conversation;
        ChatAssistant assistant;
        long journalBefore;
        long pendingBefore;

        Session(TestBank bank, ShiftableClock clock, Path file) throws IOException {
            this.bank = bank;
            this.clock = clock;
            BankRuntime runtime = bank.runtime();
            new DemoData(runtime).seedIfEmpty();
            this.names = demoNames(runtime);
            this.scenario = JSON.readValue(resolve(Files.readString(file), names, file), Scenario.class);
            String who = scenario.principal() == null ? "ada" : scenario.principal();
            this.principal = who.equals("officer") ? OFFICER : new Principal.CustomerPrincipal(customerId(names, who));
            for (Scenario.Setup step : scenario.setup() == null ? List.<Scenario.Setup>of() : scenario.setup()) {
                setup(runtime, names, step);
            }
            journalBefore = bank.queryLong("SELECT count(*) FROM journal_entry");
            pendingBefore = bank.queryLong("SELECT count(*) FROM pending_operation");
        }

        void start(ChatModel model, LlmConfig llm) {
            this.model = model;
            this.llm = llm;
            Conversations conversations = new Conversations(bank.dataSource(), bank.runtime().clock());
            conversation = conversations.start(principal).id();
            assistant = build(conversations);
        }

        /** A new assistant, store and ToolBox on the same database and conversation, as a restarted process builds them. */
        void restart() {
            Conversations conversations = new Conversations(bank.dataSource(), bank.runtime().clock());
            if (!(conversations.resume(principal, conversation) instanceof Conversations.Opening.Opened)) {
                throw new AssertionError("could not resume " + conversation + " after the restart");
            }
            assistant = build(conversations);
        }

        private ChatAssistant build(Conversations conversations) {
            ChatAssistant.Builder builder = ChatAssistant.builder()
                    .model(model)
                    .endpoint(llm.baseUrlText(), llm.timeout())
                    .tools(bank.runtime().toolBox(), principal, new CallContext("chat", "scenario-runner", conversation.value(),
                            new TerminalConfirmation(prompter, principal.encoded())))
                    .memory(conversations.storeFor(principal), conversation)
                    .listener(new ToolListener() {
                        @Override
                        public void finished(ToolRun run) {
                            allRuns.add(run);
                        }
                    });
            if (scenario.maxToolRoundTrips() != null) {
                builder.maxToolRoundTrips(scenario.maxToolRoundTrips());
            }
            return builder.build();
        }

        TurnResult turn(Scenario.Turn turn) {
            if (turn.advanceDays() != null) {
                clock.advance(Duration.ofDays(turn.advanceDays()));
            }
            for (Scenario.Setup step : nonNull(turn.setup())) {
                setup(bank.runtime(), names, step);
            }
            for (String job : nonNull(turn.runJobs())) {
                runJob(bank.runtime(), job);
            }
            if (turn.restart()) {
                restart();
            }
            prompter.load(turn.terminal());
            Reply reply = assistant.ask(turn.user());
            return new TurnResult(reply, prompter.shown(), prompter.prompts(), prompter.unanswered(), prompter.unused());
        }

        /** The text of the previous tool result's field (a dotted path), for {{last.FIELD}} in scripted arguments. */
        String lastResultField(String path) {
            if (allRuns.isEmpty()) {
                return "";
            }
            try {
                JsonNode node = JSON.readTree(allRuns.get(allRuns.size() - 1).text());
                for (String step : path.split("\\.")) {
                    node = node.isArray() && step.chars().allMatch(Character::isDigit) ? node.path(Integer.parseInt(step)) : node.path(step);
                }
                return node.isMissingNode() || node.isNull() ? "" : node.asText();
            } catch (IOException e) {
                return "";
            }
        }

        /** The id of {@code who}'s oldest active payee whose name starts with the word {@code key}, for {{who.payee.KEY}}. */
        String payeeId(String who, String key) {
            Principal customer = new Principal.CustomerPrincipal(customerId(names, who));
            return bank.runtime().payeeBook().list(customer, null).payees().stream()
                    .filter(payee -> payee.name().value().split("\\W+", 2)[0].toLowerCase(Locale.ROOT).equals(key))
                    .map(payee -> payee.id().value())
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(who + " has no payee named \"" + key + " …\""));
        }

        void checkFinal(List<String> failures) {
            Scenario.FinalExpect expect = scenario.expect();
            if (expect == null) {
                return;
            }
            if (expect.balances() != null) {
                expect.balances().forEach((account, balance) -> {
                    BigDecimal actual = bank.balance(new AccountNumber(account)).amount();
                    if (actual.compareTo(new BigDecimal(balance)) != 0) {
                        failures.add("balance of " + account + ": expected " + balance + ", was " + actual.toPlainString());
                    }
                });
            }
            if (expect.journalEntries() != null) {
                long posted = bank.queryLong("SELECT count(*) FROM journal_entry") - journalBefore;
                if (posted != expect.journalEntries()) {
                    failures.add("transactions posted during the chat: expected " + expect.journalEntries() + ", was " + posted);
                }
            }
            if (expect.pendingOperations() != null) {
                long pending = bank.queryLong("SELECT count(*) FROM pending_operation") - pendingBefore;
                if (pending != expect.pendingOperations()) {
                    failures.add("approval requests created: expected " + expect.pendingOperations() + ", was " + pending);
                }
            }
        }
    }

    // ---- scripted model replies ---------------------------------------------------------------------------

    private static FakeOpenAiServer.Scripted scripted(Scenario.ModelReply reply, String callId, Session session) {
        long delay = reply.delayMillis() == null ? 0 : reply.delayMillis();
        int status = reply.status() == null ? 200 : reply.status();
        boolean drop = Boolean.TRUE.equals(reply.dropConnection());
        return new FakeOpenAiServer.Scripted(delay, status, drop, index -> {
            if (reply.toolCalls() != null && !reply.toolCalls().isEmpty()) {
                List<String[]> calls = new ArrayList<>();
                for (Scenario.ToolCall call : reply.toolCalls()) {
                    String arguments = call.rawArguments() != null ? call.rawArguments()
                            : call.arguments() == null ? "{}" : call.arguments().toString();
                    Matcher last = LAST.matcher(arguments);
                    arguments = last.replaceAll(match -> Matcher.quoteReplacement(session.lastResultField(match.group(1))));
                    arguments = PAYEE.matcher(arguments).replaceAll(match ->
                            Matcher.quoteReplacement(session.payeeId(match.group(1), match.group(2))));
                    calls.add(new String[] {call.name(), arguments});
                }
                return FakeOpenAiServer.toolCallsBody(callId, calls);
            }
            return FakeOpenAiServer.textBody(Objects.requireNonNullElse(reply.text(), ""));
        });
    }

    // ---- expectations -------------------------------------------------------------------------------------

    private static void check(String label, Scenario.Turn turn, TurnResult result, List<JsonNode> requests, List<String> failures) {
        Scenario.TurnExpect expect = turn.expect() == null
                ? new Scenario.TurnExpect(null, null, null, null, null, null, null, null) : turn.expect();
        Reply reply = result.reply();
        boolean failedExpected = Boolean.TRUE.equals(expect.modelFailed());
        if (failedExpected != reply instanceof Reply.ModelFailed) {
            failures.add(label + (failedExpected ? "expected the model-unavailable message, got an answer: " + text(reply)
                    : "expected an answer, got: " + text(reply)));
        }
        checkTools(label, expect.tools() == null ? List.of() : expect.tools(), reply.tools(), failures);
        String text = text(reply);
        for (String wanted : nonNull(expect.textContains())) {
            if (!text.contains(wanted)) {
                failures.add(label + "the reply lacks \"" + wanted + "\": " + text);
            }
        }
        for (String unwanted : nonNull(expect.textLacks())) {
            if (text.contains(unwanted)) {
                failures.add(label + "the reply contains \"" + unwanted + "\": " + text);
            }
        }
        if (reply instanceof Reply.Answer answer) {
            List<String> unsupported = unsupportedAmounts(answer.text(), turn.user(), reply.tools());
            List<String> expectedUnsupported = nonNull(expect.unsupportedAmounts());
            if (!new TreeSet<>(unsupported).equals(new TreeSet<>(expectedUnsupported))) {
                failures.add(label + "amounts in the answer not found in this turn's tool results: " + unsupported
                        + (expectedUnsupported.isEmpty() ? "" : " (expected exactly " + expectedUnsupported + ")"));
            }
        }
        int answers = turn.terminal() == null ? 0 : turn.terminal().size();
        int expectedPrompts = expect.prompts() == null ? answers : expect.prompts();
        if (result.prompts().size() != expectedPrompts) {
            failures.add(label + "expected " + expectedPrompts + " confirmation prompts at the terminal, saw " + result.prompts().size());
        }
        if (result.unusedAnswers() > 0 && expect.prompts() == null) {
            failures.add(label + result.unusedAnswers() + " scripted terminal answers were never asked for");
        }
        String shown = String.join("\n", result.shown());
        for (String wanted : nonNull(expect.promptsContain())) {
            if (!shown.contains(wanted)) {
                failures.add(label + "the terminal prompt lacks \"" + wanted + "\"; it showed:\n" + shown);
            }
        }
        for (Scenario.RequestExpect wanted : nonNull(expect.requests())) {
            if (wanted.index() >= requests.size()) {
                failures.add(label + "expected a model request #" + wanted.index() + ", there were " + requests.size());
                continue;
            }
            checkRequest(label + "model request #" + wanted.index() + ": ", wanted, requests.get(wanted.index()), failures);
        }
    }

    private static void checkTools(String label, List<Scenario.ToolExpect> expected, List<ToolRun> actual, List<String> failures) {
        if (expected.size() != actual.size()) {
            failures.add(label + "expected tool calls " + expected.stream().map(Scenario.ToolExpect::name).toList()
                    + ", ran " + actual.stream().map(ToolRun::name).toList());
            return;
        }
        for (int i = 0; i < expected.size(); i++) {
            Scenario.ToolExpect want = expected.get(i);
            ToolRun run = actual.get(i);
            String where = label + "tool call " + (i + 1) + " (" + run.name() + "): ";
            if (!want.name().equals(run.name())) {
                failures.add(where + "expected " + want.name());
            }
            if (want.error() != null && want.error() != run.isError()) {
                failures.add(where + (want.error() ? "expected an error, got: " : "expected success, got: ") + run.text());
            }
            if (want.resultContains() != null && !run.text().contains(want.resultContains())) {
                failures.add(where + "result lacks \"" + want.resultContains() + "\": " + run.text());
            }
            if (want.resultEquals() != null && !run.text().equals(want.resultEquals())) {
                failures.add(where + "result is not \"" + want.resultEquals() + "\": " + run.text());
            }
            if (want.arguments() != null) {
                JsonNode arguments;
                try {
                    arguments = JSON.readTree(run.arguments());
                } catch (IOException e) {
                    failures.add(where + "arguments are not JSON: " + run.arguments());
                    continue;
                }
                want.arguments().forEach((name, value) -> {
                    JsonNode actualValue = arguments.path(name);
                    String expectedText = String.valueOf(value);
                    if (actualValue.isMissingNode() || !actualValue.asText().equals(expectedText)) {
                        failures.add(where + "argument " + name + " expected " + expectedText + ", was " + actualValue);
                    }
                });
            }
        }
    }

    private static void checkRequest(String label, Scenario.RequestExpect want, JsonNode request, List<String> failures) {
        List<String> tools = FakeOpenAiServer.messageTexts(request, "tool");
        List<String> all = FakeOpenAiServer.messageTexts(request, null);
        List<String> system = FakeOpenAiServer.messageTexts(request, "system");
        List<String> offered = FakeOpenAiServer.offeredTools(request);
        for (String wanted : nonNull(want.toolResultContains())) {
            if (tools.stream().noneMatch(text -> text.contains(wanted))) {
                failures.add(label + "no tool result carries \"" + wanted + "\"; tool messages: " + tools);
            }
        }
        for (String wanted : nonNull(want.messagesContain())) {
            if (all.stream().noneMatch(text -> text.contains(wanted))) {
                failures.add(label + "no message carries \"" + wanted + "\"; messages: " + all);
            }
        }
        for (String unwanted : nonNull(want.messagesLack())) {
            if (all.stream().anyMatch(text -> text.contains(unwanted))) {
                failures.add(label + "a message carries \"" + unwanted + "\"");
            }
        }
        for (String wanted : nonNull(want.systemContains())) {
            if (system.stream().noneMatch(text -> text.contains(wanted))) {
                failures.add(label + "the system message lacks \"" + wanted + "\"");
            }
        }
        for (String name : nonNull(want.toolsOffered())) {
            if (!offered.contains(name)) {
                failures.add(label + "tool " + name + " was not offered; offered: " + offered);
            }
        }
        for (String name : nonNull(want.toolsNotOffered())) {
            if (offered.contains(name)) {
                failures.add(label + "tool " + name + " was offered");
            }
        }
    }

    /**
     * Money amounts in the answer that no tool result of the turn (nor the user's own message) contains: the
     * generic "never invent a number" check. Amounts are numbers with two decimals, thousands separators allowed.
     */
    static List<String> unsupportedAmounts(String answer, String userText, List<ToolRun> runs) {
        Set<BigDecimal> known = new java.util.HashSet<>();
        List<String> sources = new ArrayList<>();
        sources.add(userText);
        runs.forEach(run -> sources.add(run.text()));
        for (String source : sources) {
            Matcher number = NUMBER.matcher(source.replace(",", ""));
            while (number.find()) {
                known.add(new BigDecimal(number.group()).stripTrailingZeros());
            }
        }
        List<String> unsupported = new ArrayList<>();
        Matcher amount = AMOUNT_IN_TEXT.matcher(answer);
        while (amount.find()) {
            BigDecimal value = new BigDecimal(amount.group(1).replace(",", "") + "." + amount.group(2)).stripTrailingZeros();
            if (!known.contains(value)) {
                unsupported.add(amount.group());
            }
        }
        return unsupported;
    }

    // ---- demo data and placeholders -----------------------------------------------------------------------

    /**
     * {@code ada.id}, {@code ada.checking}, {@code ada.savings}, {@code ada.application} (her newest loan application),
     * {@code ada.loan} (her newest loan, if any), the same for grace, and a valid number nobody owns.
     */
    static Map<String, String> demoNames(BankRuntime runtime) {
        Map<String, String> names = new LinkedHashMap<>();
        long ada = new DemoData(runtime).firstCustomer().orElseThrow();
        Customer grace = runtime.customers().list(10, 0).stream()
                .filter(customer -> customer.email() != null && customer.email().startsWith("grace."))
                .findFirst().orElseThrow();
        for (Map.Entry<String, Long> who : Map.of("ada", ada, "grace", grace.id()).entrySet()) {
            names.put(who.getKey() + ".id", Long.toString(who.getValue()));
            for (Account account : runtime.accounts().ofCustomer(who.getValue())) {
                names.put(who.getKey() + "." + account.kind().name().toLowerCase(Locale.ROOT), account.rawNumber());
            }
            runtime.loanApplications().list(new Principal.Staff(Role.TELLER, "scenarios"), who.getValue()).applications().stream()
                    .findFirst().ifPresent(newest -> names.put(who.getKey() + ".application", newest.id().value()));
            runtime.loanBook().list(new Principal.Staff(Role.TELLER, "scenarios"), who.getValue()).loans().stream()
                    .findFirst().ifPresent(newest -> names.put(who.getKey() + ".loan", newest.id().value()));
        }
        names.put("nonexistent", AccountNumber.fromSerial(99_999_999L).value());
        return names;
    }

    private static String resolve(String text, Map<String, String> names, Path file) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        return matcher.replaceAll(match -> {
            if (match.group(1).startsWith("last.") || PAYEE.matcher(match.group()).matches()) {
                return Matcher.quoteReplacement(match.group()); // resolved when the model request arrives
            }
            String value = names.get(match.group(1));
            if (value == null) {
                throw new IllegalArgumentException(file.getFileName() + ": unknown placeholder {{" + match.group(1) + "}}; known: " + names.keySet());
            }
            return Matcher.quoteReplacement(value);
        });
    }

    private static void setup(BankRuntime runtime, Map<String, String> names, Scenario.Setup step) {
        switch (step.kind()) {
            case "deposit", "withdraw", "transfer" -> ledgerSetup(runtime, step);
            case "credit_profile" -> runtime.sandboxProvider().orElseThrow().setCreditProfile(customerId(names, step.customer()),
                    Objects.requireNonNull(step.score(), "credit_profile needs a score"),
                    step.delinquencies() == null ? 0 : step.delinquencies());
            case "submitted_loan" -> submittedLoan(runtime, names, step);
            case "payee" -> payee(runtime, names, step);
            case "provider_fault" -> providerFault(runtime.sandboxProvider().orElseThrow(), step);
            case "provider_behaves" -> runtime.sandboxProvider().orElseThrow().behave();
            default -> throw new IllegalArgumentException("setup kind must be deposit, withdraw, transfer, credit_profile,"
                    + " submitted_loan, payee, provider_fault or provider_behaves, got " + step.kind());
        }
    }

    /** Adds a payee as its customer would, confirmed by that customer. */
    private static void payee(BankRuntime runtime, Map<String, String> names, Scenario.Setup step) {
        Principal customer = new Principal.CustomerPrincipal(customerId(names, step.customer()));
        HumanConfirmation confirms = request -> new HumanConfirmation.Answer.Approved(customer.actor().id(), "scenario-setup");
        var outcome = runtime.payeeBook().add(customer, null, Objects.requireNonNull(step.name(), "payee needs a name"),
                Objects.requireNonNull(step.account(), "payee needs an account"), new IdempotencyKey(UUID.randomUUID().toString()), confirms);
        if (!(outcome instanceof PayeeBook.AddOutcome.Added)) {
            throw new IllegalStateException("setup payee: " + step.name() + " was not added: " + outcome);
        }
    }

    private static void providerFault(SandboxProvider sandbox, Scenario.Setup step) {
        Endpoint endpoint = Endpoint.valueOf(Objects.requireNonNullElse(step.endpoint(), "payment").toUpperCase(Locale.ROOT));
        if (step.failure() != null) {
            sandbox.failNext(endpoint, step.count() == null ? 1 : step.count(), Failure.valueOf(step.failure().toUpperCase(Locale.ROOT)));
        }
        if (step.latencyMs() != null) {
            sandbox.latency(endpoint, Duration.ofMillis(step.latencyMs()));
        }
        if (step.settleAfterMs() != null) {
            sandbox.paymentSettlementDelay(Duration.ofMillis(step.settleAfterMs()));
        }
    }

    private static void runJob(BankRuntime runtime, String job) {
        if (!ProviderDispatch.JOB.equals(job)) {
            throw new IllegalArgumentException("runJobs knows only " + ProviderDispatch.JOB + ", got " + job);
        }
        runtime.paymentDispatch().dispatchDue();
    }

    private static void ledgerSetup(BankRuntime runtime, Scenario.Setup step) {
        var actor = TestBank.TELLER;
        var key = new IdempotencyKey(UUID.randomUUID().toString());
        BigDecimal amount = new BigDecimal(step.amount());
        AccountNumber account = new AccountNumber(step.account());
        LedgerOutcome outcome = switch (step.kind()) {
            case "deposit" -> runtime.ledger().post(actor, new Commands.Deposit(account, amount, Optional.empty(), step.reference(), key));
            case "withdraw" -> runtime.ledger().post(actor, new Commands.Withdrawal(account, amount, Optional.empty(), step.reference(), key));
            case "transfer" -> runtime.ledger().post(actor, new Commands.Transfer(account, new AccountNumber(step.to()), amount,
                    Optional.empty(), step.reference(), key));
            default -> throw new IllegalArgumentException("not a ledger setup: " + step.kind());
        };
        TestBank.posted(outcome);
    }

    /** Completes the customer's newest application with the step's fields and submits it with the customer's consent. */
    private static void submittedLoan(BankRuntime runtime, Map<String, String> names, Scenario.Setup step) {
        Principal customer = new Principal.CustomerPrincipal(customerId(names, step.customer()));
        String application = Objects.requireNonNull(names.get(step.customer() + ".application"),
                () -> step.customer() + " has no loan application to submit");
        FieldChanges changes = FieldChanges.none()
                .withAmount(step.amount() == null ? null : new BigDecimal(step.amount()))
                .withMonthlyNetIncome(step.monthlyNetIncome() == null ? null : new BigDecimal(step.monthlyNetIncome()))
                .withMonthlyHousingCost(step.monthlyHousingCost() == null ? null : new BigDecimal(step.monthlyHousingCost()))
                .withMonthlyDebtPayments(step.monthlyDebtPayments() == null ? null : new BigDecimal(step.monthlyDebtPayments()))
                .withEmploymentStatus(step.employmentStatus())
                .withMonthsEmployed(step.monthsEmployed());
        runtime.loanApplications().update(customer, application, changes);
        HumanConfirmation consents = request -> new HumanConfirmation.Answer.Approved(customer.actor().id(), "scenario-setup");
        var outcome = runtime.loanApplications().submit(customer, application, new IdempotencyKey(UUID.randomUUID().toString()), consents);
        String status = outcome.application().status().wireName();
        if (step.status() != null && !step.status().equals(status)) {
            throw new IllegalStateException("setup submitted_loan: " + application + " is " + status + ", not " + step.status()
                    + ": " + outcome);
        }
    }

    private static long customerId(Map<String, String> names, String who) {
        String id = names.get(who + ".id");
        if (id == null) {
            throw new IllegalArgumentException("unknown demo customer \"" + who + "\"; known: ada, grace");
        }
        return Long.parseLong(id);
    }

    private static String text(Reply reply) {
        return switch (reply) {
            case Reply.Answer answer -> answer.text();
            case Reply.ModelFailed failed -> failed.message();
        };
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** The human at the terminal, answering from the scenario's script. */
    static final class ScriptedPrompter implements Prompter {
        private final Deque<Optional<String>> answers = new ArrayDeque<>();
        private final List<String> shown = new ArrayList<>();
        private final List<String> prompts = new ArrayList<>();
        private int unanswered;

        void load(List<String> script) {
            answers.clear();
            shown.clear();
            prompts.clear();
            unanswered = 0;
            if (script != null) {
                script.forEach(answer -> answers.add(Optional.ofNullable(answer)));
            }
        }

        @Override
        public void show(String text) {
            shown.add(text);
        }

        @Override
        public Optional<String> readLine(String prompt) {
            prompts.add(prompt);
            if (answers.isEmpty()) {
                unanswered++;
                return Optional.empty();
            }
            return answers.pollFirst();
        }

        List<String> shown() {
            return List.copyOf(shown);
        }

        List<String> prompts() {
            return List.copyOf(prompts);
        }

        int unanswered() {
            return unanswered;
        }

        int unused() {
            return answers.size();
        }
    }


    /**
     * The scenario bank's clock: the real time, moved forward by whole days when a turn says so. It keeps ticking,
     * as the system clock the scenarios ran on before did, so timestamps within a turn still follow each other.
     */
    static final class ShiftableClock extends Clock {
        private final AtomicReference<Duration> shift = new AtomicReference<>(Duration.ZERO);

        void advance(Duration duration) {
            shift.updateAndGet(current -> current.plus(duration));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            if (!ZoneOffset.UTC.equals(zone)) {
                throw new UnsupportedOperationException("the scenario clock is UTC only");
            }
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(shift.get());
        }
    }
}
