package dev.agentbank.approvals.tools;

import dev.agentbank.accounts.application.AccountDirectory;
import dev.agentbank.accounts.application.VisibleAccounts;
import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.Refusal;
import dev.agentbank.approvals.application.ConfirmationGate;
import dev.agentbank.approvals.model.GateOutcome;
import dev.agentbank.approvals.model.PendingOperation;
import dev.agentbank.approvals.model.Proposal;
import dev.agentbank.identity.Capability;
import dev.agentbank.ledger.application.AccountHistory;
import dev.agentbank.ledger.model.Commands;
import dev.agentbank.ledger.model.LedgerOutcome;
import dev.agentbank.ledger.model.Receipt;
import dev.agentbank.ledger.tools.LedgerViews;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.money.AmountRules.ParsedAmount;
import dev.agentbank.shared.money.AmountRules;
import dev.agentbank.shared.money.Money;
import dev.agentbank.tools.Effect;
import dev.agentbank.tools.ToolModule;
import dev.agentbank.tools.ToolPolicy;
import dev.agentbank.tools.ToolRefusal;
import dev.agentbank.tools.ToolScope;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.util.Locale;
import java.util.Optional;

/**
 * Money movement: deposits, withdrawals, transfers and reversals. Each needs an idempotency key, and each goes
 * through the confirmation gate, so only a human can let a movement above the threshold through.
 */
public final class MoneyTools {
    private static final String KEY = """
            A fresh unique key (e.g. a UUID) for this intended operation. Reuse the same key only when retrying \
            the same operation, so it is never posted twice.""";
    private static final String AMOUNT = "Amount as a plain decimal string, e.g. \"250.00\".";
    private static final String CURRENCY = "ISO currency code; must be the account's. Omit to use the account's currency.";
    private static final String REFERENCE = "Short reference shown in the history, e.g. \"rent\".";

    private final ToolScope scope;
    private final VisibleAccounts visible;
    private final AccountDirectory accounts;
    private final ConfirmationGate gate;
    private final AccountHistory history;
    private final AmountRules amountRules;

    public MoneyTools(ToolScope scope, AccountDirectory accounts, ConfirmationGate gate, AccountHistory history,
                      AmountRules amountRules) {
        this.scope = scope;
        this.visible = accounts.visibleTo(scope.principal());
        this.accounts = accounts;
        this.gate = gate;
        this.history = history;
        this.amountRules = amountRules;
    }

    public static ToolModule module(AccountDirectory accounts, ConfirmationGate gate, AccountHistory history, AmountRules amountRules) {
        return ToolModule.of(MoneyTools.class, scope -> new MoneyTools(scope, accounts, gate, history, amountRules));
    }

    @Tool(name = "deposit", value = "Deposits money into an account. Restate the amount and account to the user before calling.")
    @ToolPolicy(requires = Capability.MOVE_MONEY, effect = Effect.MOVES_MONEY, title = "Deposit")
    public LedgerViews.Movement deposit(
            @P("Account number to credit, e.g. AB0000000195.") String account_number,
            @P(AMOUNT) String amount,
            @P(value = CURRENCY, required = false) String currency,
            @P(value = REFERENCE, required = false) String reference,
            @P(KEY) String idempotency_key) {
        IdempotencyKey key = new IdempotencyKey(idempotency_key);
        Account account = visible.account(account_number, "account_number");
        Money money = money(amount, currency, account);
        return submit(Proposal.of(new Commands.Deposit(account.number(), money.amount(), Optional.of(money.currency()), reference, key),
                money, account.balance().plus(money)).foreseeing(account.refusalAsPlainAccount()
                .or(() -> account.refusalToCredit(money)).map(Refusal::message)));
    }

    @Tool(name = "withdraw", value = "Withdraws money from an account, within its available funds. Restate the amount and account before calling.")
    @ToolPolicy(requires = Capability.MOVE_MONEY, effect = Effect.MOVES_MONEY, title = "Withdraw")
    public LedgerViews.Movement withdraw(
            @P("Account number to debit, e.g. AB0000000195.") String account_number,
            @P(AMOUNT) String amount,
            @P(value = CURRENCY, required = false) String currency,
            @P(value = REFERENCE, required = false) String reference,
            @P(KEY) String idempotency_key) {
        IdempotencyKey key = new IdempotencyKey(idempotency_key);
        Account account = visible.account(account_number, "account_number");
        Money money = money(amount, currency, account);
        return submit(Proposal.of(new Commands.Withdrawal(account.number(), money.amount(), Optional.of(money.currency()), reference, key),
                money, account.balance().minus(money)).foreseeing(account.refusalAsPlainAccount()
                .or(() -> account.refusalToDebit(money)).map(Refusal::message)));
    }

