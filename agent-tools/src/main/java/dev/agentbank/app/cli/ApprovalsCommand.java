package dev.agentbank.app.cli;

import dev.agentbank.app.BankRuntime;
import dev.agentbank.approvals.application.Approvals;
import dev.agentbank.approvals.model.PendingConfirmation;
import dev.agentbank.approvals.model.PendingOperation;
import dev.agentbank.config.BankConfig;
import dev.agentbank.shared.text.PlainText;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./bank approvals list|approve|reject}: the human side of money movements above the threshold, and of other
 * requests a session could not ask its human about (consent to a credit check). It runs at a terminal, outside any
 * model's reach, and works beside a running MCP server on the same BANK_HOME.
 */
@Command(name = "approvals", mixinStandardHelpOptions = true, description = "Approve or reject money movements and other requests waiting for a human.",
        subcommands = {ApprovalsCommand.ListPending.class, ApprovalsCommand.Approve.class, ApprovalsCommand.Reject.class})
final class ApprovalsCommand {
    static final String CHANNEL = "cli";

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List approval requests (open ones unless --all).")
    static final class ListPending implements Callable<Integer> {
        @Option(names = "--all", description = "Include decided and expired requests.")
        boolean all;

        @Override
        public Integer call() {
            try (BankRuntime runtime = BankRuntime.open(BankConfig.fromEnvironment(), "agentbank-approvals")) {
                Instant now = runtime.clock().instant();
                var operations = runtime.pendingOperations().all(!all, 200);
                var confirmations = runtime.pendingConfirmations().all(!all, 200);
                if (operations.isEmpty() && confirmations.isEmpty()) {
                    System.out.println(all ? "no approval requests" : "nothing waiting for approval");
                    return 0;
                }
                System.out.printf("%-13s %-9s %-16s %-52s %-22s %s%n", "ID", "STATE", "REQUESTED BY", "WHAT", "REFERENCE", "EXPIRES");
                for (PendingOperation operation : operations) {
                    System.out.printf("%-13s %-9s %-16s %-52s %-22s %s%n", operation.id(), operation.statusAt(now),
                            operation.principal(), operation.summary(), quoted(operation.reference()), operation.expiresAt());
                }
                for (PendingConfirmation confirmation : confirmations) {
                    System.out.printf("%-13s %-9s %-16s %-52s %-22s %s%n", confirmation.id(), confirmation.stateAt(now),
                            confirmation.principal(), PlainText.clip(confirmation.subject(), 52), "", confirmation.expiresAt());
                    // what the human is asked to agree to, in full: the customer's own words are quoted inside it
                    confirmation.description().lines().forEach(line -> System.out.println("    | " + PlainText.clip(line, 160)));
                }
                return 0;
            }
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve a request; it posts exactly once.")
    static final class Approve implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "Request id, e.g. APR-7KQ2M9XD.")
        String id;

        @Override
        public Integer call() {
            try (BankRuntime runtime = BankRuntime.open(BankConfig.fromEnvironment(), "agentbank-approvals")) {
                Approvals.Decision decision = runtime.approvals().approve(id, TokensCommand.operator(), CHANNEL);
                (decision.done() ? System.out : System.err).println(decision.message());
                return decision.done() ? 0 : 1;
            }
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject a request; it never posts.")
    static final class Reject implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "Request id, e.g. APR-7KQ2M9XD.")
        String id;

        @Override
        public Integer call() {
            try (BankRuntime runtime = BankRuntime.open(BankConfig.fromEnvironment(), "agentbank-approvals")) {
                Approvals.Decision decision = runtime.approvals().reject(id, TokensCommand.operator(), CHANNEL);
                (decision.done() ? System.out : System.err).println(decision.message());
                return decision.done() ? 0 : 1;
            }
        }
    }

    /** References are the model's or a stranger's text: shown quoted, without control characters, cut short. */
    static String quoted(String reference) {
        return "\"" + PlainText.clip(reference, 18) + "\"";
    }
}
