package dev.agentbank.app.cli;

import dev.agentbank.app.BankRuntime;
import dev.agentbank.app.bench.LedgerBench;
import dev.agentbank.app.cluster.ChaosCommand;
import dev.agentbank.app.cluster.ClusterCommand;
import dev.agentbank.audit.AuditChain;
import dev.agentbank.config.BankConfig;
import dev.agentbank.config.ConfigException;
import dev.agentbank.shared.jdbc.Database;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code ./bank <command>}: operator commands. Results go to stdout, diagnostics to stderr. */
@Command(name = "bank", mixinStandardHelpOptions = true, version = "agentbank 0.1.0",
        description = "agentbank: a banking tool server for AI agents.",
        subcommands = {BankCli.Bench.class, BankCli.Audit.class, BankCli.Db.class, TokensCommand.class, ApprovalsCommand.class,
                LimitsCommand.class, ProviderSandboxCommand.class, FraudCommand.class, ClusterCommand.class, ChaosCommand.class})
public final class BankCli {
    private static final Logger log = LoggerFactory.getLogger(BankCli.class);

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine commandLine = new CommandLine(new BankCli());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintStream err = cmd.getErr() == null ? System.err : new PrintStream(System.err, true);
            if (e instanceof ConfigException) {
                err.println("bank: " + e.getMessage());
                return 2;
            }
            log.debug("command failed", e);
            err.println("bank: " + describe(e) + " (set BANK_LOG_LEVEL=DEBUG for details)");
            return 1;
        });
        return commandLine.execute(args);
    }

    /** A one-line reason: the innermost message, never a stack trace. */
    public static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = "Measure ledger transfers against pgbench TPC-B on the same server, then check the invariants.")
    static final class Bench implements Callable<Integer> {
        @Option(names = "--clients", defaultValue = "8", description = "Concurrent clients for both loads (default ${DEFAULT-VALUE}).")
        int clients;

        @Option(names = "--seconds", defaultValue = "15", description = "Measured seconds per load (default ${DEFAULT-VALUE}).")
        int seconds;

        @Option(names = "--accounts", defaultValue = "1000", description = "Ledger accounts to transfer among (default ${DEFAULT-VALUE}).")
        int accounts;

        @Option(names = "--scale", defaultValue = "10", description = "pgbench scale factor (default ${DEFAULT-VALUE}).")
        int scale;

        @Option(names = "--skip-pgbench", description = "Run the ledger half only.")
        boolean skipPgbench;

        @Option(names = "--skip-fraud", description = "Run the ledger load without the fraud monitor beside it.")
        boolean skipFraud;

        @Override
        public Integer call() throws Exception {
            if (clients < 1 || seconds < 1 || accounts < 2 || scale < 1) {
                throw new ConfigException("--clients, --seconds and --scale must be at least 1, --accounts at least 2");
            }
            BankConfig config = BankConfig.fromEnvironment();
            try (Database database = Database.open(config.database(), "agentbank-bench-admin")) {
                boolean sound = new LedgerBench(config, database, System.out)
                        .run(new LedgerBench.Options(clients, seconds, accounts, scale, skipPgbench, skipFraud));
                return sound ? 0 : 1;
            }
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true, description = "Audit log commands.",
            subcommands = Audit.Verify.class)
    static final class Audit {
        @Command(name = "verify", mixinStandardHelpOptions = true,
                description = "Chain pending audit events, then check every link; report the first broken one.")
        static final class Verify implements Callable<Integer> {
            @Override
            public Integer call() {
                try (BankRuntime runtime = BankRuntime.open(BankConfig.fromEnvironment(), "agentbank-audit")) {
                    return switch (runtime.auditChain().verify()) {
                        case AuditChain.Verification.Intact intact -> {
                            System.out.printf("audit log intact: %d events verified%s%n", intact.verified(),
                                    intact.pending() > 0 ? ", " + intact.pending() + " still being written" : "");
                            yield 0;
                        }
                        case AuditChain.Verification.Broken broken -> {
                            System.out.printf("audit log BROKEN at link %d (event %d): %s%n",
                                    broken.position(), broken.eventId(), broken.problem());
                            yield 3;
                        }
                    };
                }
            }
        }
    }

    @Command(name = "db", mixinStandardHelpOptions = true, description = "The embedded PostgreSQL server under BANK_HOME.",
            subcommands = {Db.Status.class, Db.Stop.class})
    static final class Db {
        @Command(name = "status", description = "Show where the database is and whether the embedded server runs.")
        static final class Status implements Callable<Integer> {
            @Override
            public Integer call() {
                BankConfig config = BankConfig.fromEnvironment();
                if (!config.database().embedded()) {
                    System.out.println("database: external, " + config.database());
                    return 0;
                }
                var port = dev.agentbank.shared.jdbc.EmbeddedPostgresServer.portIfRunning(config.database().embeddedDataDirectory());
                System.out.println("database: embedded PostgreSQL 17, data in " + config.database().embeddedDataDirectory()
                        + (port.isPresent() ? ", running on 127.0.0.1:" + port.get() : ", not running"));
                return 0;
            }
        }

        @Command(name = "stop", description = "Stop the shared embedded server, ending every session on it.")
        static final class Stop implements Callable<Integer> {
            @Override
            public Integer call() {
                BankConfig config = BankConfig.fromEnvironment();
                if (!config.database().embedded()) {
                    System.out.println("database is external; nothing to stop");
                    return 0;
                }
                return switch (dev.agentbank.shared.jdbc.EmbeddedPostgresServer.stopIfRunning(config.database().embeddedDataDirectory())) {
                    case STOPPED -> {
                        System.out.println("embedded PostgreSQL stopped");
                        yield 0;
                    }
                    case NOT_RUNNING -> {
                        System.out.println("embedded PostgreSQL was not running");
                        yield 0;
                    }
                    case WATCHED -> {
                        // a running ./bank mcp or chat would only start it again at once
                        System.err.println("a running ./bank process (an MCP server or a chat) uses the embedded PostgreSQL and "
                                + "would start it again; stop that process first, and the server stops with the last one");
                        yield 1;
                    }
                };
            }
        }
    }
}