    @Tool(name = "transfer", value = """
            Moves money between two accounts in the same currency. Customers can move money only between their \
            own accounts. Restate from, to and amount before calling.""")
    @ToolPolicy(requires = Capability.MOVE_MONEY, effect = Effect.MOVES_MONEY, title = "Transfer")
    public LedgerViews.Movement transfer(
            @P("Account number to debit.") String from_account,
            @P("Account number to credit.") String to_account,
            @P(AMOUNT) String amount,
            @P(value = CURRENCY, required = false) String currency,
            @P(value = REFERENCE, required = false) String reference,
            @P(KEY) String idempotency_key) {
        IdempotencyKey key = new IdempotencyKey(idempotency_key);
        Account from = visible.account(from_account, "from_account");
        Account to = visible.account(to_account, "to_account");
        Money money = money(amount, currency, from);
        return submit(Proposal.of(new Commands.Transfer(from.number(), to.number(), money.amount(), Optional.of(money.currency()), reference, key),
                money, from.balance().minus(money)).foreseeing(from.refusalAsPlainAccount().or(to::refusalAsPlainAccount)
                .or(() -> from.refusalToDebit(money)).or(() -> to.refusalToCredit(money)).map(Refusal::message)));
    }

    @Tool(name = "reverse_transaction", value = """
            Reverses a posted transaction by posting its mirror image; a transaction can be reversed once. \
            For correcting mistakes, not for refunds between customers.""")
    @ToolPolicy(requires = Capability.REVERSE_TRANSACTIONS, effect = Effect.MOVES_MONEY, title = "Reverse transaction")
    public LedgerViews.Movement reverseTransaction(
            @P("Id of the transaction to reverse.") long transaction_id,
            @P("Why it is reversed, kept in the history.") String reason,
            @P(KEY) String idempotency_key) {
        IdempotencyKey key = new IdempotencyKey(idempotency_key);
        Receipt original = history.transaction(transaction_id)
                .filter(receipt -> !LedgerViews.visibleLegs(receipt, scope.principal(), visible).isEmpty())
                .orElseThrow(() -> new ToolRefusal("No transaction " + transaction_id + " is available to you."));
        return submit(reversalProposal(original, new Commands.Reversal(transaction_id, reason, key)));
    }

    /** What the mirror entry would do to customer accounts, for the human who may have to confirm it. */
    private Proposal reversalProposal(Receipt original, Commands.Reversal reversal) {
        Optional<Account> debited = Optional.empty();
        Optional<Account> credited = Optional.empty();
        Money amount = null;
        for (Receipt.Leg leg : original.legs()) {
            Optional<Account> account = accounts.find(leg.account());
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

    private LedgerViews.Movement submit(Proposal proposal) {
        return switch (gate.submit(scope.principal(), proposal, scope.context())) {
            case GateOutcome.Posted posted -> movement(posted.posting());
            case GateOutcome.Rejected rejected -> throw new ToolRefusal(rejected.message());
            case GateOutcome.Declined declined -> new LedgerViews.Movement(
                    declined.cancelled() ? LedgerViews.Movement.Status.CANCELLED : LedgerViews.Movement.Status.DECLINED,
                    "The customer " + (declined.cancelled() ? "dismissed" : "declined") + " the confirmation of this "
                            + proposal.kind().name().toLowerCase(Locale.ROOT) + "; nothing was posted. "
                            + "Do not retry unless the customer asks for it again.", null, null, null);
            case GateOutcome.AwaitingApproval awaiting -> {
                PendingOperation operation = awaiting.operation();
                yield new LedgerViews.Movement(LedgerViews.Movement.Status.AWAITING_APPROVAL, "Waiting for the customer's approval, reference "
                        + operation.id() + ". This " + operation.summary() + " needs a human: its amount, or with it what moved without"
                        + " one in the last 24 hours, is above the threshold. It must be approved outside this conversation before " + operation.expiresAt() + ". Nothing has been "
                        + "posted yet. Tell the customer; do not repeat the request with a new key.", null, operation.id(),
                        operation.expiresAt());
            }
        };
    }

    private LedgerViews.Movement movement(LedgerOutcome outcome) {
        return switch (outcome) {
            case LedgerOutcome.Posted posted -> {
                LedgerViews.Transaction transaction = LedgerViews.transaction(posted.receipt(), LedgerViews.visibleLegs(posted.receipt(), scope.principal(), visible));
                yield posted.replayed()
                        ? new LedgerViews.Movement(LedgerViews.Movement.Status.ALREADY_POSTED,
                                "Already posted earlier under this idempotency key; nothing new was posted.", transaction, null, null)
                        : new LedgerViews.Movement(LedgerViews.Movement.Status.POSTED, "Posted.", transaction, null, null);
            }
            case LedgerOutcome.Rejected rejected -> throw new ToolRefusal(rejected.message());
        };
    }

    private Money money(String amount, String currency, Account account) {
        return switch (amountRules.parseFor(amount, currency, account.currency(), account.number())) {
            case ParsedAmount.Valid valid -> valid.money();
            case ParsedAmount.Invalid invalid -> throw new ToolRefusal(invalid.message());
        };
    }

}
