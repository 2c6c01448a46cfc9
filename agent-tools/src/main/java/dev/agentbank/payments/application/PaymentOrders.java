package dev.agentbank.payments.application;

import dev.agentbank.accounts.application.AccountDirectory;
import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.accounts.model.Refusal;
import dev.agentbank.approvals.application.OutflowCheck;
import dev.agentbank.approvals.application.OutflowRules;
import dev.agentbank.approvals.model.Counterparty;
import dev.agentbank.approvals.model.SpendingPolicy;
import dev.agentbank.customers.application.CustomerDirectory;
import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.Capability;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.identity.HumanConfirmation.Answer;
import dev.agentbank.identity.Principal;
import dev.agentbank.ledger.application.Ledger;
import dev.agentbank.ledger.application.PostingConditions;
import dev.agentbank.ledger.model.Commands;
import dev.agentbank.ledger.model.Fingerprint;
import dev.agentbank.ledger.model.LedgerOutcome;
import dev.agentbank.ledger.model.LedgerOutcome.Reason;
import dev.agentbank.ledger.model.Reference;
import dev.agentbank.payments.jdbc.Payees;
import dev.agentbank.payments.jdbc.Payments;
import dev.agentbank.payments.model.NewPayeeCap;
import dev.agentbank.payments.model.Payee;
import dev.agentbank.payments.model.PayeeAccount;
import dev.agentbank.payments.model.PayeeId;
import dev.agentbank.payments.model.Payment;
import dev.agentbank.payments.model.PaymentConfirmation;
import dev.agentbank.payments.model.PaymentId;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.jdbc.Jdbc;
import dev.agentbank.shared.money.AmountRules;
import dev.agentbank.shared.money.AmountRules.ParsedAmount;
import dev.agentbank.shared.money.Money;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Paying a customer's payees. The money leaves the payer in one ledger entry, with the payment row in the same
 * transaction: to a payee at this bank it lands at once; to another bank it waits in the clearing account and the
 * provider is asked ({@link ProviderDispatch}). A human confirms when the amount, or what moved without a human in
 * the last 24 hours (overall or to this payee), would go above the threshold; that total is checked inside the
 * posting transaction, so concurrent calls cannot slip past it together. A retry under the same key answers the
 * payment it made. Fraud screening is asked right before each fresh debit; a payment it holds leaves the payer for the
 * clearing account whatever the payee, and waits there for an analyst ({@link HeldPayments}).
 */
public final class PaymentOrders {
    private final Jdbc jdbc;
    private final Payees payees;
    private final Payments payments;
    private final AccountDirectory accounts;
    private final CustomerDirectory customers;
    private final Ledger ledger;
    private final OutflowRules outflow;
    private final NewPayeeCap newPayeeCap;
    private final AmountRules amountRules;
    private final ProviderDispatch dispatch;
    private final PaymentScreening screening;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public PaymentOrders(Jdbc jdbc, Payees payees, Payments payments, AccountDirectory accounts, CustomerDirectory customers,
                         Ledger ledger, OutflowRules outflow, NewPayeeCap newPayeeCap, AmountRules amountRules,
                         ProviderDispatch dispatch, PaymentScreening screening, Clock clock) {
        this.jdbc = jdbc;
        this.payees = payees;
        this.payments = payments;
        this.accounts = accounts;
        this.customers = customers;
        this.ledger = ledger;
        this.outflow = outflow;
        this.newPayeeCap = newPayeeCap;
        this.amountRules = amountRules;
        this.dispatch = dispatch;
        this.screening = Objects.requireNonNull(screening, "screening");
        this.clock = clock;
    }

    /** What a pay call did. */
    public sealed interface PayOutcome {
        /** The money left the payer now, or earlier under the same key ({@code replayed}); the payment says where it is. */
        record Made(Payment payment, boolean replayed) implements PayOutcome {}

        /** Nothing moved: the human said no, dismissed the question, or could not be asked. */
        record NotMade(String sentence) implements PayOutcome {}

        /** Nothing moved yet: the confirmation waits as {@code approvalId} for a human outside the session. */
        record AwaitingConfirmation(String approvalId, Instant expiresAt, String askedBecause) implements PayOutcome {}
    }

    /** One payment call as the model made it, checked at the edge. */
    private record Order(Principal principal, Account from, Payee payee, Money money, String reference, IdempotencyKey key,
                         CallContext context) {
        String fingerprint() {
            return Fingerprint.of("PAY", from.rawNumber(), payee.id().value(), money.amount(), money.currency(), reference);
        }

        /** A held payment leaves the payer for clearing whatever the payee; the others go their usual way. */
        Commands.Movement movement(boolean held) {
            if (held) {
                return new Commands.HeldPayment(from.number(), payee.account().value(), money.amount(), money.currency(), reference,
                        key);
            }
            return switch (payee.account()) {
                case PayeeAccount.Internal internal -> new Commands.InternalPayment(from.number(), internal.number(),
                        money.amount(), money.currency(), reference, key);
                case PayeeAccount.External external -> new Commands.ExternalPayment(from.number(), external.iban(),
                        money.amount(), money.currency(), reference, key);
            };
        }

        Optional<Counterparty> counterparty() {
            return Optional.of(new Counterparty(payee.id().value(), payee.name().value()));
        }
    }

