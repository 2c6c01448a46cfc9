package dev.agentbank.ledger.tools;

import dev.agentbank.tools.Effect;
import dev.agentbank.tools.ToolPolicy;
import dev.agentbank.tools.ToolRefusal;
import dev.agentbank.tools.ToolScope;
import dev.agentbank.tools.Views;

import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.Refusal;
import dev.agentbank.approvals.model.GateOutcome;
import dev.agentbank.approvals.model.PendingOperation;
import dev.agentbank.approvals.model.Proposal;
import dev.agentbank.ledger.application.AccountHistory;
import dev.agentbank.ledger.model.Commands;
import dev.agentbank.ledger.model.EntryKind;
import dev.agentbank.ledger.model.HistoryQuery;
import dev.agentbank.ledger.model.IdempotencyKey;
import dev.agentbank.ledger.model.LedgerOutcome;
import dev.agentbank.ledger.model.Receipt;
import dev.agentbank.shared.money.AmountRules.ParsedAmount;
import dev.agentbank.shared.money.Currencies;
import dev.agentbank.shared.money.Money;
import dev.agentbank.identity.Capability;
import dev.agentbank.identity.Principal;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Money movement and history. Each money-moving call needs an idempotency key. */
public final class LedgerTools {
    private static final String KEY = """
            A fresh unique key (e.g. a UUID) for this intended operation. Reuse the same key only when retrying \
            the same operation, so it is never posted twice.""";
    private static final String AMOUNT = "Amount as a plain decimal string, e.g. \"250.00\".";
    private static final String CURRENCY = "ISO currency code; must be the account's. Omit to use the account's currency.";
    private static final String REFERENCE = "Short reference shown in the history, e.g. \"rent\".";

    private final ToolScope scope;

    public LedgerTools(ToolScope scope) {
        this.scope = scope;
    }

    @Tool(name = "deposit", value = "Deposits money into an account. Restate the amount and account to the user before calling.")
    @ToolPolicy(requires = Capability.MOVE_MONEY, effect = Effect.MOVES_MONEY, title = "Deposit")
    public Views.Movement deposit(
            @P("Account number to credit, e.g. AB0000000195.") String account_number,
            @P(AMOUNT) String amount,
            @P(value = CURRENCY, required = false) String currency,
            @P(value = REFERENCE, required = false) String reference,
            @P(KEY) String idempotency_key) {
        IdempotencyKey key = new IdempotencyKey(idempotency_key);
        Account account = scope.account(account_number, "account_number");
        Money money = money(amount, currency, account);
        Commands.Deposit deposit = new Commands.Deposit(account.number(), money.amount(), Optional.of(money.currency()), reference, key);
        return submit(Proposal.deposit(deposit, money, account.balance().plus(money))
                .foreseeing(account.refusalToCredit(money).map(Refusal::message)));
    }

    @Tool(name = "withdraw", value = "Withdraws money from an account, within its available funds. Restate the amount and account before calling.")
    @ToolPolicy(requires = Capability.MOVE_MONEY, effect = Effect.MOVES_MONEY, title = "Withdraw")
    public Views.Movement withdraw(
            @P("Account number to debit, e.g. AB0000000195.") String account_number,
            @P(AMOUNT) String amount,
            @P(value = CURRENCY, required = false) String currency,
            @P(value = REFERENCE, required = false) String reference,
            @P(KEY) String idempotency_key) {
        IdempotencyKey key = new IdempotencyKey(idempotency_key);
        Account account = scope.account(account_number, "account_number");
        Money money = money(amount, currency, account);
        Commands.Withdrawal withdrawal = new Commands.Withdrawal(account.number(), money.amount(), Optional.of(money.currency()), reference, key);
        return submit(Proposal.withdrawal(withdrawal, money, account.balance().minus(money))
                .foreseeing(account.refusalToDebit(money).map(Refusal::message)));
    }

    @Tool(name = "transfer", value = """
            Moves money between two accounts in the same currency. Customers can move money only between their \
            own accounts. Restate from, to and amount before calling.""")
    @ToolPolicy(requires = Capability.MOVE_MONEY, effect = Effect.MOVES_MONEY, title = "Transfer")
    public Views.Movement transfer(
            @P("Account number to debit.") String from_account,
            @P("Account number to credit.") String to_account,
            @P(AMOUNT) String amount,
            @P(value = CURRENCY, required = false) String currency,
            @P(value = REFERENCE, required = false) String reference,
            @P(KEY) String idempotency_key) {
        IdempotencyKey key = new IdempotencyKey(idempotency_key);
        Account from = scope.account(from_account, "from_account");
        Account to = scope.account(to_account, "to_account");
        Money money = money(amount, currency, from);
        Commands.Transfer transfer = new Commands.Transfer(from.number(), to.number(), money.amount(), Optional.of(money.currency()), reference, key);
        return submit(Proposal.transfer(transfer, money, from.balance().minus(money))
                .foreseeing(from.refusalToDebit(money).or(() -> to.refusalToCredit(money)).map(Refusal::message)));
    }

