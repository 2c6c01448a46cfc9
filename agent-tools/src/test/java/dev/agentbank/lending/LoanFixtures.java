package dev.agentbank.lending;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.lending.model.ApplicationId;
import dev.agentbank.lending.model.Consent;
import dev.agentbank.lending.model.EmploymentStatus;
import dev.agentbank.lending.model.LoanApplication;
import dev.agentbank.lending.model.LoanFields;
import dev.agentbank.lending.model.LoanProduct;
import dev.agentbank.lending.model.Offer;
import dev.agentbank.lending.model.RiskBand;
import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.Map;
import java.util.Random;

/** Accepted applications built straight from the model, to pay out without running underwriting first. */
public final class LoanFixtures {
    private static final Random RANDOM = new Random();

    private LoanFixtures() {}

    /** Band A lends at 7.30 %, so a day's interest on 10,000.00 is exactly 2.00 (10,000 × 0.073 / 365). */
    public static LoanProduct product() {
        return new LoanProduct("personal-loan", Currency.getInstance("EUR"), new BigDecimal("1000.00"), new BigDecimal("50000.00"),
                6, 84, Map.of(RiskBand.A, new BigDecimal("7.30"), RiskBand.B, new BigDecimal("9.90"), RiskBand.C, new BigDecimal("14.90")),
                new BigDecimal("1.00"), new BigDecimal("25.00"));
    }

    public static LoanApplication.Accepted accepted(long customerId, AccountNumber payoutAccount, String amount, int termMonths,
                                                    LocalDate firstDueDate, Instant at) {
        Money money = Money.of(amount, "EUR");
        LoanFields fields = new LoanFields(money, termMonths, "car", Money.of("4000.00", "EUR"), Money.of("800.00", "EUR"),
                Money.of("0.00", "EUR"), EmploymentStatus.EMPLOYED, 48, payoutAccount);
        LoanApplication.Common common = new LoanApplication.Common(ApplicationId.random(RANDOM), customerId, "personal-loan",
                fields, at, at);
        LoanApplication.Submission submission = new LoanApplication.Submission(new Consent("chat-terminal", "customer:" + customerId, at), at);
        Offer offer = Offer.of(product(), RiskBand.A, money, termMonths, firstDueDate);
        return new LoanApplication.Accepted(common, submission, offer, at);
    }
}
