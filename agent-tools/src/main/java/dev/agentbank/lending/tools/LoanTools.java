package dev.agentbank.lending.tools;

import dev.agentbank.identity.Capability;
import dev.agentbank.lending.application.LoanBook;
import dev.agentbank.lending.application.Repayments;
import dev.agentbank.lending.model.Loan;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.money.AmountRules;
import dev.agentbank.shared.money.AmountRules.ParsedAmount;
import dev.agentbank.shared.money.Money;
import dev.agentbank.tools.Effect;
import dev.agentbank.tools.ToolModule;
import dev.agentbank.tools.ToolPolicy;
import dev.agentbank.tools.ToolRefusal;
import dev.agentbank.tools.ToolScope;
import dev.agentbank.tools.Views;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;

/**
 * Loans once paid out: read one, list them, repay. Thin: amounts are parsed here, the rules live in {@link Loan},
 * {@link Repayments} and {@link LoanBook}.
 *
 * <p>A repayment moves money from the customer's own account to their own loan, as the loan contract they confirmed
 * already provides (the due-date collection takes the same money without asking). It therefore posts without the
 * confirmation gate's question, like the collection; it still needs MOVE_MONEY and an idempotency key.
 */
public final class LoanTools {
    private static final String LOAN_ID = "Loan id, e.g. LN-7K3M9QX2B4TD.";

    private final ToolScope scope;
    private final LoanBook book;
    private final Repayments repayments;
    private final AmountRules amountRules;

    public LoanTools(ToolScope scope, LoanBook book, Repayments repayments, AmountRules amountRules) {
        this.scope = scope;
        this.book = book;
        this.repayments = repayments;
        this.amountRules = amountRules;
    }

    public static ToolModule module(LoanBook book, Repayments repayments, AmountRules amountRules) {
        return ToolModule.of(LoanTools.class, scope -> new LoanTools(scope, book, repayments, amountRules));
    }

    @Tool(name = "get_loan", value = """
            Returns a loan as of today: outstanding principal, the next installment, payoff_today (what settles it today), \
            days past due and arrears state, and the schedule with paid and overdue installments.""")
    @ToolPolicy(requires = Capability.READ_LOANS, effect = Effect.READ, title = "Get loan")
    public LoanViews.LoanDetail getLoan(@P(LOAN_ID) String loan_id) {
        return LoanViews.LoanDetail.of(book.get(scope.principal(), loan_id), book.today());
    }

    @Tool(name = "list_loans", value = "Lists a customer's loans, newest first. Customers may omit customer_id; staff must give it.")
    @ToolPolicy(requires = Capability.READ_LOANS, effect = Effect.READ, title = "List loans")
    public LoanViews.LoanList listLoans(
            @P(value = "Customer id; omit to mean the signed-in customer.", required = false) Long customer_id) {
        var listed = book.list(scope.principal(), customer_id);
        return new LoanViews.LoanList(listed.customerId(),
                listed.loans().stream().map(loan -> LoanViews.LoanSummary.of(loan, book.today())).toList());
    }

    @Tool(name = "repay_loan", value = """
            Repays a loan from an account of the loan's customer. Pays overdue and due installments first, oldest first; \
            an amount of at least payoff_today (see get_loan) pays exactly the payoff and closes the loan. The bank itself \
            asks the customer to confirm, outside this conversation; when this client cannot ask, the repayment is \
            awaiting_approval under an approval_id, and once that is approved you call again with the same idempotency_key. \
            Restate the amount, the account and the loan to the customer before calling.""")
    @ToolPolicy(requires = Capability.MOVE_MONEY, effect = Effect.MOVES_MONEY, title = "Repay loan")
    public LoanViews.Repayment repayLoan(
            @P(LOAN_ID) String loan_id,
            @P("Account number to pay from, an account of the loan's customer, e.g. AB0000000195.") String from_account,
            @P("Amount as a plain decimal string in the loan's currency, e.g. \"250.00\".") String amount,
            @P("""
                    A fresh unique key (e.g. a UUID) for this repayment. Reuse the same key only when retrying the same \
                    repayment, so it is never posted twice.""") String idempotency_key) {
        IdempotencyKey key = new IdempotencyKey(idempotency_key);
        Loan loan = book.get(scope.principal(), loan_id);
        Money money = switch (amountRules.parse(amount, loan.principal().currency())) {
            case ParsedAmount.Valid valid -> valid.money();
            case ParsedAmount.Invalid invalid -> throw new ToolRefusal(invalid.message());
        };
        return switch (repayments.confirmAndRepay(scope.principal(), loan_id, from_account, money, key, scope.context().human())) {
            case Repayments.Outcome.Repaid repaid -> new LoanViews.Repayment(
                    repaid.replayed() ? LoanViews.Repayment.Status.ALREADY_POSTED : LoanViews.Repayment.Status.POSTED,
                    message(repaid, money), repaid.transactionId(), Views.decimal(repaid.charged()),
                    Views.decimal(repaid.principal()), Views.decimal(repaid.interest()),
                    LoanViews.LoanDetail.of(repaid.loan(), book.today()), null, null);
            case Repayments.Outcome.Refused refused -> throw new ToolRefusal(refused.message());
            case Repayments.Outcome.NotConfirmed none -> new LoanViews.Repayment(LoanViews.Repayment.Status.NOT_CONFIRMED,
                    none.message() + " Do not repay again unless the customer asks for it.", null, null, null, null, null, null, null);
            case Repayments.Outcome.AwaitingConfirmation waiting -> new LoanViews.Repayment(
                    LoanViews.Repayment.Status.AWAITING_APPROVAL, "This client cannot ask the customer directly, so the"
                    + " repayment waits as approval request " + waiting.approvalId() + " until " + waiting.expiresAt()
                    + "; nothing is posted yet. The customer approves it outside this conversation with ./bank approvals"
                    + " approve " + waiting.approvalId() + "; you cannot. Then call repay_loan again with the same"
                    + " idempotency_key.", null, null, null, null, null, waiting.approvalId(), waiting.expiresAt());
        };
    }

    private static String message(Repayments.Outcome.Repaid repaid, Money asked) {
        if (repaid.replayed()) {
            return "Already posted earlier under this idempotency key; nothing new was posted.";
        }
        String closed = repaid.loan().status() == Loan.Status.CLOSED ? " The loan is now fully repaid and closed." : "";
        String less = repaid.charged().equals(asked) ? ""
                : " Only the payoff of " + repaid.charged() + " was taken, not the " + asked + " offered.";
        return "Posted." + less + closed;
    }
}