    @Tool(name = "reverse_transaction", value = """
            Reverses a posted transaction by posting its mirror image; a transaction can be reversed once. \
            For correcting mistakes, not for refunds between customers.""")
    @ToolPolicy(requires = Capability.REVERSE_TRANSACTIONS, effect = Effect.MOVES_MONEY, title = "Reverse transaction")
    public Views.Movement reverseTransaction(
            @P("Id of the transaction to reverse.") long transaction_id,
            @P("Why it is reversed, kept in the history.") String reason,
            @P(KEY) String idempotency_key) {
        IdempotencyKey key = new IdempotencyKey(idempotency_key);
        Receipt original = scope.bank().history().transaction(transaction_id)
                .filter(receipt -> !visibleLegs(receipt).isEmpty())
                .orElseThrow(() -> new ToolRefusal("No transaction " + transaction_id + " is available to you."));
        return submit(reversalProposal(original, new Commands.Reversal(transaction_id, reason, key)));
    }

    /** What the mirror entry would do to customer accounts, for the human who may have to confirm it. */
    private Proposal reversalProposal(Receipt original, Commands.Reversal reversal) {
        Optional<Account> debited = Optional.empty();
        Optional<Account> credited = Optional.empty();
        Money amount = null;
        for (Receipt.Leg leg : original.legs()) {
            Optional<Account> account = scope.bank().accounts().find(leg.account());
            if (account.isEmpty()) {
                continue;
            }
            if (leg.amount().isPositive()) {
                debited = account;
            } else {
                credited = account;
            }
            Money size = leg.amount().isPositive() ? leg.amount() : leg.amount().negate();
            amount = amount == null || size.amount().compareTo(amount.amount()) > 0 ? size : amount;
        }
        if (amount == null) {
            throw new ToolRefusal("Transaction " + original.transactionId() + " touches no customer account and cannot be reversed here.");
        }
        Money balanceAfter = debited.isPresent() ? debited.get().balance().minus(amount) : credited.get().balance().plus(amount);
        return Proposal.reversal(reversal, debited.map(Account::number), credited.map(Account::number), amount, balanceAfter);
    }

    @Tool(name = "list_transactions", value = """
            Lists an account's transactions, newest first, with the balance after each. Returns at most `limit` \
            rows; when has_more is true, call again with cursor = next_cursor for older ones.""")
    @ToolPolicy(requires = Capability.READ_ACCOUNTS, effect = Effect.READ, title = "List transactions")
    public Views.HistoryPage listTransactions(
            @P("Account number.") String account_number,
            @P(value = "Rows per page, 1 to 100; default 20.", required = false) Integer limit,
            @P(value = "next_cursor from the previous page, unchanged.", required = false) String cursor,
            @P(value = "Only transactions on or after this date (YYYY-MM-DD, UTC) or instant.", required = false) String from,
            @P(value = "Only transactions before this date (YYYY-MM-DD, UTC) or instant.", required = false) String to,
            @P(value = "Only this kind: DEPOSIT, WITHDRAWAL, TRANSFER, REVERSAL or OPENING.", required = false) String kind) {
        Account account = scope.account(account_number, "account_number");
        Set<EntryKind> kinds = kind == null || kind.isBlank() ? Set.of() : Set.of(EntryKind.parse(kind).orElseThrow(
                () -> new ToolRefusal("kind must be one of DEPOSIT, WITHDRAWAL, TRANSFER, REVERSAL, OPENING.")));
        HistoryQuery query = new HistoryQuery(limit == null ? 20 : limit, Optional.empty(),
                instant(from, "from"), instant(to, "to"), kinds);
        if (cursor != null && !cursor.isBlank()) {
            query = query.after(cursor);
        }
        AccountHistory.Page page = scope.bank().history().page(account.number(), query)
                .orElseThrow(() -> new ToolRefusal("No account " + account.number() + " is available to you."));
        return new Views.HistoryPage(page.account().value(), page.rows().stream().map(Views.HistoryRow::of).toList(),
                page.nextCursor().orElse(null), page.nextCursor().isPresent());
    }

