package dev.agentbank.chat;

import dev.agentbank.app.BankRuntime;
import dev.agentbank.app.SessionPrincipal;
import dev.agentbank.app.cli.BankCli;
import dev.agentbank.config.BankConfig;
import dev.agentbank.config.ConfigException;
import dev.agentbank.config.LlmConfig;
import dev.agentbank.config.Secret;
import dev.agentbank.config.Settings;
import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.Principal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code ./bank chat}: talk to the banking assistant as the principal of BANK_TOKEN (or, on the embedded demo
 * database, as the first demo customer). Answers go to stdout, tool activity and diagnostics to stderr.
 */
@Command(name = "chat", mixinStandardHelpOptions = true, version = "agentbank chat 0.1.0",
        description = "Chat with the banking assistant over any OpenAI-compatible model (BANK_LLM_BASE_URL, BANK_LLM_MODEL, BANK_LLM_API_KEY).")
public final class ChatCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ChatCommand.class);
    static final String CLIENT = "agentbank-chat 0.1.0";

    @Option(names = "--once", paramLabel = "QUESTION", description = "Answer this one question, print the answer and exit.")
    String once;

    @Option(names = "--conversation", paramLabel = "ID", description = "Resume an earlier conversation of yours.")
    String conversation;

    private final Map<String, String> env;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    ChatCommand(Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        this.env = env;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        quietLibraryRetries(System.getenv("BANK_LOG_LEVEL"));
        System.exit(run(System.getenv(), System.in, System.out, System.err, args));
    }

    static int run(Map<String, String> env, InputStream in, PrintStream out, PrintStream err, String... args) {
        CommandLine commandLine = new CommandLine(new ChatCommand(env, in, out, err));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException) {
                err.println("bank chat: " + e.getMessage());
                return 2;
            }
            log.debug("chat failed", e);
            err.println("bank chat: " + BankCli.describe(e) + " (set BANK_LOG_LEVEL=DEBUG for details)");
            return 1;
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() throws IOException {
        Settings settings = Settings.fromEnvironment(env);
        BankConfig bankConfig = BankConfig.from(settings);
        LlmConfig llm = LlmConfig.from(settings);
        Optional<ConversationId> resume = conversation == null ? Optional.empty() : Optional.of(ConversationId.parse(conversation)
                .orElseThrow(() -> new ConfigException("--conversation must be an id printed by an earlier chat, e.g. c-3f9a1b2c4d5e6f70")));
        if (once != null && once.isBlank()) {
            throw new ConfigException("--once needs a question, e.g. --once \"What's my balance?\"");
        }
        try (BankRuntime runtime = BankRuntime.open(bankConfig, "agentbank-chat").runBackgroundJobs()) {
            Principal principal = SessionPrincipal.resolve(runtime, settings.optional("BANK_TOKEN").map(Secret::new),
                    settings.bool("BANK_DEMO", true), bankConfig.database().embedded());
            Conversations conversations = new Conversations(runtime.database().dataSource(), runtime.clock());
            Conversations.Opening opening = resume.isPresent()
                    ? conversations.resume(principal, resume.get()) : conversations.start(principal);
            if (opening instanceof Conversations.Opening.Refused refused) {
                err.println("bank chat: " + refused.message());
                return 2;
            }
            Conversations.Opening.Opened opened = (Conversations.Opening.Opened) opening;
            String resumeHint = "conversation " + opened.id() + (opened.resumed() ? " (resumed, " + opened.messages() + " messages)" : "")
                    + "; resume it with: ./bank chat --conversation " + opened.id();
            if (once != null) {
                // No terminal handling: stdout carries only the answer; prompts and tool activity go to stderr.
                PrintWriter activity = new PrintWriter(err, true);
                Prompter prompter = new StreamPrompter(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), err);
                ChatAssistant assistant = assistant(runtime, llm, principal, opened, conversations, prompter, activity);
                err.println(resumeHint);
                return answerOnce(assistant, once);
            }
            try (Terminal terminal = terminal()) {
                ChatAssistant assistant = assistant(runtime, llm, principal, opened, conversations, new JLinePrompter(terminal),
                        terminal.writer());
                return repl(assistant, terminal, bankConfig.home(), principal, resumeHint);
            }
        }
    }

    private static ChatAssistant assistant(BankRuntime runtime, LlmConfig llm, Principal principal, Conversations.Opening.Opened opened,
                                           Conversations conversations, Prompter prompter, PrintWriter activity) {
        return ChatAssistant.builder()
                .model(ChatModels.openAiCompatible(llm))
                .endpoint(llm.baseUrlText(), llm.timeout())
                .tools(runtime.toolBox(), principal, new CallContext("chat", CLIENT, opened.id().value(),
                        new TerminalConfirmation(prompter, principal.encoded())))
                .memory(conversations.storeFor(principal), opened.id())
                .listener(new ToolListener() {
                    @Override
                    public void starting(String name) {
                        activity.println("· " + name);
                        activity.flush();
                    }
                })
                .clock(runtime.clock())
                .build();
    }

    private int answerOnce(ChatAssistant assistant, String question) {
        return switch (assistant.ask(question)) {
            case Reply.Answer answer -> {
                out.println(answer.text());
                out.flush();
                yield 0;
            }
            case Reply.ModelFailed failed -> {
                err.println("bank chat: " + failed.message());
                yield 1;
            }
        };
    }

    private int repl(ChatAssistant assistant, Terminal terminal, Path home, Principal principal, String resumeHint) throws IOException {
        Files.createDirectories(home);
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("agentbank-chat")
                .variable(LineReader.HISTORY_FILE, home.resolve("chat_history"))
                .build();
        PrintWriter screen = terminal.writer();
        screen.println("agentbank chat as " + principal.encoded() + "; " + resumeHint);
        screen.println("Ask about your accounts, e.g. \"What's my balance?\". Type /exit or press Ctrl-D to leave.");
        screen.flush();
        while (true) {
            String line;
            try {
                line = reader.readLine("you> ");
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            String text = line.strip();
            if (text.isEmpty()) {
                continue;
            }
            if (text.equals("/exit") || text.equals("/quit")) {
                break;
            }
            switch (assistant.ask(text)) {
                case Reply.Answer answer -> screen.println("bank> " + answer.text());
                case Reply.ModelFailed failed -> screen.println("bank: " + failed.message());
            }
            screen.flush();
        }
        reader.getHistory().save();
        screen.println("Bye. " + resumeHint);
        screen.flush();
        return 0;
    }

    private Terminal terminal() throws IOException {
        if (in == System.in && out == System.out) {
            return TerminalBuilder.builder().system(true).dumb(true).build();
        }
        return new DumbTerminal(in, out); // given streams (tests, embedding): plain lines, no pty
    }

    /**
     * LangChain4j logs each retried model call as a WARN with a stack trace; the user gets one line from us instead.
     * BANK_LOG_LEVEL=DEBUG brings them back.
     */
    static void quietLibraryRetries(String logLevel) {
        if (logLevel != null && logLevel.equalsIgnoreCase("DEBUG")) {
            return;
        }
        if (LoggerFactory.getLogger("dev.langchain4j") instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }

}
