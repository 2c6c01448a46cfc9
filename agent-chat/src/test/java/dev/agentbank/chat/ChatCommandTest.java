package dev.agentbank.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.app.demo.DemoData;
import dev.agentbank.identity.Principal;
import dev.agentbank.shared.jdbc.Database;
import dev.agentbank.testing.TestBank;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./bank chat} end to end: the command's own wiring, over a real database and the fake model endpoint. */
class ChatCommandTest {
    private static TestBank bank;
    private static FakeOpenAiServer model;
    private static String adaToken;
    private static String graceToken;
    private static String adaChecking;

    @TempDir
    Path home;

    @BeforeAll
    static void start() throws IOException {
        bank = TestBank.create();
        new DemoData(bank.runtime()).seedIfEmpty();
        Map<String, String> names = ScenarioRunner.demoNames(bank.runtime());
        adaChecking = names.get("ada.checking");
        adaToken = bank.runtime().tokens().create(TestBank.TELLER,
                new Principal.CustomerPrincipal(Long.parseLong(names.get("ada.id"))), Optional.empty()).token();
        graceToken = bank.runtime().tokens().create(TestBank.TELLER,
                new Principal.CustomerPrincipal(Long.parseLong(names.get("grace.id"))), Optional.empty()).token();
        model = new FakeOpenAiServer();
    }

    @AfterAll
    static void stop() {
        model.close();
        bank.close();
    }

    private record Run(int exitCode, String out, String err) {}

    private Run chat(Map<String, String> extra, String... args) {
        Database.Target target = bank.runtime().database().target();
        Map<String, String> env = new HashMap<>(Map.of(
                "BANK_HOME", home.toString(),
                "BANK_DATABASE_URL", target.jdbcUrl(),
                "BANK_DATABASE_USER", target.user(),
                "BANK_DATABASE_POOL_SIZE", "3",
                "BANK_TOKEN", adaToken,
                "BANK_LLM_BASE_URL", model.baseUrl(),
                "BANK_LLM_MODEL", "scripted",
                "BANK_LLM_TIMEOUT_SECONDS", "10",
                "BANK_LLM_MAX_RETRIES", "0"));
        env.putAll(extra);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ChatCommand.run(env, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void script(String tool, String arguments, String answer) {
        model.enqueue(new FakeOpenAiServer.Scripted(0, 200, false, i -> FakeOpenAiServer.toolCallsBody("call_" + i,
                List.<String[]>of(new String[] {tool, arguments}))));
        model.enqueue(new FakeOpenAiServer.Scripted(0, 200, false, i -> FakeOpenAiServer.textBody(answer)));
    }

    @Test
    void onceAnswersOnStdoutShowsToolsOnStderrAndResumesTheConversation() {
        script("get_balance", "{\"account_number\":\"" + adaChecking + "\"}", "Your checking account holds 3175.81 EUR.");

        Run first = chat(Map.of(), "--once", "What's my balance?");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo("Your checking account holds 3175.81 EUR." + System.lineSeparator());
        assertThat(first.err()).contains("· get_balance").contains("./bank chat --conversation c-");
        Matcher id = Pattern.compile("--conversation (c-[0-9a-f]{16})").matcher(first.err());
        assertThat(id.find()).isTrue();

        int before = model.requests().size();
        script("get_balance", "{\"account_number\":\"" + adaChecking + "\"}", "Still 3175.81 EUR.");
        Run second = chat(Map.of(), "--conversation", id.group(1), "--once", "And now?");

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("Still 3175.81 EUR.");
        assertThat(FakeOpenAiServer.messageTexts(model.requests().get(before), "user"))
                .containsExactly("What's my balance?", "And now?");

        Run grace = chat(Map.of("BANK_TOKEN", graceToken), "--conversation", id.group(1), "--once", "What did Ada ask?");
        assertThat(grace.exitCode()).isEqualTo(2);
        assertThat(grace.err()).contains("No conversation " + id.group(1) + " of yours was found");
        assertThat(grace.out()).isEmpty();
    }

    @Test
    void anUnreachableModelGivesOneLineAndExitCodeOne() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        Run run = chat(Map.of("BANK_LLM_BASE_URL", "http://127.0.0.1:" + closedPort + "/v1"), "--once", "What's my balance?");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("bank chat: Could not reach the model at http://127.0.0.1:" + closedPort + "/v1. Your conversation is kept")
                .doesNotContain("Exception");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void configurationErrorsAreOneLineNamingTheVariable() {
        Run badToken = chat(Map.of("BANK_TOKEN", "not-a-token"), "--once", "hi");
        assertThat(badToken.exitCode()).isEqualTo(2);
        assertThat(badToken.err().strip()).startsWith("bank chat: BANK_TOKEN is not a live token").doesNotContain("\n");

        Run noKey = chat(Map.of("BANK_LLM_BASE_URL", "https://api.openai.com/v1"), "--once", "hi");
        assertThat(noKey.exitCode()).isEqualTo(2);
        assertThat(noKey.err().strip()).startsWith("bank chat: BANK_LLM_API_KEY must be set").contains("Ollama");

        Run badId = chat(Map.of(), "--conversation", "x;y", "--once", "hi");
        assertThat(badId.exitCode()).isEqualTo(2);
        assertThat(badId.err()).contains("--conversation must be");
    }

    @Test
    void theHistoryFileLivesUnderBankHome() {
        model.enqueue(new FakeOpenAiServer.Scripted(0, 200, false, i -> FakeOpenAiServer.textBody("Hello.")));
        ByteArrayInputStream typed = new ByteArrayInputStream("hello there\n/exit\n".getBytes(StandardCharsets.UTF_8));
        Database.Target target = bank.runtime().database().target();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = ChatCommand.run(Map.of("BANK_HOME", home.toString(), "BANK_DATABASE_URL", target.jdbcUrl(),
                        "BANK_DATABASE_USER", target.user(), "BANK_TOKEN", adaToken, "BANK_LLM_BASE_URL", model.baseUrl(),
                        "BANK_LLM_MAX_RETRIES", "0"),
                typed, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("bank> Hello.").contains("--conversation c-");
        assertThat(home.resolve("chat_history")).exists();
        assertThat(Files.exists(home.resolve("chat_history"))).isTrue();
    }
}