    @Tool(name = "get_transaction", value = "Returns one transaction with its legs on the accounts you can see.")
    @ToolPolicy(requires = Capability.READ_ACCOUNTS, effect = Effect.READ, title = "Get transaction")
    public Views.Transaction getTransaction(@P("Transaction id, from list_transactions or a receipt.") long transaction_id) {
        return visibleTransaction(transaction_id);
    }

    private Views.Transaction visibleTransaction(long transactionId) {
        Optional<Receipt> receipt = transactionId > 0 ? scope.bank().history().transaction(transactionId) : Optional.empty();
        List<Receipt.Leg> legs = receipt.map(this::visibleLegs).orElse(List.of());
        if (legs.isEmpty()) {
            throw new ToolRefusal("No transaction " + transactionId + " is available to you.");
        }
        return Views.transaction(receipt.get(), legs);
    }

    /** Staff see every leg; a customer sees only the legs on their own accounts. */
    private List<Receipt.Leg> visibleLegs(Receipt receipt) {
        if (scope.principal() instanceof Principal.Staff) {
            return receipt.legs();
        }
        return receipt.legs().stream().filter(leg -> scope.canSee(leg.account())).toList();
    }

    /** Deposits, withdrawals and transfers all pass the confirmation gate; only a human can let big ones through. */
    private Views.Movement submit(Proposal proposal) {
        return switch (scope.bank().confirmationGate().submit(scope.principal(), proposal, scope.context().human())) {
            case GateOutcome.Posted posted -> movement(posted.posting());
            case GateOutcome.Rejected rejected -> throw new ToolRefusal(rejected.message());
            case GateOutcome.Declined declined -> new Views.Movement(
                    declined.cancelled() ? Views.Movement.Status.CANCELLED : Views.Movement.Status.DECLINED,
                    "The customer " + (declined.cancelled() ? "dismissed" : "declined") + " the confirmation of this "
                            + proposal.kind().name().toLowerCase(Locale.ROOT) + "; nothing was posted. "
                            + "Do not retry unless the customer asks for it again.", null, null, null);
            case GateOutcome.AwaitingApproval awaiting -> {
                PendingOperation operation = awaiting.operation();
                yield new Views.Movement(Views.Movement.Status.AWAITING_APPROVAL, "Waiting for the customer's approval, reference "
                        + operation.id() + ". This " + operation.summary() + " is above the amount that can move without a human, "
                        + "and must be approved outside this conversation before " + operation.expiresAt() + ". Nothing has been "
                        + "posted yet. Tell the customer; do not repeat the request with a new key.", null, operation.id(),
                        operation.expiresAt());
            }
        };
    }

    private Views.Movement movement(LedgerOutcome outcome) {
        return switch (outcome) {
            case LedgerOutcome.Posted posted -> {
                Views.Transaction transaction = Views.transaction(posted.receipt(), visibleLegs(posted.receipt()));
                yield posted.replayed()
                        ? new Views.Movement(Views.Movement.Status.ALREADY_POSTED,
                                "Already posted earlier under this idempotency key; nothing new was posted.", transaction, null, null)
                        : new Views.Movement(Views.Movement.Status.POSTED, "Posted.", transaction, null, null);
            }
            case LedgerOutcome.Rejected rejected -> throw new ToolRefusal(rejected.message());
        };
    }

    private Money money(String amount, String currency, Account account) {
        Currency accountCurrency = account.currency();
        if (currency != null && !currency.isBlank()) {
            Currency requested = Currencies.parse(currency).orElseThrow(
                    () -> new ToolRefusal("currency must be an ISO code such as EUR."));
            if (!requested.equals(accountCurrency)) {
                throw new ToolRefusal("Account " + account.number() + " holds " + accountCurrency.getCurrencyCode()
                        + ", not " + requested.getCurrencyCode() + ".");
            }
        }
        return switch (scope.bank().amountRules().parse(amount, accountCurrency)) {
            case ParsedAmount.Valid valid -> valid.money();
            case ParsedAmount.Invalid invalid -> throw new ToolRefusal(invalid.message());
        };
    }

    private static Optional<Instant> instant(String text, String parameter) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String value = text.strip();
        try {
            return Optional.of(value.length() == 10
                    ? LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC)
                    : Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw new ToolRefusal(parameter + " must be a date such as 2026-11-01 or an instant such as 2026-11-01T09:30:00Z.");
        }
    }
}