    public PayOutcome pay(Principal principal, String fromAccount, String payeeId, String amount, String currency,
                          String reference, IdempotencyKey key, CallContext context) {
        HumanConfirmation human = context.human();
        PostingConditions origin = PostingConditions.describedBy(context.provenance());
        if (!principal.may(Capability.MOVE_MONEY)) {
            throw new InvalidRequest("You may not make payments.");
        }
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(human, "human");
        // A retry answers its payment first, even if the payee was removed since: "no payee" would read as "not paid".
        Optional<Payment> earlier = jdbc.query("find the payment made under this key", connection ->
                payments.byKey(connection, principal.actor().id(), key.value()));
        if (earlier.isPresent()) {
            return replayRaw(earlier.get(), fromAccount, payeeId, amount, currency, reference, key);
        }
        Order order = order(principal, fromAccount, payeeId, amount, currency, reference, key, context);
        refuseForeseeable(order);
        SpendingPolicy policy = outflow.policy(principal);
        policy.perTransactionRefusal(order.money()).ifPresent(message -> {
            throw new InvalidRequest(message);
        });
        Money threshold = new Money(policy.threshold(), order.money().currency());
        String askedBecause;
        if (policy.needsConfirmation(order.money())) {
            outflow.dailyRefusal(principal, policy, order.money()).ifPresent(message -> {
                throw new InvalidRequest(message);
            });
            askedBecause = PaymentConfirmation.aboveThreshold(threshold);
        } else {
            OutflowCheck unasked = outflow.unasked(policy, order.counterparty());
            Attempt attempt = post(order, unasked.and(origin), new Payment.Confirmation("policy", "auto-under-threshold"),
                    Optional.empty());
            if (!(attempt.outcome() instanceof LedgerOutcome.Rejected rejected && rejected.reason() == Reason.CONFIRMATION_REQUIRED)) {
                return made(order, attempt);
            }
            String scope = unasked.overThreshold().map(totals -> totals.scope(order.money())).orElse("what moved without confirmation");
            askedBecause = PaymentConfirmation.totalAboveThreshold(scope, threshold);
        }
        Instant asked = now();
        return switch (human.ask(new PaymentConfirmation(order.money(), order.from().number(), order.payee(), order.reference(),
                askedBecause, order.key().value()))) {
            case Answer.Approved approved -> made(order, post(order,
                    outflow.confirmed(policy, approved.approvedBy(), approved.channel(), asked, order.counterparty()).and(origin),
                    new Payment.Confirmation(approved.approvedBy(), approved.channel()),
                    Optional.of(new PaymentScreening.HumanConfirmed(approved.channel(), asked, now()))));
            case Answer.Declined declined -> new PayOutcome.NotMade("The customer did not confirm this payment; nothing was paid."
                    + " Do not retry unless the customer asks for it again.");
            case Answer.Cancelled cancelled -> new PayOutcome.NotMade("The customer dismissed the confirmation without answering;"
                    + " nothing was paid. Do not retry unless the customer asks for it again.");
            case Answer.Unavailable unavailable -> new PayOutcome.NotMade("This payment needs the customer's confirmation ("
                    + askedBecause + "), and this client cannot ask for it; nothing was paid. Tell the customer to continue in"
                    + " the bank's chat or an MCP client with elicitation.");
            case Answer.Expired expired -> new PayOutcome.NotMade("The confirmation request " + expired.approvalId()
                    + " expired before anyone approved it; nothing was paid. Call pay again with a new idempotency_key if the"
                    + " customer still wants it.");
            case Answer.Pending waiting -> new PayOutcome.AwaitingConfirmation(waiting.approvalId(), waiting.expiresAt(), askedBecause);
        };
    }

    private Order order(Principal principal, String fromAccount, String payeeId, String amount, String currency, String reference,
                        IdempotencyKey key, CallContext context) {
        Payee payee = PayeeId.parse(payeeId)
                .flatMap(id -> jdbc.query("read the payee", connection -> payees.find(connection, id, false)))
                .filter(found -> found.status() == Payee.Status.ACTIVE && principal.canSee(found.customerId()))
                .orElseThrow(() -> PayeeBook.notFound(payeeId));
        Account from = accounts.visibleTo(principal).account(fromAccount, "from_account");
        if (!Objects.equals(from.customerId(), payee.customerId())) {
            throw new InvalidRequest("Payee " + payee.id() + " belongs to another customer than account " + from.number()
                    + "; pay from an account of the payee's customer.");
        }
        Money money = money(amount, currency, from);
        return new Order(principal, from, payee, money, Objects.requireNonNullElse(Reference.clean(reference), ""), key, context);
    }

