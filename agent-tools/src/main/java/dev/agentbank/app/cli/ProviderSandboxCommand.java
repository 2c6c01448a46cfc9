package dev.agentbank.app.cli;

import dev.agentbank.config.BankConfig;
import dev.agentbank.config.ConfigException;
import dev.agentbank.config.Secret;
import dev.agentbank.sandbox.SandboxProvider;
import dev.agentbank.shared.jdbc.Database;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./bank provider-sandbox --port N}: the built-in sandbox provider as a standalone HTTP server, keeping its
 * state in the configured database. Runs until SIGTERM or Ctrl-C.
 */
@Command(name = "provider-sandbox", mixinStandardHelpOptions = true,
        description = {"Run the built-in sandbox retail-banking provider (docs/provider-openapi.yaml) until stopped.",
                "Its token is BANK_PROVIDER_TOKEN when set, else a fresh one printed at start.",
                "Inject failures with POST /sandbox/faults {\"failure\":\"unavailable\",\"count\":2,\"latency_ms\":0}"
                        + " (add \"endpoint\":\"credit_report\" for credit reports, \"endpoint\":\"payment\" for payments).",
                "Payments only: \"failure\":\"reject_account_closed\" or \"reject_name_mismatch\" rejects the next ones;"
                        + " {\"endpoint\":\"payment\",\"settle_after_ms\":5000} leaves new payments pending for that long.",
                "Pin a credit report with POST /sandbox/credit-profiles {\"customer_id\":42,\"score\":580,\"delinquencies\":2}"
                        + " or {\"customer_id\":42,\"no_file\":true}."})
final class ProviderSandboxCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8089", description = "Port to listen on; 0 picks a free one (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new ConfigException("--port must be from 0 to 65535");
        }
        BankConfig config = BankConfig.fromEnvironment();
        Secret token = config.provider().token().isEmpty() ? SandboxProvider.newToken() : config.provider().token();
        Database database = Database.open(config.database(), "agentbank-provider-sandbox");
        SandboxProvider sandbox;
        try {
            sandbox = SandboxProvider.start(database.dataSource(), host, port, token);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            database.close();
            stopped.countDown();
        }, "provider-sandbox-stop"));
        System.out.println("provider sandbox listening on " + sandbox.url());
        System.out.println("BANK_PROVIDER_URL=" + sandbox.url());
        System.out.println("BANK_PROVIDER_TOKEN=" + token.value());
        System.out.flush();
        System.err.println("bank: provider sandbox running; stop it with Ctrl-C or SIGTERM");
        stopped.await();
        return 0;
    }
}
