package dev.agentbank.app;

import dev.agentbank.accounts.application.AccountDirectory;
import dev.agentbank.accounts.jdbc.Accounts;
import dev.agentbank.accounts.tools.AccountTools;
import dev.agentbank.approvals.application.Approvals;
import dev.agentbank.approvals.application.ConfirmationGate;
import dev.agentbank.approvals.application.ConfirmationOrPending;
import dev.agentbank.approvals.jdbc.PendingConfirmations;
import dev.agentbank.approvals.jdbc.PendingOperations;
import dev.agentbank.approvals.jdbc.SpendingPolicies;
import dev.agentbank.approvals.tools.ApprovalTools;
import dev.agentbank.approvals.tools.MoneyTools;
import dev.agentbank.audit.AuditChain;
import dev.agentbank.audit.tools.AuditTools;
import dev.agentbank.config.BankConfig;
import dev.agentbank.config.ProviderConfig;
import dev.agentbank.config.RateLimitConfig;
import dev.agentbank.config.Secret;
import dev.agentbank.customers.application.CustomerDirectory;
import dev.agentbank.customers.jdbc.Customers;
import dev.agentbank.customers.tools.CustomerTools;
import dev.agentbank.identity.Authenticator;
import dev.agentbank.fraud.application.AlertChanges;
import dev.agentbank.fraud.application.AlertDesk;
import dev.agentbank.fraud.application.AnalystActions;
import dev.agentbank.fraud.application.RuleBook;
import dev.agentbank.fraud.application.Monitor;
import dev.agentbank.fraud.application.Interventions;
import dev.agentbank.fraud.application.Screening;
import dev.agentbank.fraud.application.Triage;
import dev.agentbank.fraud.tools.FraudTools;
import dev.agentbank.fraud.model.Scorecard;
import dev.agentbank.fraud.jdbc.Activity;
import dev.agentbank.fraud.jdbc.Alerts;
import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.jdbc.ClientRegistry;
import dev.agentbank.approvals.application.DecisionEvents;
import dev.agentbank.tools.CallLog;
import dev.agentbank.identity.Principal;
import dev.agentbank.identity.jdbc.TokenCache;
import dev.agentbank.identity.jdbc.Tokens;
import dev.agentbank.jobs.Job;
import dev.agentbank.jobs.Jobs;
import dev.agentbank.ledger.application.AccountHistory;
import dev.agentbank.ledger.application.IncomeHistory;
import dev.agentbank.ledger.application.Ledger;
import dev.agentbank.ledger.jdbc.LedgerInvariants;
import dev.agentbank.ledger.tools.LedgerTools;
import dev.agentbank.lending.application.CreditBureau;
import dev.agentbank.lending.application.Disbursements;
import dev.agentbank.lending.application.InstallmentCollection;
import dev.agentbank.lending.application.LoanApplicationsService;
import dev.agentbank.lending.application.LoanBook;
import dev.agentbank.lending.application.OfferAcceptances;
import dev.agentbank.lending.application.Referrals;
import dev.agentbank.lending.application.Repayments;
import dev.agentbank.lending.application.Underwriting;
import dev.agentbank.lending.http.ProviderCreditBureau;
import dev.agentbank.lending.jdbc.LoanDecisions;
import dev.agentbank.lending.jdbc.LoanApplications;
import dev.agentbank.lending.jdbc.Loans;
import dev.agentbank.lending.jdbc.LoanProducts;
import dev.agentbank.lending.tools.LendingTools;
import dev.agentbank.lending.tools.LoanTools;
import dev.agentbank.onboarding.application.Onboarding;
import dev.agentbank.onboarding.http.ProviderClient;
import dev.agentbank.onboarding.tools.OnboardingTools;
import dev.agentbank.payments.application.PayeeBook;
import dev.agentbank.payments.jdbc.Payees;
import dev.agentbank.payments.tools.PayeeTools;
import dev.agentbank.payments.tools.PaymentTools;
import dev.agentbank.payments.application.HeldPayments;
import dev.agentbank.payments.application.PaymentOrders;
import dev.agentbank.payments.application.PaymentScreening;
import dev.agentbank.payments.application.PaymentRail;
import dev.agentbank.payments.application.ProviderDispatch;
import dev.agentbank.payments.http.ProviderPayments;
import dev.agentbank.payments.jdbc.Payments;
import dev.agentbank.payments.model.NewPayeeCap;
import dev.agentbank.approvals.application.OutflowRules;
import dev.agentbank.approvals.model.UnconfirmedTotals;
import dev.agentbank.sandbox.SandboxProvider;
import dev.agentbank.shared.audit.AuditLog;
import dev.agentbank.shared.audit.BatchedAudit;
import dev.agentbank.shared.jdbc.Database;
import dev.agentbank.shared.money.AmountRules;
import dev.agentbank.tools.CallLimits;
import dev.agentbank.tools.ToolBox;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds each service once over one database, hands each tool module the services it
 * uses, and owns the background jobs. Front ends (CLI, MCP, chat) take what they need from here; tools never
 * see it, and nothing here holds business rules.
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
    private final PendingConfirmations pendingConfirmations;
    private final ConfirmationGate confirmationGate;
    private final Approvals approvals;
    private final AccountDirectory accountDirectory;
    private final CustomerDirectory customerDirectory;
    private final LoanApplicationsService loanApplications;
    private final Disbursements disbursements;
    private final LoanBook loanBook;
    private final Repayments repayments;
    private final InstallmentCollection installmentCollection;
    private final OfferAcceptances offerAcceptances;
    private final Underwriting underwriting;
    private final ToolBox toolBox;
    private final ProviderDispatch paymentDispatch;
    private final PaymentOrders paymentOrders;
    private final HeldPayments heldPayments;
    private final PayeeBook payeeBook;
    private final Monitor fraudMonitor;
    private final Triage triage;
    private final Interventions interventions;
    private final Jobs jobs = new Jobs();
    private final List<Consumer<Duration>> fraudLagObservers = new CopyOnWriteArrayList<>();
    private final ProviderConfig providerConfig;
    private final BankConfig config;
    /** Whose provider connections (sandbox, credit bureau) this runtime uses instead of starting its own; null for its own. */
    private final BankRuntime provider;
    // Started on first use: most processes (and most tests) never open an account.
    private SandboxProvider sandbox;
    private ProviderClient providerClient;
    private Onboarding onboarding;
    private ProviderCreditBureau creditBureau;
    private ProviderPayments paymentRail;
    private boolean closed;
    // Only long-running processes keep live tokens in memory (see runBackgroundJobs).
    private TokenCache liveTokens;
    // Long-running processes write the records of calls that post nothing in batches (see BatchedAudit).
    private volatile BatchedAudit batchedAudit;

    public BankRuntime(Database database, BankConfig config, Clock clock) {
        this(database, config, clock, null);
    }

    private BankRuntime(Database database, BankConfig config, Clock clock, BankRuntime provider) {
        this.provider = provider;
        this.database = database;
        this.config = config;
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
        this.pendingConfirmations = new PendingConfirmations(database.dataSource(), audit, clock);
        this.approvals = new Approvals(pendingOperations, pendingConfirmations, confirmationGate, spendingPolicies, clock);
        ClientRegistry clients = new ClientRegistry(database.jdbc(), clock);
        DecisionEvents decisions = new DecisionEvents(database.jdbc(), clock);
        ConfirmationOrPending orPending = new ConfirmationOrPending(pendingConfirmations, config.approvals().pendingLifetime(), clock);
        this.accountDirectory = new AccountDirectory(accounts);
        this.customerDirectory = new CustomerDirectory(customers);
        LoanProducts loanProducts = new LoanProducts(database.jdbc());
        LoanApplications loanApplicationRows = new LoanApplications();
        this.underwriting = new Underwriting(database.jdbc(), loanProducts, loanApplicationRows, new LoanDecisions(),
                this::creditBureau, new IncomeHistory(database.jdbc()), accountDirectory, audit, clock);
        this.loanApplications = new LoanApplicationsService(database.jdbc(), loanProducts, loanApplicationRows,
                customerDirectory, accountDirectory, audit, clock, new SecureRandom(), underwriting);
        Loans loans = new Loans();
        this.disbursements = new Disbursements(database.jdbc(), database.sessionFactory(), loans, accountDirectory, ledger, clock);
        this.loanBook = new LoanBook(database.jdbc(), loans, customerDirectory, clock);
        this.repayments = new Repayments(database.jdbc(), loans, accountDirectory, ledger, clock);
        this.installmentCollection = new InstallmentCollection(database.jdbc(), loans, repayments, clock);
        this.offerAcceptances = new OfferAcceptances(database.jdbc(), loanApplicationRows, disbursements, audit, clock);
        Payees payees = new Payees();
        Payments payments = new Payments();
        this.payeeBook = new PayeeBook(database.jdbc(), payees, customerDirectory, audit, clock);
        this.paymentDispatch = new ProviderDispatch(database.jdbc(), payments, ledger, this::paymentRail, clock);
        Activity fraudActivity = new Activity();
        Alerts fraudAlerts = new Alerts();
        AlertChanges alertChanges = new AlertChanges();
        Scorecard scorecard = RuleBook.scorecard(config.fraud());
        this.paymentOrders = new PaymentOrders(database.jdbc(), payees, payments, accountDirectory, customerDirectory, ledger,
                new OutflowRules(spendingPolicies, clock), new NewPayeeCap(config.approvals().newPayeeCap()), amountRules,
                paymentDispatch, new Screening(database.jdbc(), fraudActivity, scorecard), clock);
        this.heldPayments = new HeldPayments(database.jdbc(), payments, ledger, paymentDispatch, audit, HeldPayments.DEFAULT_LIFETIME,
                clock);
        this.fraudMonitor = new Monitor(database.jdbc(), fraudActivity, fraudAlerts, scorecard, alertChanges, clock,
                lag -> fraudLagObservers.forEach(observer -> observer.accept(lag)));
        this.triage = new Triage(database.jdbc(), fraudAlerts, fraudActivity, audit, alertChanges, clock);
        this.interventions = new Interventions(database.jdbc(), fraudAlerts, fraudActivity, triage, accountDirectory, heldPayments,
                HeldPayments.DEFAULT_LIFETIME, audit, clock);
        // The one list of tool modules: a new bounded context adds its line here.
        this.toolBox = new ToolBox(List.of(
                AccountTools.module(accountDirectory, customerDirectory, clock),
                OnboardingTools.module(this::onboarding, customerDirectory),
                LedgerTools.module(accountDirectory, history),
                MoneyTools.module(accountDirectory, confirmationGate, history, amountRules),
                CustomerTools.module(customerDirectory),
                AuditTools.module(auditChain),
                ApprovalTools.module(pendingOperations, pendingConfirmations, clock),
                LendingTools.module(loanApplications, new Referrals(database.jdbc(), loanProducts, loanApplicationRows, audit, clock),
                        offerAcceptances),
                LoanTools.module(loanBook, repayments, amountRules),
                PayeeTools.module(payeeBook),
                PaymentTools.module(paymentOrders),
                FraudTools.module(this::alertDesk, this::analystActions)),
                new CallLog() {
                    @Override
                    public void begin(Principal principal, CallContext context) {
                        clients.seen(principal, context);
                    }

                    @Override
                    public void record(Principal principal, CallContext context, String action, String subject,
                                       Map<String, Object> details, String outcome) {
                        recordCall(principal, context, action, subject, details, outcome, false);
                    }

                    @Override
                    public void recordDurably(Principal principal, CallContext context, String action, String subject,
                                              Map<String, Object> details, String outcome) {
                        recordCall(principal, context, action, subject, details, outcome, true);
                    }
                },
                (principal, context) -> decisions.recording(principal, context, orPending.around(principal, context)),
                // wall time, not the bank's clock: a runtime writing past history must not be throttled by it
                CallLimits.perMinute(config.rateLimits().toolsPerMinute(), config.rateLimits().moneyPerMinute(), Clock.systemUTC()));
    }

    /** The runtime of a process. Long-running ones (the MCP server, the chat) then {@link #runBackgroundJobs}. */
    public static BankRuntime open(BankConfig config, String applicationName) {
        return new BankRuntime(Database.open(config.database(), applicationName), config, Clock.systemUTC());
    }

    /**
     * The same bank on the same database, reading time from {@code otherClock}: for writing history that happened
     * earlier, such as the demo customers' past months. Runs no jobs and owns nothing (it reaches the provider through
     * this runtime), so it is never closed.
     */
    public BankRuntime at(Clock otherClock) {
        return new BankRuntime(database, config, otherClock, this);
    }

    /** The background work of a long-running process: audit sealing, approval expiry, pending openings, loan underwriting and collection. */
    public BankRuntime runBackgroundJobs() {
        liveTokens = TokenCache.start(() -> database.target().connect());
        tokens.cacheIn(liveTokens);
        batchedAudit = new BatchedAudit(database.jdbc(), auditLog);
        jobs.start(auditSealer(Duration.ofSeconds(1)))
                .start(approvalExpiry(Duration.ofSeconds(1)))
                .start(openingReconciler(providerConfig.reconcileInterval()))
                .start(loanUnderwriting(Duration.ofSeconds(30)))
                .start(loanPayout(Duration.ofSeconds(30)))
                .start(loanExpiry(Duration.ofMinutes(1)))
                .start(loanCollection(Duration.ofMinutes(1)))
                .start(paymentDispatch(Duration.ofSeconds(5)))
                .start(holdExpiry(Duration.ofMinutes(1)))
                .start(fraudMonitoring(Monitor.POLL))
                .start(unconfirmedOutflowPruning(Duration.ofMinutes(10)));
        return this;
    }

    /** Deletes movements without a human once they are out of the 24-hour window (kept an hour longer, for reading). */
    public Job unconfirmedOutflowPruning(Duration interval) {
        return Job.every("unconfirmed-outflow-pruning", interval, () ->
                spendingPolicies.forgetUnconfirmedOutflowBefore(clock.instant().minus(UnconfirmedTotals.WINDOW).minus(Duration.ofHours(1))));
    }

    /** Asks the provider about external payments it has not settled or refused yet; one query when none is due. */
    public Job paymentDispatch(Duration interval) {
        return Job.atStartAndEvery(ProviderDispatch.JOB, interval, paymentDispatch::dispatchDue);
    }

    /** Returns the money of payments held longer than a hold lives, nobody having released or returned them. */
    public Job holdExpiry(Duration interval) {
        return Job.atStartAndEvery(HeldPayments.JOB, interval, heldPayments::expireHolds);
    }

    public HeldPayments heldPayments() {
        return heldPayments;
    }

    public PayeeBook payeeBook() {
        return payeeBook;
    }

    public PaymentOrders paymentOrders() {
        return paymentOrders;
    }

    public ProviderDispatch paymentDispatch() {
        return paymentDispatch;
    }

    /** The analysts' alert queue and cases, for the MCP tools and the dashboard. */
    public AlertDesk alertDesk() {
        return triage;
    }

    public Monitor fraudMonitor() {
        return fraudMonitor;
    }

    /**
     * Tells {@code observer}, for each event the fraud monitor judges, how long after it occurred its judgement committed
     * (metrics). Runs on the monitor's thread, so it must be cheap; closing the returned handle stops it.
     */
    public AutoCloseable observeFraudLag(Consumer<Duration> observer) {
        fraudLagObservers.add(observer);
        return () -> fraudLagObservers.remove(observer);
    }

    /**
     * Fraud monitoring: every {@code poll} it judges what the event stream brought since its last pass. A poll rather
     * than LISTEN: a NOTIFY per posting would serialise the ledger's commits (see V16).
     */
    public Job fraudMonitoring(Duration poll) {
        return Job.atStartAndEvery(Monitor.CONSUMER, poll, fraudMonitor::drain);
    }

    /** What analysts do to accounts and held payments. */
    public AnalystActions analystActions() {
        return interventions;
    }

    /** Expires loan drafts untouched for 30 days and offers 14 days after they were made, so no read is needed for it. */
    public Job loanExpiry(Duration interval) {
        return Job.atStartAndEvery("loan-expiry", interval, loanApplications::expireDue);
    }

    /** Pays out accepted loans whose payout a crash or a refusal left undone. */
    public Job loanPayout(Duration interval) {
        return Job.atStartAndEvery(OfferAcceptances.JOB, interval, offerAcceptances::payOutAccepted);
    }

    public OfferAcceptances offerAcceptances() {
        return offerAcceptances;
    }

    /** Collects loan installments on and after their due dates; a pass costs one query when nothing is due. */
    public Job loanCollection(Duration interval) {
        return Job.atStartAndEvery("loan-collection", interval, installmentCollection::collectDue);
    }

    /** Chains audit events shortly after they commit. */
    public Job auditSealer(Duration interval) {
        return Job.every("audit-sealer", interval, auditChain::sealPending);
    }

    /** Marks approvals nobody decided in time as expired. */
    public Job approvalExpiry(Duration interval) {
        return Job.every("approval-expiry", interval, () -> {
            pendingOperations.expireDue();
            pendingConfirmations.expireDue();
        });
    }

    /**
     * Finishes account openings the provider has not confirmed yet, at start-up and then every {@code interval}.
     * A pass costs one query when nothing is pending; the provider is contacted only when something is.
     */
    public Job openingReconciler(Duration interval) {
        return Job.atStartAndEvery("opening-reconciler", interval, () -> {
            if (Onboarding.countPending(database.dataSource()) > 0) {
                onboarding().reconcile();
            }
        });
    }

    /**
     * Underwrites submitted applications the credit bureau could not answer for, each once its backoff has passed.
     * A pass costs one query when none is due.
     */
    public Job loanUnderwriting(Duration interval) {
        return Job.every(Underwriting.JOB, interval, underwriting::retryDue);
    }

    /** How front ends turn a bearer token into a principal. */
    public Authenticator authenticator() {
        return new Authenticator() {
            @Override
            public Optional<Principal> authenticate(String token) {
                return tokens.authenticate(token);
            }

            @Override
            public java.util.function.Supplier<Optional<Principal>> liveness(String token) {
                return tokens.liveness(token); // keeps the token's digest, not the token
            }
        };
    }

    public Jobs jobs() {
        return jobs;
    }

    /** The rate limits: tool calls are limited in the ToolBox, HTTP requests by the server in front of it. */
    public RateLimitConfig rateLimits() {
        return config.rateLimits();
    }

    /** The one registry of tools, for every front end. */
    public ToolBox toolBox() {
        return toolBox;
    }

    public AccountDirectory accountDirectory() {
        return accountDirectory;
    }

    public CustomerDirectory customerDirectory() {
        return customerDirectory;
    }

    /** Pays out accepted loan applications, exactly once each. */
    public Disbursements disbursements() {
        return disbursements;
    }

    public LoanBook loanBook() {
        return loanBook;
    }

    public Repayments repayments() {
        return repayments;
    }

    public InstallmentCollection installmentCollection() {
        return installmentCollection;
    }

    public LoanApplicationsService loanApplications() {
        return loanApplications;
    }

    public Underwriting underwriting() {
        return underwriting;
    }

    /** The credit bureau at the provider (the built-in sandbox when none is configured), started on first use. */
    public synchronized CreditBureau creditBureau() {
        if (provider != null) {
            return provider.creditBureau();
        }
        if (closed) {
            throw new IllegalStateException("the bank runtime is closed");
        }
        if (creditBureau == null) {
            ProviderEndpoint at = providerEndpoint();
            creditBureau = new ProviderCreditBureau(at.url(), at.token(), providerConfig);
        }
        return creditBureau;
    }

    /** The provider's payment rail (the built-in sandbox when none is configured), started on first use. */
    public synchronized PaymentRail paymentRail() {
        if (provider != null) {
            return provider.paymentRail();
        }
        if (closed) {
            throw new IllegalStateException("the bank runtime is closed");
        }
        if (paymentRail == null) {
            ProviderEndpoint at = providerEndpoint();
            paymentRail = new ProviderPayments(at.url(), at.token(), providerConfig);
        }
        return paymentRail;
    }

    private record ProviderEndpoint(URI url, Secret token) {}

    /** The configured provider, or the built-in sandbox (started now if need be). */
    private ProviderEndpoint providerEndpoint() {
        if (providerConfig.embedded()) {
            onboarding(); // starts the sandbox
            return new ProviderEndpoint(sandbox.url(), sandbox.token());
        }
        return new ProviderEndpoint(providerConfig.url().orElseThrow(), providerConfig.token());
    }

    private void recordCall(Principal principal, CallContext context, String action, String subject, Map<String, Object> details,
                            String outcome, boolean durably) {
        BatchedAudit batch = batchedAudit;
        if (batch != null && !durably) {
            batch.record(principal.actor(), action, subject, details, outcome);
            return;
        }
        database.jdbc().run("audit " + action, connection ->
                auditLog.record(connection, principal.actor(), action, subject, details, outcome));
    }

    /**
     * Opens accounts at the retail-banking provider. With no BANK_PROVIDER_URL, the first call starts the built-in
     * sandbox provider on a free 127.0.0.1 port; either way the provider is reached over HTTP.
     */
    public synchronized Onboarding onboarding() {
        if (provider != null) {
            return provider.onboarding();
        }
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
            onboarding = new Onboarding(database.dataSource(), database.sessionFactory(), accountDirectory, auditLog, providerClient, clock);
        }
        return onboarding;
    }

    /** The built-in sandbox provider, started if needed; empty when an external provider is configured. */
    public synchronized Optional<SandboxProvider> sandboxProvider() {
        if (provider != null) {
            return provider.sandboxProvider();
        }
        if (!providerConfig.embedded()) {
            return Optional.empty();
        }
        onboarding();
        return Optional.of(sandbox);
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

    public PendingConfirmations pendingConfirmations() {
        return pendingConfirmations;
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

    /** Stops the background jobs (letting a running pass finish), the provider client and any sandbox; the database stays open. */
    public void stopProvider() {
        jobs.close();
        if (liveTokens != null) {
            liveTokens.close();
        }
        synchronized (this) {
            closed = true;
            if (providerClient != null) {
                providerClient.close();
            }
            if (creditBureau != null) {
                creditBureau.close();
            }
            if (paymentRail != null) {
                paymentRail.close();
            }
            if (sandbox != null) {
                sandbox.close();
            }
        }
    }

    @Override
    public void close() {
        stopProvider();
        if (batchedAudit != null) {
            batchedAudit.close();
        }
        try {
            auditChain.sealPending();
        } catch (RuntimeException e) {
            log.warn("could not seal the audit log on exit; the next process will: {}", e.getMessage());
        }
        database.close();
    }
}
