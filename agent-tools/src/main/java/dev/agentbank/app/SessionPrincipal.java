package dev.agentbank.app;

import dev.agentbank.app.BankRuntime;
import dev.agentbank.app.demo.DemoData;
import dev.agentbank.config.ConfigException;
import dev.agentbank.config.Secret;
import dev.agentbank.identity.Principal;
import java.util.Optional;

/**
 * Who a single-user session (MCP over stdio, the chat program) acts as: BANK_TOKEN's principal, or with demo data
 * on, the first demo customer. Demo data is seeded first into an empty embedded database.
 */
public final class SessionPrincipal {
    private SessionPrincipal() {}

    public static Principal resolve(BankRuntime runtime, Optional<Secret> token, boolean demoData, boolean embedded) {
        DemoData demo = new DemoData(runtime);
        if (demoData && embedded) {
            demo.seedIfEmpty();
        }
        if (token.isPresent()) {
            return runtime.tokens().authenticate(token.get().value()).orElseThrow(() -> new ConfigException(
                    "BANK_TOKEN is not a live token (unknown, revoked or expired); create one with ./bank tokens create"));
        }
        if (!demoData) {
            throw new ConfigException("set BANK_TOKEN to a token from ./bank tokens create (demo data is off, so there is no demo customer)");
        }
        return demo.firstCustomer().<Principal>map(Principal.CustomerPrincipal::new)
                .orElseThrow(() -> new ConfigException("set BANK_TOKEN to a token from ./bank tokens create "
                        + "(this database has no demo customer; demo data is seeded only into an empty embedded database)"));
    }
}