    private Money money(String amount, String currency, Account from) {
        return switch (amountRules.parseFor(amount, currency, from.currency(), from.number())) {
            case ParsedAmount.Valid valid -> valid.money();
            case ParsedAmount.Invalid invalid -> throw new InvalidRequest(invalid.message());
        };
    }

    /** Nobody is asked to confirm what cannot be paid: short funds, a closed account, a new payee's first-day cap. */
    private void refuseForeseeable(Order order) {
        Optional<Refusal> account = order.from().refusalAsPlainAccount().or(() -> order.from().refusalToDebit(order.money()));
        if (account.isPresent()) {
            throw new InvalidRequest(account.get().message() + " Nothing was paid.");
        }
        Instant now = now();
        Money paid = jdbc.query("sum the payee's first day", connection ->
                payments.paidTo(connection, order.payee().id(), order.payee().createdAt(), order.money().currency()));
        newPayeeCap.refusal(order.payee(), paid, order.money(), now).ifPresent(message -> {
            throw new InvalidRequest(message);
        });
    }

    /**
     * Screens the payment, then posts the debit with the payment row; the limits and the payee's own conditions hold
     * inside the transaction. A held payment's debit goes to clearing and its row says HELD.
     */
    private Attempt post(Order order, PostingConditions limits, Payment.Confirmation confirmation,
                         Optional<PaymentScreening.HumanConfirmed> human) {
        Instant now = now();
        PaymentId id = PaymentId.random(random);
        Verdict verdict = screen(order, id, human, now);
        boolean held = verdict.screening().hold();
        PaymentPosting posting = new PaymentPosting(payees, payments, newPayeeCap, order.payee(), id.value(),
                entryId -> newPayment(id, order, confirmation, entryId, now, held), order.principal().actor(), order.key().value(), now);
        LedgerOutcome outcome = ledger.post(order.principal().actor(), order.movement(held),
                limits.and(PostingConditions.describedBy(Map.of("screening", verdict.details()))).and(posting));
        return new Attempt(outcome, posting.written());
    }

    /** The screening's verdict and its details for the audit row, with how long it took to judge. */
    private record Verdict(PaymentScreening.Screening screening, Map<String, Object> details) {}

    private Verdict screen(Order order, PaymentId id, Optional<PaymentScreening.HumanConfirmed> human, Instant now) {
        long started = System.nanoTime();
        PaymentScreening.Screening screened = screening.screen(new PaymentScreening.ScreeningRequest(order.payee().customerId(),
                order.from().number().value(), order.money(), order.payee().id().value(), order.payee().createdAt(),
                order.payee().account().kind() == PayeeAccount.Kind.INTERNAL, id.value(), order.context(), human, now));
        Map<String, Object> details = new LinkedHashMap<>(screened.details());
        details.put("held", screened.hold());
        details.put("screening_micros", (System.nanoTime() - started) / 1_000);
        return new Verdict(screened, details);
    }

    /** The ledger's answer, and the payment row its transaction wrote (none for a refusal or a replay). */
    private record Attempt(LedgerOutcome outcome, Optional<Payment> written) {}

    private static Payment newPayment(PaymentId id, Order order, Payment.Confirmation confirmation, long entryId, Instant now,
                                      boolean held) {
        boolean internal = order.payee().account().kind() == PayeeAccount.Kind.INTERNAL;
        Payment.Status status = held ? Payment.Status.HELD : internal ? Payment.Status.SETTLED : Payment.Status.PENDING;
        boolean delivered = held || internal; // nothing goes to the provider now: settled here, or waiting for an analyst
        return new Payment(id, order.payee().customerId(), order.payee().id(), order.payee().account().kind(), order.from().number(),
                order.payee().name().value(), order.payee().account().value(), order.money(), order.reference(),
                status, order.fingerprint(), confirmation, entryId, null,
                Optional.empty(), Optional.empty(), delivered ? new Payment.Delivery(0, null, null) : Payment.Delivery.now(now),
                now, status == Payment.Status.SETTLED ? now : null);
    }

