package dev.agentbank.app;

import dev.agentbank.accounts.jdbc.Accounts;
import dev.agentbank.approvals.application.Approvals;
import dev.agentbank.approvals.application.ConfirmationGate;
import dev.agentbank.approvals.jdbc.PendingOperations;
import dev.agentbank.approvals.jdbc.SpendingPolicies;
import dev.agentbank.audit.AuditChain;
import dev.agentbank.audit.AuditLog;
import dev.agentbank.config.BankConfig;
import dev.agentbank.customers.jdbc.Customers;
import dev.agentbank.ledger.application.AccountHistory;
import dev.agentbank.ledger.application.Ledger;
import dev.agentbank.ledger.jdbc.LedgerInvariants;
import dev.agentbank.shared.money.AmountRules;
import dev.agentbank.shared.jdbc.Database;
import dev.agentbank.identity.jdbc.Tokens;
import dev.agentbank.config.ProviderConfig;
import dev.agentbank.config.Secret;
import dev.agentbank.onboarding.application.Onboarding;
import dev.agentbank.onboarding.http.ProviderClient;
import dev.agentbank.sandbox.SandboxProvider;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds each service once over one database. Front ends (CLI, MCP, chat)
 * take the services they need from here; nothing here holds business rules.
 */
public final class BankRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BankRuntime.class);

    private final Database database;
    private final Ledger ledger;
    private final AccountHistory history;
    private final Customers customers;
    private final Accounts accounts;
    private final AuditChain auditChain;
    private final AmountRules amountRules;
    private final AuditLog auditLog;
    private final Tokens tokens;
    private final Clock clock;
    private final SpendingPolicies spendingPolicies;
    private final PendingOperations pendingOperations;
    private final ConfirmationGate confirmationGate;
    private final Approvals approvals;
    private final ScheduledExecutorService sealer;
    private final ScheduledExecutorService reconciler;
    private final ProviderConfig providerConfig;
    // Started on first use: most processes (and most tests) never open an account.
    private SandboxProvider sandbox;
    private ProviderClient providerClient;
    private Onboarding onboarding;
    private boolean closed;

    public BankRuntime(Database database, BankConfig config, Clock clock) {
        this.database = database;
        this.clock = clock;
        AuditLog audit = new AuditLog(clock);
        this.auditLog = audit;
        this.tokens = new Tokens(database.dataSource(), audit, clock);
        this.providerConfig = config.provider();
        this.amountRules = new AmountRules(config.ledger().maxAmount());
        this.ledger = new Ledger(database.sessionFactory(), database.dataSource(), amountRules, clock);
        this.history = new AccountHistory(database.sessionFactory());
        this.customers = new Customers(database.sessionFactory(), audit, clock);
        this.accounts = new Accounts(database.sessionFactory(), database.dataSource(), audit, clock);
        this.auditChain = new AuditChain(database.dataSource());
        this.spendingPolicies = new SpendingPolicies(database.dataSource(), config.approvals(), clock);
        this.pendingOperations = new PendingOperations(database.dataSource(), audit, clock);
        this.confirmationGate = new ConfirmationGate(ledger, spendingPolicies, pendingOperations,
                config.approvals().pendingLifetime(), clock);
        this.approvals = new Approvals(pendingOperations, confirmationGate, spendingPolicies, clock);
        this.sealer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "audit-sealer");
            thread.setDaemon(true);
            return thread;
        });
        this.reconciler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "opening-reconciler");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The runtime of a process. Long-running ones (the MCP server, the chat) add the background work they own:
     * {@link #sealAuditLogEvery} and {@link #reconcileOpeningsEvery}; one-shot commands add none.
     */
    public static BankRuntime open(BankConfig config, String applicationName) {
        return new BankRuntime(Database.open(config.database(), applicationName), config, Clock.systemUTC());
    }

    /**
     * Finishes account openings the provider has not confirmed yet: once now, then every {@code interval}.
     * A pass costs one query when nothing is pending; the provider is contacted only when something is.
     */
    public BankRuntime reconcileOpeningsEvery(Duration interval) {
        reconciler.scheduleWithFixedDelay(() -> {
            try {
                if (Onboarding.countPending(database.dataSource()) > 0) {
                    onboarding().reconcile();
                }
            } catch (RuntimeException e) {
                log.warn("account opening reconciliation failed, will retry: {}", e.getClass().getSimpleName());
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Opens accounts at the retail-banking provider. With no BANK_PROVIDER_URL, the first call starts the built-in
     * sandbox provider on a free 127.0.0.1 port; either way the provider is reached over HTTP.
     */
    public synchronized Onboarding onboarding() {
        if (closed) {
            throw new IllegalStateException("the bank runtime is closed");
        }
        if (onboarding == null) {
            URI url;
            Secret token;
            if (providerConfig.embedded()) {
                token = providerConfig.token().isEmpty() ? SandboxProvider.newToken() : providerConfig.token();
                sandbox = SandboxProvider.start(database.dataSource(), "127.0.0.1", 0, token);
                url = sandbox.url();
                log.debug("using the built-in sandbox provider at {}", url);
            } else {
                url = providerConfig.url().orElseThrow();
                token = providerConfig.token();
            }
            providerClient = new ProviderClient(url, token, providerConfig);
            onboarding = new Onboarding(database.dataSource(), database.sessionFactory(), accounts, auditLog, providerClient, clock);
        }
        return onboarding;
    }

    /** The built-in sandbox provider, started if needed; empty when an external provider is configured. */
    public synchronized Optional<SandboxProvider> sandboxProvider() {
        if (!providerConfig.embedded()) {
            return Optional.empty();
        }
        onboarding();
        return Optional.of(sandbox);
    }

    /** Chains audit events shortly after they commit, for long-running processes. */
    public BankRuntime sealAuditLogEvery(long millis) {
        sealer.scheduleWithFixedDelay(() -> {
            try {
                auditChain.sealPending();
                pendingOperations.expireDue();
            } catch (RuntimeException e) {
                log.warn("audit sealing failed, will retry: {}", e.getMessage());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        return this;
    }

    public Database database() {
        return database;
    }

    public Ledger ledger() {
        return ledger;
    }

    public AccountHistory history() {
        return history;
    }

    public Customers customers() {
        return customers;
    }

    public Accounts accounts() {
        return accounts;
    }

    public AuditChain auditChain() {
        return auditChain;
    }

    public AmountRules amountRules() {
        return amountRules;
    }

    public AuditLog auditLog() {
        return auditLog;
    }

    public Tokens tokens() {
        return tokens;
    }

    public SpendingPolicies spendingPolicies() {
        return spendingPolicies;
    }

    public PendingOperations pendingOperations() {
        return pendingOperations;
    }

    public ConfirmationGate confirmationGate() {
        return confirmationGate;
    }

    public Approvals approvals() {
        return approvals;
    }

    public Clock clock() {
        return clock;
    }

    public LedgerInvariants invariants() {
        return new LedgerInvariants(database.dataSource(), auditChain);
    }

    /** Stops reconciliation, the provider client and any sandbox provider; the database stays open. */
    public void stopProvider() {
        reconciler.shutdownNow();
        try {
            // A pass that is recording an opening finishes before the pool under it closes.
            reconciler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            closed = true;
            if (providerClient != null) {
                providerClient.close();
            }
            if (sandbox != null) {
                sandbox.close();
            }
        }
    }

    @Override
    public void close() {
        stopProvider();
        sealer.shutdownNow();
        try {
            auditChain.sealPending();
        } catch (RuntimeException e) {
            log.warn("could not seal the audit log on exit; the next process will: {}", e.getMessage());
        }
        database.close();
    }
}
