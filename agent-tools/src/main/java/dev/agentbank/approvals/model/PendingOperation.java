package dev.agentbank.approvals.model;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.ledger.model.Commands;
import dev.agentbank.ledger.model.EntryKind;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Currency;
import java.util.Locale;
import java.util.Optional;

/** A money movement waiting for a human, or what became of it. */
public record PendingOperation(String id, String principal, String idempotencyKey, EntryKind kind, Long reversesTransactionId,
                               String fromAccount,
                               String toAccount, BigDecimal amount, String currency, String reference, String fingerprint,
                               Status status, Instant createdAt, Instant expiresAt, String decidedBy, Instant decidedAt,
                               String channel, Long transactionId, String failure) {

    public enum Status { PENDING, APPROVED, EXECUTED, REJECTED, EXPIRED, FAILED }

    /** The amount with the currency's decimals, e.g. 250.00 (the column keeps four). */
    public String amountText() {
        return amount.setScale(Money.scaleOf(Currency.getInstance(currency)), RoundingMode.UNNECESSARY).toPlainString();
    }

    /** The status as of now: a pending request past its expiry is expired even before anyone marks it. */
    public Status statusAt(Instant now) {
        return status == Status.PENDING && !expiresAt.isAfter(now) ? Status.EXPIRED : status;
    }

    public String summary() {
        String what = reversesTransactionId == null ? kind.name().charAt(0) + kind.name().substring(1).toLowerCase(Locale.ROOT)
                : "Reversal of transaction " + reversesTransactionId + ",";
        return what + " of " + amountText() + " " + currency
                + (fromAccount == null ? "" : " from " + fromAccount) + (toAccount == null ? "" : " to " + toAccount);
    }

    /** The request as it was proposed, to post under its original idempotency key. */
    public Commands.Command command() {
        IdempotencyKey key = new IdempotencyKey(idempotencyKey);
        Optional<Currency> inCurrency = Optional.of(Currency.getInstance(currency));
        return switch (kind) {
            case DEPOSIT -> new Commands.Deposit(number(toAccount), amount, inCurrency, reference, key);
            case WITHDRAWAL -> new Commands.Withdrawal(number(fromAccount), amount, inCurrency, reference, key);
            case TRANSFER -> new Commands.Transfer(number(fromAccount), number(toAccount), amount, inCurrency, reference, key);
            case REVERSAL -> new Commands.Reversal(reversesTransactionId, reference, key);
            case OPENING -> throw new IllegalStateException("an account opening never waits for approval");
            case DISBURSEMENT -> throw new IllegalStateException("a loan disbursement never waits for approval");
            case LOAN_REPAYMENT -> throw new IllegalStateException("a loan repayment never waits for approval");
            case PAYMENT, PAYMENT_OUT, PAYMENT_SETTLED, PAYMENT_RETURNED, PAYMENT_HELD, PAYMENT_RELEASED ->
                    throw new IllegalStateException("a payment waits as a pending confirmation, never as a pending operation");
        };
    }

    private static AccountNumber number(String raw) {
        return AccountNumber.parse(raw).orElseThrow(() -> new IllegalStateException("stored approval has a bad account number"));
    }
}
