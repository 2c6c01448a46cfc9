package dev.agentbank.approvals.model;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.identity.ConfirmationRequest;
import dev.agentbank.ledger.model.Commands;
import dev.agentbank.ledger.model.EntryKind;
import dev.agentbank.shared.money.Money;
import dev.agentbank.shared.text.PlainText;
import java.util.Locale;
import java.util.Optional;

/**
 * A money movement a model has asked for, in full, as the human who decides on it sees it.
 *
 * @param balanceAfter the balance of the account debited (or credited, for a deposit) if it goes through
 * @param askedBecause  why a human is asked when the amount alone would not need one (a total moved without one)
 */
public record Proposal(Commands.Command command, Optional<AccountNumber> from, Optional<AccountNumber> to, Money amount,
                       String reference, Money balanceAfter, Optional<String> foreseenRefusal, Optional<String> askedBecause)
        implements ConfirmationRequest {
    public Proposal {
        reference = reference == null ? "" : reference;
        foreseenRefusal = foreseenRefusal == null ? Optional.empty() : foreseenRefusal;
        askedBecause = askedBecause == null ? Optional.empty() : askedBecause;
    }

    public Proposal(Commands.Command command, Optional<AccountNumber> from, Optional<AccountNumber> to, Money amount,
                    String reference, Money balanceAfter) {
        this(command, from, to, amount, reference, balanceAfter, Optional.empty(), Optional.empty());
    }

    /** The same proposal, saying why a human is asked although the amount itself is under the threshold. */
    public Proposal askedBecause(String reason) {
        return new Proposal(command, from, to, amount, reference, balanceAfter, foreseenRefusal, Optional.of(reason));
    }

    /**
     * The same proposal, noting a refusal the ledger will certainly give (e.g. insufficient funds as of now),
     * so nobody is asked to approve what cannot post.
     */
    public Proposal foreseeing(Optional<String> refusal) {
        return new Proposal(command, from, to, amount, reference, balanceAfter, refusal, askedBecause);
    }

    /** A movement as its human sees it; {@code balanceAfter} is of the account debited, or credited by a deposit. */
    public static Proposal of(Commands.Movement movement, Money amount, Money balanceAfter) {
        return switch (movement) {
            case Commands.Deposit deposit -> new Proposal(deposit, Optional.empty(), Optional.of(deposit.account()), amount,
                    deposit.reference(), balanceAfter);
            case Commands.Withdrawal withdrawal -> new Proposal(withdrawal, Optional.of(withdrawal.account()), Optional.empty(),
                    amount, withdrawal.reference(), balanceAfter);
            case Commands.Transfer transfer -> new Proposal(transfer, Optional.of(transfer.from()), Optional.of(transfer.to()),
                    amount, transfer.reference(), balanceAfter);
            case Commands.Disbursement disbursement -> throw new IllegalStateException("a loan disbursement never waits for approval");
            case Commands.LoanRepayment repayment -> throw new IllegalStateException("a loan repayment never waits for approval");
            case Commands.InternalPayment payment -> throw notAProposal();
            case Commands.ExternalPayment payment -> throw notAProposal();
            case Commands.PaymentSettlement settlement -> throw notAProposal();
            case Commands.PaymentReturn paymentReturn -> throw notAProposal();
            case Commands.HeldPayment held -> throw notAProposal();
            case Commands.HoldRelease release -> throw notAProposal();
        };
    }

    /** Payments ask their human through the payments context, with the payee shown; they never wait as an operation. */
    private static IllegalStateException notAProposal() {
        return new IllegalStateException("payments are confirmed by the payments context, not as a pending operation");
    }

    /** A reversal, described by what its mirror entry does: {@code from} is the customer account it debits. */
    public static Proposal reversal(Commands.Reversal reversal, Optional<AccountNumber> from, Optional<AccountNumber> to,
                                    Money amount, Money balanceAfter) {
        return new Proposal(reversal, from, to, amount, reversal.reason(), balanceAfter);
    }

    public EntryKind kind() {
        return command.kind();
    }

    @Override
    public String subject() {
        return kind().name().toLowerCase(Locale.ROOT);
    }

    /** The account whose balance {@link #balanceAfter} is. */
    public AccountNumber balanceAccount() {
        return from.or(() -> to).orElseThrow();
    }

    @Override
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(switch (command) {
            case Commands.Deposit deposit -> "Deposit of ";
            case Commands.Withdrawal withdrawal -> "Withdrawal of ";
            case Commands.Transfer transfer -> "Transfer of ";
            case Commands.Disbursement disbursement -> throw new IllegalStateException("a loan disbursement never waits for approval");
            case Commands.LoanRepayment repayment -> throw new IllegalStateException("a loan repayment never waits for approval");
            case Commands.InternalPayment payment -> throw notAProposal();
            case Commands.ExternalPayment payment -> throw notAProposal();
            case Commands.PaymentSettlement settlement -> throw notAProposal();
            case Commands.PaymentReturn paymentReturn -> throw notAProposal();
            case Commands.HeldPayment held -> throw notAProposal();
            case Commands.HoldRelease release -> throw notAProposal();
            case Commands.Reversal reversal -> "Reversal of transaction " + reversal.transactionId() + ", moving ";
        }).append(amount.amount().toPlainString()).append(' ').append(amount.currency().getCurrencyCode()).append('\n');
        from.ifPresent(number -> text.append("From: ").append(number).append('\n'));
        to.ifPresent(number -> text.append("To: ").append(number).append('\n'));
        text.append(command instanceof Commands.Reversal ? "Reason: \"" : "Reference: \"").append(PlainText.printable(reference)).append("\"\n");
        text.append("Balance of ").append(balanceAccount()).append(" after: ")
                .append(balanceAfter.amount().toPlainString()).append(' ').append(balanceAfter.currency().getCurrencyCode());
        askedBecause.ifPresent(reason -> text.append('\n').append(reason));
        return text.toString();
    }

}
