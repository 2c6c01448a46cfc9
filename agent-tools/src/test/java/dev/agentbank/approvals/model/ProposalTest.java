package dev.agentbank.approvals.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.ledger.model.Commands;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProposalTest {
    private static final Currency EUR = Currency.getInstance("EUR");

    @Test
    void describesATransferWithoutAReference() {
        AccountNumber from = AccountNumber.fromSerial(1);
        AccountNumber to = AccountNumber.fromSerial(2);
        Commands.Transfer transfer = new Commands.Transfer(from, to, new BigDecimal("250.00"), Optional.of(EUR), null,
                new IdempotencyKey("no-reference-1"));

        String text = Proposal.of(transfer, new Money(new BigDecimal("250.00"), EUR), new Money(new BigDecimal("10.00"), EUR)).describe();

        assertThat(text).contains("Transfer of 250.00 EUR", "From: " + from, "To: " + to, "Reference: \"\"", "after: 10.00 EUR");
    }
}
