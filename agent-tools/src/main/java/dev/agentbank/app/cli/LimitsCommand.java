package dev.agentbank.app.cli;

import dev.agentbank.app.BankRuntime;
import dev.agentbank.approvals.model.SpendingPolicy;
import dev.agentbank.config.BankConfig;
import dev.agentbank.config.ConfigException;
import dev.agentbank.identity.Principal;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./bank limits show|set}: spending policy per principal. */
@Command(name = "limits", mixinStandardHelpOptions = true, description = "Show or set spending limits per principal.",
        subcommands = {LimitsCommand.Show.class, LimitsCommand.Set.class})
final class LimitsCommand {

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the defaults and every override.")
    static final class Show implements Callable<Integer> {
        @Override
        public Integer call() {
            try (BankRuntime runtime = BankRuntime.open(BankConfig.fromEnvironment(), "agentbank-limits")) {
                var defaults = runtime.spendingPolicies().defaults();
                System.out.printf("%-24s %-12s %-16s %s%n", "PRINCIPAL", "THRESHOLD", "PER TRANSACTION", "DAILY OUTFLOW");
                System.out.printf("%-24s %-12s %-16s %s%n", "(default)", defaults.threshold().toPlainString(),
                        defaults.perTransactionMax().toPlainString(), defaults.dailyOutflowLimit().toPlainString());
                runtime.spendingPolicies().overrides().forEach((principal, policy) -> print(principal, policy));
                return 0;
            }
        }

        private static void print(String principal, SpendingPolicy policy) {
            System.out.printf("%-24s %-12s %-16s %s%n", principal, policy.threshold().stripTrailingZeros().toPlainString(),
                    policy.perTransactionMax().stripTrailingZeros().toPlainString(),
                    policy.dailyOutflowLimit().stripTrailingZeros().toPlainString());
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Override limits for one principal.")
    static final class Set implements Callable<Integer> {
        @Option(names = "--principal", required = true, description = "customer:ID, teller:NAME or analyst:NAME.")
        String principal;

        @Option(names = "--threshold", description = "Above this amount a human must confirm.")
        BigDecimal threshold;

        @Option(names = "--max", description = "Largest single movement.")
        BigDecimal max;

        @Option(names = "--daily", description = "Money that may leave accounts per UTC day.")
        BigDecimal daily;

        @Override
        public Integer call() {
            Principal subject;
            try {
                subject = Principal.parse(principal);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--principal: " + e.getMessage());
            }
            if (threshold == null && max == null && daily == null) {
                throw new ConfigException("give at least one of --threshold, --max, --daily");
            }
            try (BankRuntime runtime = BankRuntime.open(BankConfig.fromEnvironment(), "agentbank-limits")) {
                SpendingPolicy policy = runtime.spendingPolicies().set(subject, Optional.ofNullable(threshold),
                        Optional.ofNullable(max), Optional.ofNullable(daily));
                System.out.println(subject.encoded() + ": threshold " + policy.threshold().stripTrailingZeros().toPlainString()
                        + ", per transaction " + policy.perTransactionMax().stripTrailingZeros().toPlainString()
                        + ", daily outflow " + policy.dailyOutflowLimit().stripTrailingZeros().toPlainString());
                return 0;
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
        }
    }
}
