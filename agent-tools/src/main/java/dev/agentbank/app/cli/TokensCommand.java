package dev.agentbank.app.cli;

import dev.agentbank.app.BankRuntime;
import dev.agentbank.config.BankConfig;
import dev.agentbank.config.ConfigException;
import dev.agentbank.identity.Principal;
import dev.agentbank.identity.Role;
import dev.agentbank.identity.jdbc.Tokens;
import dev.agentbank.shared.Actor;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./bank tokens create|list|revoke}: bearer tokens for MCP clients and the chat assistant. */
@Command(name = "tokens", mixinStandardHelpOptions = true, description = "Create, list and revoke API tokens.",
        subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Revoke.class})
final class TokensCommand {

    /** Who ran the command, for the audit log: the operating-system user at this terminal. */
    static Actor operator() {
        String user = System.getProperty("user.name", "unknown").replaceAll("[^A-Za-z0-9._@-]", "_");
        return Actor.of("operator", user.isEmpty() ? "unknown" : user.length() > 100 ? user.substring(0, 100) : user);
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a token for a customer or a staff role and print it once.")
    static final class Create implements Callable<Integer> {
        static final class Subject {
            @Option(names = "--customer", description = "Customer id the token acts for.")
            Long customer;

            @Option(names = "--role", description = "Staff role: teller, analyst or officer.")
            String role;
        }

        @ArgGroup(multiplicity = "1")
        Subject subject;

        @Option(names = "--name", description = "Staff member's name, recorded as the actor (default: the role).")
        String name;

        @Option(names = "--expires", description = "Lifetime such as 30d, 12h or 90m, or an instant like 2027-01-31T00:00:00Z (default: never).")
        String expires;

        @Override
        public Integer call() {
            try (BankRuntime runtime = BankRuntime.open(BankConfig.fromEnvironment(), "agentbank-tokens")) {
                Principal principal = principal(runtime);
                Optional<Instant> expiry = expiry(runtime.clock().instant());
                Tokens.Issued issued = runtime.tokens().create(operator(), principal, expiry);
                System.err.println("token " + issued.id() + " for " + principal.encoded()
                        + expiry.map(at -> ", expires " + at).orElse(", never expires") + ". It is shown only once:");
                System.out.println(issued.token());
                return 0;
            }
        }

        private Principal principal(BankRuntime runtime) {
            if (subject.customer != null) {
                if (subject.customer <= 0 || runtime.customers().find(subject.customer).isEmpty()) {
                    throw new ConfigException("no customer " + subject.customer + "; list customers with an analyst or teller token");
                }
                return new Principal.CustomerPrincipal(subject.customer);
            }
            Role role = Role.parse(subject.role).orElseThrow(() -> new ConfigException("--role must be teller, analyst or officer"));
            String staffName = name == null ? role.label() : name.strip();
            try {
                return new Principal.Staff(role, staffName);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--name may use letters, digits and . _ @ - (at most 100)");
            }
        }

        private Optional<Instant> expiry(Instant now) {
            if (expires == null) {
                return Optional.empty();
            }
            String text = expires.strip().toLowerCase(Locale.ROOT);
            try {
                if (text.matches("\\d{1,6}[dhm]")) {
                    long amount = Long.parseLong(text.substring(0, text.length() - 1));
                    Duration lifetime = switch (text.charAt(text.length() - 1)) {
                        case 'd' -> Duration.ofDays(amount);
                        case 'h' -> Duration.ofHours(amount);
                        default -> Duration.ofMinutes(amount);
                    };
                    if (lifetime.isZero()) {
                        throw new ConfigException("--expires must be a positive lifetime");
                    }
                    return Optional.of(now.plus(lifetime));
                }
                Instant at = Instant.parse(expires.strip());
                if (!at.isAfter(now)) {
                    throw new ConfigException("--expires must be in the future");
                }
                return Optional.of(at);
            } catch (DateTimeParseException e) {
                throw new ConfigException("--expires must look like 30d, 12h, 90m or 2027-01-31T00:00:00Z");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never the tokens themselves).")
    static final class ListTokens implements Callable<Integer> {
        @Override
        public Integer call() {
            try (BankRuntime runtime = BankRuntime.open(BankConfig.fromEnvironment(), "agentbank-tokens")) {
                Instant now = runtime.clock().instant();
                System.out.printf("%-6s %-24s %-8s %-28s %s%n", "ID", "PRINCIPAL", "STATE", "CREATED", "EXPIRES");
                for (Tokens.TokenInfo token : runtime.tokens().list()) {
                    System.out.printf("%-6d %-24s %-8s %-28s %s%n", token.id(), token.principal(), token.state(now),
                            token.createdAt(), token.expiresAt().map(Instant::toString).orElse("never"));
                }
                return 0;
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token by id; it stops working at once.")
    static final class Revoke implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "Token id from `tokens list`.")
        long id;

        @Override
        public Integer call() {
            try (BankRuntime runtime = BankRuntime.open(BankConfig.fromEnvironment(), "agentbank-tokens")) {
                if (runtime.tokens().revoke(operator(), id)) {
                    System.out.println("token " + id + " revoked");
                    return 0;
                }
                System.err.println("bank: no live token " + id);
                return 1;
            }
        }
    }
}