    private PayOutcome made(Order order, Attempt attempt) {
        return switch (attempt.outcome()) {
            // a racing twin under the same key posted first, screened the other way: its payment answers
            case LedgerOutcome.Rejected rejected when rejected.reason() == Reason.IDEMPOTENCY_KEY_REUSED && earlier(order).isPresent() ->
                    replay(order, earlier(order).orElseThrow());
            case LedgerOutcome.Rejected rejected -> throw new InvalidRequest(refusal(order, rejected));
            case LedgerOutcome.Posted posted when !posted.replayed() -> {
                Payment payment = attempt.written().orElseThrow();
                yield new PayOutcome.Made(payment.awaitsProvider() ? dispatch.attemptOrPending(payment) : payment, false);
            }
            // a racing twin under the same key posted first: its payment answers
            case LedgerOutcome.Posted posted -> replay(order, earlier(order).orElseThrow());
        };
    }

    private Optional<Payment> earlier(Order order) {
        return jdbc.query("read the payment", connection -> payments.byKey(connection, order.principal().actor().id(),
                order.key().value()));
    }

    /**
     * The ledger's refusal in words for the payer. The payer's own account was checked before posting, so a refusal
     * about an account is about the payee's, which belongs to someone else: its kind, state and currency are not told.
     */
    private static String refusal(Order order, LedgerOutcome.Rejected rejected) {
        boolean aboutAccount = switch (rejected.reason()) {
            case ACCOUNT_NOT_FOUND, ACCOUNT_NOT_OPEN, CURRENCY_MISMATCH, NOT_FOR_LOANS -> true;
            case INVALID_AMOUNT, INSUFFICIENT_FUNDS, IDEMPOTENCY_KEY_REUSED, TRANSACTION_NOT_FOUND, NOT_REVERSIBLE, ALREADY_REVERSED,
                 LIMIT_EXCEEDED, CONFIRMATION_REQUIRED -> false;
        };
        if (aboutAccount && order.payee().account().kind() == PayeeAccount.Kind.INTERNAL) {
            return "The payee's account at this bank cannot receive this payment; nothing was paid. The customer may ask the payee"
                    + " for their account details again.";
        }
        return rejected.message();
    }

    /** The earlier payment when the call asks for the same one, compared on the arguments as given. */
    private PayOutcome replayRaw(Payment earlier, String fromAccount, String payeeId, String amount, String currency,
                                 String reference, IdempotencyKey key) {
        boolean same = AccountNumber.parse(fromAccount).map(earlier.from()::equals).orElse(false)
                && PayeeId.parse(payeeId).map(earlier.payeeId()::equals).orElse(false)
                && (currency == null || currency.isBlank() || currency.strip().equalsIgnoreCase(earlier.amount().currency().getCurrencyCode()))
                && amountRules.parse(amount, earlier.amount().currency()) instanceof ParsedAmount.Valid valid
                && valid.money().equals(earlier.amount())
                && Objects.requireNonNullElse(Reference.clean(reference), "").equals(earlier.reference());
        if (!same) {
            throw new InvalidRequest("idempotency_key '" + key + "' was already used for a different payment."
                    + " Use a new key for a new payment.");
        }
        return new PayOutcome.Made(earlier, true);
    }

    private PayOutcome replay(Order order, Payment earlier) {
        if (!earlier.request().equals(order.fingerprint())) {
            throw new InvalidRequest("idempotency_key '" + order.key() + "' was already used for a different payment."
                    + " Use a new key for a new payment.");
        }
        return new PayOutcome.Made(earlier, true);
    }

    /** A payment the caller may see; another customer's reads exactly like a missing one. */
    public Payment get(Principal principal, String paymentId) {
        if (!principal.may(Capability.READ_ACCOUNTS)) {
            throw new InvalidRequest("You may not read payments.");
        }
        return PaymentId.parse(paymentId)
                .flatMap(id -> jdbc.query("read the payment", connection -> payments.find(connection, id, false)))
                .filter(payment -> principal.canSee(payment.customerId()))
                .orElseThrow(() -> new InvalidRequest("No payment " + shown(paymentId) + " was found. Payment ids look like"
                        + " PM-7K3M9QX2B4TD; list_payments shows the customer's payments."));
    }

    public record CustomerPayments(long customerId, List<Payment> payments) {}

    /** A customer's latest payments, newest first: the caller's own, or a named customer's for staff. */
    public CustomerPayments list(Principal principal, Long customerId, int limit) {
        if (!principal.may(Capability.READ_ACCOUNTS)) {
            throw new InvalidRequest("You may not read payments.");
        }
        if (limit < 1 || limit > 100) {
            throw new InvalidRequest("limit must be from 1 to 100.");
        }
        long customer = customers.resolve(principal, customerId);
        return new CustomerPayments(customer, jdbc.query("list payments", connection -> payments.ofCustomer(connection, customer, limit)));
    }

    private static String shown(String raw) {
        String text = raw == null ? "" : raw.strip();
        return text.length() > 20 ? text.substring(0, 20) + "…" : text;
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
