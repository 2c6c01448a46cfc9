package dev.agentbank.lending.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.lending.model.LoanApplication.Accepted;
import dev.agentbank.lending.model.LoanApplication.Approved;
import dev.agentbank.lending.model.LoanApplication.Declined;
import dev.agentbank.lending.model.LoanApplication.Disbursed;
import dev.agentbank.lending.model.LoanApplication.Draft;
import dev.agentbank.lending.model.LoanApplication.Expired;
import dev.agentbank.lending.model.LoanApplication.Referred;
import dev.agentbank.lending.model.LoanApplication.Status;
import dev.agentbank.lending.model.LoanApplication.Submission;
import dev.agentbank.lending.model.LoanApplication.Submitted;
import dev.agentbank.lending.model.LoanApplication.Withdrawn;
import dev.agentbank.shared.money.Money;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LoanApplicationTest {
    static final LoanProduct PRODUCT = LoanProduct.personalLoan();
    static final ApplicationId ID = new ApplicationId("LA-7Q2M9X4KD1ZR");
    static final long CUSTOMER = 42;
    static final AccountNumber CHECKING = AccountNumber.fromSerial(1234);
    static final Instant STARTED = Instant.parse("2027-01-10T09:00:00Z");
    static final Instant SUBMITTED = STARTED.plus(Duration.ofHours(1));
    static final Instant DECIDED = STARTED.plus(Duration.ofHours(2));
    static final Instant ACCEPTED = STARTED.plus(Duration.ofDays(3));
    static final Instant PAID_OUT = ACCEPTED.plus(Duration.ofMinutes(5));
    static final Consent CONSENT = new Consent("mcp-elicitation", "customer:42", SUBMITTED.minusSeconds(20));
    static final Duration NANO = Duration.ofNanos(1);
    static final UnderwritingRules RULES = new UnderwritingRules(PRODUCT);

    static final FieldChanges EVERYTHING = FieldChanges.none().withAmount(new BigDecimal("15000")).withTermMonths(60)
            .withPurpose("a used car").withMonthlyNetIncome(new BigDecimal("4500.00"))
            .withMonthlyHousingCost(new BigDecimal("900")).withMonthlyDebtPayments(new BigDecimal("150.00"))
            .withEmploymentStatus("Employed").withMonthsEmployed(38).withDisbursementAccount(CHECKING.value());

    // --- the path through the states -----------------------------------------------------------------------------------

    @Nested
    class Drafts {
        @Test
        void startsEmptyAndAsksForEveryField() {
            Draft draft = Draft.start(ID, CUSTOMER, PRODUCT, STARTED);

            assertThat(draft.status()).isEqualTo(Status.DRAFT);
            assertThat(draft.status().wireName()).isEqualTo("draft");
            assertThat(draft.id()).isEqualTo(ID);
            assertThat(draft.customerId()).isEqualTo(CUSTOMER);
            assertThat(draft.productCode()).isEqualTo("personal-loan");
            assertThat(draft.createdAt()).isEqualTo(STARTED);
            assertThat(draft.lastTouchedAt()).isEqualTo(STARTED);
            assertThat(draft.missingFields()).containsExactly(LoanField.values());
            assertThat(draft.isFinal()).isFalse();
            assertThat(draft.nextStep()).isEqualTo("Ask the customer for: amount, term_months, purpose, monthly_net_income,"
                    + " monthly_housing_cost, monthly_debt_payments, employment_status, months_employed, disbursement_account;"
                    + " save each answer with update_loan_application. Then call submit_loan_application, which asks the"
                    + " customer to consent to a credit check. Unless it is changed, the draft expires on 2027-02-09 09:00 UTC.");
        }

        @Test
        void savesWhatItIsGivenAFewFieldsAtATimeAndTouchesTheDraft() {
            Instant later = STARTED.plus(Duration.ofDays(2));
            Draft first = moved(Draft.start(ID, CUSTOMER, PRODUCT, STARTED).update(FieldChanges.none()
                    .withAmount(new BigDecimal("15000")).withTermMonths(60).withPurpose(" a used car "), PRODUCT, STARTED));
            Draft second = moved(first.update(FieldChanges.none().withMonthlyNetIncome(new BigDecimal("4500"))
                    .withEmploymentStatus("EMPLOYED").withTermMonths(48), PRODUCT, later));

            assertThat(second.fields()).isEqualTo(new LoanFields(Money.of("15000.00", "EUR"), 48, "a used car",
                    Money.of("4500.00", "EUR"), null, null, EmploymentStatus.EMPLOYED, null, null));
            assertThat(second.createdAt()).isEqualTo(STARTED);
            assertThat(second.lastTouchedAt()).isEqualTo(later);
            assertThat(second.expiresAt()).isEqualTo(later.plus(Duration.ofDays(30)));
            assertThat(second.nextStep()).isEqualTo("Ask the customer for: monthly_housing_cost, monthly_debt_payments,"
                    + " months_employed, disbursement_account; save each answer with update_loan_application. Then call"
                    + " submit_loan_application, which asks the customer to consent to a credit check. Unless it is changed,"
                    + " the draft expires on 2027-02-11 09:00 UTC.");
        }

        @Test
        void saysToSubmitOnceEveryFieldIsSaved() {
            Draft complete = completeDraft();

            assertThat(complete.missingFields()).isEmpty();
            assertThat(complete.nextStep()).isEqualTo("Every field is saved. Confirm the details with the customer, then call"
                    + " submit_loan_application, which asks the customer to consent to a credit check. Unless it is changed,"
                    + " the draft expires on 2027-02-09 09:00 UTC.");
        }

        @Test
        void savesNothingWhenAnyFieldIsBadAndNamesEachBadField() {
            Draft draft = completeDraft();

            Transition<Draft> refused = draft.update(FieldChanges.none().withPurpose("a new kitchen")
                    .withAmount(new BigDecimal("75000")).withMonthlyNetIncome(new BigDecimal("-2500.00")), PRODUCT, SUBMITTED);

            assertThat(refused).isEqualTo(Transition.refused("Nothing was saved. amount must be from 1000.00 to 50000.00 EUR."
                    + " monthly_net_income must be from 0.00 to 1000000.00 EUR a month, got -2500.00."));
            assertThat(draft).isEqualTo(completeDraft());
        }

        @Test
        void refusesAnUpdateThatGivesNothing() {
            Draft draft = completeDraft();

            assertThat(draft.update(FieldChanges.none(), PRODUCT, SUBMITTED)).isEqualTo(Transition.refused(
                    "Nothing to save for application LA-7Q2M9X4KD1ZR: give one or more of amount, term_months, purpose,"
                            + " monthly_net_income, monthly_housing_cost, monthly_debt_payments, employment_status,"
                            + " months_employed, disbursement_account."));
        }

        @Test
        void submitsWithTheCustomersConsent() {
            Submitted submitted = moved(completeDraft().submit(CONSENT, PRODUCT, SUBMITTED));

            assertThat(submitted.status()).isEqualTo(Status.SUBMITTED);
            assertThat(submitted.submission()).isEqualTo(new Submission(CONSENT, SUBMITTED));
            assertThat(submitted.fields()).isEqualTo(completeDraft().fields());
            assertThat(submitted.lastTouchedAt()).isEqualTo(SUBMITTED);
            assertThat(submitted.missingFields()).isEmpty();
            assertThat(submitted.nextStep()).isEqualTo("The bank is checking the credit report; call get_loan_application again later.");
        }

        @Test
        void refusesToSubmitWhileFieldsAreMissingNamingThem() {
            Draft draft = moved(Draft.start(ID, CUSTOMER, PRODUCT, STARTED).update(EVERYTHING.withMonthlyNetIncome(null)
                    .withMonthsEmployed(null), PRODUCT, STARTED));

            assertThat(draft.submit(CONSENT, PRODUCT, SUBMITTED)).isEqualTo(Transition.refused("Application LA-7Q2M9X4KD1ZR"
                    + " cannot be submitted yet: ask the customer for monthly_net_income, months_employed and save them with"
                    + " update_loan_application first."));
        }

        @Test
        void refusesToSubmitAnAmountTheProductNoLongerLends() {
            LoanProduct shrunk = new LoanProduct("personal-loan", PRODUCT.currency(), new BigDecimal("1000.00"),
                    new BigDecimal("10000.00"), 6, 84, PRODUCT.nominalRatePercent(), PRODUCT.feePercent(), PRODUCT.feeMinimum());

            assertThat(completeDraft().submit(CONSENT, shrunk, SUBMITTED)).isEqualTo(Transition.refused("Application"
                    + " LA-7Q2M9X4KD1ZR cannot be submitted as it is: amount must be from 1000.00 to 10000.00 EUR."
                    + " Save a new value with update_loan_application first."));
        }

        @Test
        void keepsLastTouchedFromGoingBackWhenAClockIsBehind() {
            Draft draft = completeDraft();

            Draft updated = moved(draft.update(FieldChanges.none().withPurpose("a car"), PRODUCT, STARTED.minusSeconds(3)));

            assertThat(updated.lastTouchedAt()).isEqualTo(STARTED);
            assertThat(updated.fields().purpose()).isEqualTo("a car");
        }

        @Test
        void failsLoudlyWhenGivenAnotherProduct() {
            LoanProduct other = new LoanProduct("car-loan", PRODUCT.currency(), PRODUCT.minAmount(), PRODUCT.maxAmount(), 6, 84,
                    PRODUCT.nominalRatePercent(), PRODUCT.feePercent(), PRODUCT.feeMinimum());

            assertThatThrownBy(() -> completeDraft().update(EVERYTHING, other, SUBMITTED))
                    .hasMessage("application LA-7Q2M9X4KD1ZR is for product personal-loan, not car-loan");
        }
    }

    @Nested
    class Decisions {
        @Test
        void approvesWithAnOfferForTheAmountAndTermAskedForOpenFor14Days() {
            Decision decision = decision(submitted(), "4500.00", 690, 400);
            assertThat(decision).isInstanceOf(Decision.Approved.class);

            Approved approved = (Approved) moved(submitted().decide(decision, PRODUCT, DECIDED));

            Offer expected = Offer.of(PRODUCT, RiskBand.B, Money.of("15000.00", "EUR"), 60, LocalDate.of(2027, 2, 10));
            assertThat(approved.offer()).isEqualTo(expected);
            assertThat(approved.offeredAt()).isEqualTo(DECIDED);
            assertThat(approved.offerExpiresAt()).isEqualTo(Instant.parse("2027-01-24T11:00:00Z"));
            assertThat(approved.reasons()).isEmpty();
            assertThat(approved.isCounterOffer()).isFalse();
            assertThat(approved.submission()).isEqualTo(submitted().submission());
            assertThat(approved.nextStep()).isEqualTo("Show the customer the offer: the amount, the monthly installment, the"
                    + " number of installments, the APR, the total repayable and the fee kept back from the payout. If they want"
                    + " it, call accept_loan_offer, which asks the customer to confirm before the money is paid out. The offer"
                    + " expires on 2027-01-24 11:00 UTC.");
        }

        @Test
        void dueDatesFollowTheUtcDateOfTheDecision() {
            // 23:30 on 31 January in UTC (already 1 February in Berlin): the first installment falls due on 28 February.
            Instant lateOnTheLastDay = Instant.parse("2027-01-31T23:30:00Z");

            Approved approved = (Approved) moved(submitted().decide(decision(submitted(), "4500.00", 760, 400), PRODUCT,
                    lateOnTheLastDay));

            assertThat(approved.offer().firstDueDate()).isEqualTo(LocalDate.of(2027, 2, 28));
        }

        @Test
        void counterOffersALowerAmountAndSaysSo() {
            // 6 times the 2400.00 verified income is 14400.00, less than the 15000.00 asked for.
            Submitted submitted = moved(moved(completeDraft().update(FieldChanges.none().withMonthlyNetIncome(new BigDecimal("2500"))
                    .withMonthlyHousingCost(new BigDecimal("300")).withMonthlyDebtPayments(BigDecimal.ZERO), PRODUCT, STARTED))
                    .submit(CONSENT, PRODUCT, SUBMITTED));
            Decision decision = decision(submitted, "2400.00", 760, 400);
            assertThat(decision).isInstanceOf(Decision.CounterOffer.class);

            Approved approved = (Approved) moved(submitted.decide(decision, PRODUCT, DECIDED));

            assertThat(approved.offer().amount()).isEqualTo(Money.of("14400.00", "EUR"));
            assertThat(approved.offer().band()).isEqualTo(RiskBand.A);
            assertThat(approved.fields().amount()).as("what was asked for is kept").isEqualTo(Money.of("15000.00", "EUR"));
            assertThat(approved.isCounterOffer()).isTrue();
            assertThat(approved.reasons()).containsExactly("The 15000.00 EUR asked for is more than 6 times the 2400.00 EUR paid"
                    + " into your accounts each month (14400.00 EUR); the most we can offer, rounded down to a multiple of 100,"
                    + " is 14400.00 EUR.");
            assertThat(approved.nextStep()).startsWith("The bank offers 14400.00 EUR, less than the 15000.00 EUR asked for. Show"
                    + " the customer the offer:");
        }

        @Test
        void refersToALoanOfficer() {
            Decision decision = decision(submitted(), "4500.00", 760, 45);

            Referred referred = (Referred) moved(submitted().decide(decision, PRODUCT, DECIDED));

            assertThat(referred.decision()).isEqualTo(decision);
            assertThat(referred.band()).isEqualTo(RiskBand.A);
            assertThat(referred.reasons()).containsExactly("Your oldest account is 45 days old, less than the 90 days of history we"
                    + " need to decide automatically, so a loan officer will review the application.");
            assertThat(referred.referredAt()).isEqualTo(DECIDED);
            assertThat(referred.nextStep()).isEqualTo("A loan officer is reviewing the application; call get_loan_application again later.");
        }

        @Test
        void declinesWithTheReasons() {
            Declined declined = (Declined) moved(submitted().decide(decision(submitted(), "4500.00", 540, 400), PRODUCT, DECIDED));

            assertThat(declined.reasons()).containsExactly("Your credit score of 540 is below the minimum of 580.");
            assertThat(declined.declinedAt()).isEqualTo(DECIDED);
            assertThat(declined.isFinal()).isTrue();
            assertThat(declined.nextStep()).isEqualTo("Tell the customer the application was declined and give them the reasons"
                    + " listed. This application cannot continue.");
        }

        @Test
        void refusesToOfferWhatTheProductNoLongerLends() {
            LoanProduct shorter = new LoanProduct("personal-loan", PRODUCT.currency(), PRODUCT.minAmount(), PRODUCT.maxAmount(), 6,
                    36, PRODUCT.nominalRatePercent(), PRODUCT.feePercent(), PRODUCT.feeMinimum());

            assertThat(submitted().decide(decision(submitted(), "4500.00", 760, 400), shorter, DECIDED)).isEqualTo(
                    Transition.refused("No offer of 15000.00 EUR over 60 months can be made on application LA-7Q2M9X4KD1ZR:"
                            + " term must be from 6 to 36 months."));
        }

        @Test
        void aCounterOfferMustBeForLessThanWasAskedFor() {
            UnderwritingInput input = submitted().underwritingInput(new BigDecimal("4500.00"), 760, 0, 400);
            Decision notLess = new Decision.CounterOffer(UnderwritingRules.VERSION, input, RiskBand.B, Money.of("15000.00", "EUR"),
                    List.of());

            assertThatThrownBy(() -> submitted().decide(notLess, PRODUCT, DECIDED))
                    .hasMessage("a counter-offer of 15000.00 EUR is not less than the 15000.00 EUR asked for");
        }

        @Test
        void aDecisionMadeOnOtherFiguresIsABug() {
            Submitted other = moved(moved(completeDraft().update(FieldChanges.none().withAmount(new BigDecimal("9000")), PRODUCT,
                    STARTED)).submit(CONSENT, PRODUCT, SUBMITTED));

            assertThatThrownBy(() -> submitted().decide(decision(other, "4500.00", 760, 400), PRODUCT, DECIDED))
                    .hasMessageStartingWith("the decision was made on other figures than application LA-7Q2M9X4KD1ZR: ");
        }

        @Test
        void anOfficerApprovesAtTheReferredBandGivingAReason() {
            Approved approved = moved(referred().approve("Salary slips show a permanent contract.", PRODUCT, ACCEPTED));

            assertThat(approved.offer()).isEqualTo(Offer.of(PRODUCT, RiskBand.A, Money.of("15000.00", "EUR"), 60,
                    LocalDate.of(2027, 2, 13)));
            assertThat(approved.reasons()).containsExactly("Salary slips show a permanent contract.");
            assertThat(approved.offerExpiresAt()).isEqualTo(ACCEPTED.plus(Duration.ofDays(14)));
        }

        @Test
        void anOfficerDeclinesGivingAReason() {
            Declined declined = moved(referred().decline(" Income could not be confirmed. ", ACCEPTED));

            assertThat(declined.reasons()).containsExactly("Income could not be confirmed.");
        }

        @Test
        void anOfficerMustGiveAReason() {
            Referred referred = referred();

            assertThat(referred.approve("  ", PRODUCT, ACCEPTED)).isEqualTo(
                    Transition.refused("An officer's approval of application LA-7Q2M9X4KD1ZR needs a reason; none was given."));
            assertThat(referred.decline(null, ACCEPTED)).isEqualTo(
                    Transition.refused("An officer's decline of application LA-7Q2M9X4KD1ZR needs a reason; none was given."));
            assertThat(referred.decline("fine\u0007", ACCEPTED)).isEqualTo(Transition.refused(
                    "An officer's reason must be plain text on one line of at most 500 characters."));
            assertThat(referred).isEqualTo(referred());
        }
    }

    @Nested
    class Offers {
        @Test
        void theCustomerAcceptsAndTheLoanIsPaidOut() {
            Accepted accepted = moved(approved().accept(ACCEPTED));

            assertThat(accepted.offer()).isEqualTo(approved().offer());
            assertThat(accepted.acceptedAt()).isEqualTo(ACCEPTED);
            assertThat(accepted.isFinal()).isFalse();
            assertThat(accepted.nextStep()).isEqualTo("The customer accepted the offer and the bank is paying 14850.00 EUR into "
                    + CHECKING + "; call get_loan_application again later.");

            Disbursed disbursed = accepted.disbursed("LN-0001", 9_001L, PAID_OUT);

            assertThat(disbursed.loanId()).isEqualTo("LN-0001");
            assertThat(disbursed.transactionId()).isEqualTo(9_001L);
            assertThat(disbursed.disbursedAt()).isEqualTo(PAID_OUT);
            assertThat(disbursed.acceptedAt()).isEqualTo(ACCEPTED);
            assertThat(disbursed.lastTouchedAt()).isEqualTo(PAID_OUT);
            assertThat(disbursed.isFinal()).isTrue();
            Installment first = disbursed.offer().schedule().installments().getFirst();
            assertThat(disbursed.nextStep()).isEqualTo("The loan was paid out: 14850.00 EUR into " + CHECKING + ". Tell the"
                    + " customer the first installment of " + first.payment() + " is due on 2027-02-10. Nothing more is needed"
                    + " for this application.");
        }

        @Test
        void aDisbursementNeedsALoanAndAPosting() {
            Accepted accepted = accepted();

            assertThatThrownBy(() -> accepted.disbursed(" ", 1, PAID_OUT)).hasMessage("loanId is required");
            assertThatThrownBy(() -> accepted.disbursed("LN-0001", 0, PAID_OUT)).hasMessage("transactionId must be positive, got 0");
        }
    }

    @Nested
    class Withdrawals {
        @Test
        void withdrawsFromEveryStateBeforeAnOfferIsAccepted() {
            for (LoanApplication.Withdrawable before : List.of(completeDraft(), submitted(), referred(), approved())) {
                Withdrawn withdrawn = moved(before.withdraw(ACCEPTED));

                assertThat(withdrawn.withdrawnFrom()).isEqualTo(before.status());
                assertThat(withdrawn.withdrawnAt()).isEqualTo(ACCEPTED);
                assertThat(withdrawn.fields()).isEqualTo(before.fields());
                assertThat(withdrawn.isFinal()).isTrue();
                assertThat(withdrawn.nextStep()).isEqualTo("The application was withdrawn and cannot continue; if the customer"
                        + " still wants a loan, start a new application.");
                assertThat(LoanApplication.withdraw(before, ACCEPTED)).isEqualTo(Transition.moved(withdrawn));
            }
        }
    }

    @Nested
    class Consents {
        @Test
        void recordsHowAndByWhomConsentWasGiven() {
            Consent consent = new Consent(" chat-terminal ", "customer:42", SUBMITTED);

            assertThat(consent.channel()).isEqualTo("chat-terminal");
            assertThatThrownBy(() -> new Consent("", "customer:42", SUBMITTED))
                    .hasMessage("channel must be 1 to 100 characters of plain text");
            assertThatThrownBy(() -> new Consent("mcp", "customer:42\nadmin", SUBMITTED))
                    .hasMessage("givenBy must be 1 to 100 characters of plain text");
            assertThatThrownBy(() -> new Consent("mcp", "customer:42", null)).hasMessage("at");
        }
    }

    // --- expiry, at the boundary -------------------------------------------------------------------------------------

    @Nested
    class Expiry {
        final Instant thirtyDays = STARTED.plus(Duration.ofDays(30));
        final Instant fourteenDays = DECIDED.plus(Duration.ofDays(14));

        @Test
        void aDraftIsAliveANanosecondBefore30DaysUntouched() {
            Draft draft = completeDraft();

            assertThat(draft.expireIfDue(thirtyDays.minus(NANO))).isEmpty();
            assertThat(draft.update(FieldChanges.none().withPurpose("a car"), PRODUCT, thirtyDays.minus(NANO)))
                    .isInstanceOf(Transition.Moved.class);
            assertThat(draft.submit(CONSENT, PRODUCT, thirtyDays.minus(NANO))).isInstanceOf(Transition.Moved.class);
        }

        @Test
        void aDraftHasExpiredAtExactly30DaysUntouched() {
            Draft draft = completeDraft();
            String expired = "Application LA-7Q2M9X4KD1ZR expired on 2027-02-09 09:00 UTC, 30 days after it was last changed;"
                    + " start a new application.";

            assertThat(draft.update(FieldChanges.none().withPurpose("a car"), PRODUCT, thirtyDays)).isEqualTo(Transition.refused(expired));
            assertThat(draft.submit(CONSENT, PRODUCT, thirtyDays)).isEqualTo(Transition.refused(expired));
            assertThat(draft.withdraw(thirtyDays)).isEqualTo(Transition.refused(expired));
            assertThat(draft).isEqualTo(completeDraft());

            Expired gone = draft.expireIfDue(thirtyDays.plus(Duration.ofHours(6))).orElseThrow();
            assertThat(gone.expiredFrom()).isEqualTo(Status.DRAFT);
            assertThat(gone.expiredAt()).isEqualTo(thirtyDays);
            assertThat(gone.fields()).isEqualTo(draft.fields());
            assertThat(gone.nextStep()).isEqualTo("The application expired on 2027-02-09 09:00 UTC and the application cannot"
                    + " continue; if the customer still wants a loan, start a new application.");
        }

        @Test
        void everyUpdateStartsTheThirtyDaysAgain() {
            Draft touched = moved(completeDraft().update(FieldChanges.none().withMonthsEmployed(39), PRODUCT,
                    thirtyDays.minus(Duration.ofDays(1))));

            assertThat(touched.expireIfDue(thirtyDays)).isEmpty();
            assertThat(touched.expireIfDue(thirtyDays.plus(Duration.ofDays(29)))).isPresent();
        }

        @Test
        void anOfferCanBeAcceptedANanosecondBefore14Days() {
            assertThat(approved().expireIfDue(fourteenDays.minus(NANO))).isEmpty();
            assertThat(approved().accept(fourteenDays.minus(NANO))).isInstanceOf(Transition.Moved.class);
        }

        @Test
        void anOfferHasExpiredAtExactly14Days() {
            Approved approved = approved();
            String expired = "The offer on application LA-7Q2M9X4KD1ZR expired on 2027-01-24 11:00 UTC; it can no longer be accepted.";

            assertThat(approved.accept(fourteenDays)).isEqualTo(Transition.refused(expired));
            assertThat(LoanApplication.accept(approved, fourteenDays)).isEqualTo(Transition.refused(expired));
            assertThat(approved.withdraw(fourteenDays)).isEqualTo(Transition.refused(expired));
            assertThat(approved).isEqualTo(approved());

            Expired gone = approved.expireIfDue(fourteenDays).orElseThrow();
            assertThat(gone.expiredFrom()).isEqualTo(Status.APPROVED);
            assertThat(gone.expiredAt()).isEqualTo(fourteenDays);
            assertThat(gone.nextStep()).startsWith("The offer expired on 2027-01-24 11:00 UTC and the application cannot continue;");
            assertThat(LoanApplication.accept(gone, fourteenDays)).isEqualTo(Transition.refused(
                    "Application LA-7Q2M9X4KD1ZR expired on 2027-01-24 11:00 UTC; there is no offer to accept."));
        }

        @Test
        void nothingElseExpires() {
            Instant muchLater = STARTED.plus(Duration.ofDays(3650));
            for (LoanApplication application : List.of(submitted(), referred(), declined(), accepted(), disbursed(), withdrawn(),
                    expired())) {
                assertThat(application.expireIfDue(muchLater)).as(application.status().wireName()).isEmpty();
            }
        }
    }

    // --- every illegal step --------------------------------------------------------------------------------------------

    @Nested
    class IllegalSteps {
        @Test
        void onlyADraftCanBeChanged() {
            assertThat(refusals(a -> LoanApplication.update(a, EVERYTHING, PRODUCT, ACCEPTED))).containsExactlyInAnyOrderEntriesOf(Map.of(
                    Status.SUBMITTED, "Application LA-7Q2M9X4KD1ZR has already been submitted; only a draft can be changed.",
                    Status.REFERRED, "Application LA-7Q2M9X4KD1ZR has already been submitted and is with a loan officer; only a draft can be changed.",
                    Status.APPROVED, "Application LA-7Q2M9X4KD1ZR has already been approved; only a draft can be changed.",
                    Status.DECLINED, "Application LA-7Q2M9X4KD1ZR was declined; only a draft can be changed.",
                    Status.ACCEPTED, "Application LA-7Q2M9X4KD1ZR has already been accepted; only a draft can be changed.",
                    Status.DISBURSED, "Application LA-7Q2M9X4KD1ZR has already been paid out; only a draft can be changed.",
                    Status.WITHDRAWN, "Application LA-7Q2M9X4KD1ZR was withdrawn; only a draft can be changed.",
                    Status.EXPIRED, "Application LA-7Q2M9X4KD1ZR expired on 2027-02-09 09:00 UTC; only a draft can be changed."));
        }

        @Test
        void onlyADraftCanBeSubmittedSoNothingIsSubmittedTwice() {
            Submitted once = moved(LoanApplication.submit(completeDraft(), CONSENT, PRODUCT, SUBMITTED));

            assertThat(LoanApplication.submit(once, CONSENT, PRODUCT, DECIDED)).isEqualTo(Transition.refused(
                    "Application LA-7Q2M9X4KD1ZR has already been submitted; only a draft can be submitted."));
            assertThat(refusals(a -> LoanApplication.submit(a, CONSENT, PRODUCT, ACCEPTED)).keySet())
                    .containsExactlyInAnyOrder(Status.SUBMITTED, Status.REFERRED, Status.APPROVED, Status.DECLINED, Status.ACCEPTED,
                            Status.DISBURSED, Status.WITHDRAWN, Status.EXPIRED);
        }

        @Test
        void onlyAnApprovedApplicationsOfferCanBeAcceptedAndOnlyOnce() {
            Accepted once = moved(LoanApplication.accept(approved(), ACCEPTED));

            assertThat(LoanApplication.accept(once, PAID_OUT)).isEqualTo(
                    Transition.refused("Application LA-7Q2M9X4KD1ZR has already been accepted."));
            assertThat(refusals(a -> LoanApplication.accept(a, ACCEPTED))).containsExactlyInAnyOrderEntriesOf(Map.of(
                    Status.DRAFT, "Application LA-7Q2M9X4KD1ZR has not been submitted yet; there is no offer to accept.",
                    Status.SUBMITTED, "Application LA-7Q2M9X4KD1ZR is still being assessed; there is no offer to accept yet.",
                    Status.REFERRED, "Application LA-7Q2M9X4KD1ZR is with a loan officer; there is no offer to accept yet.",
                    Status.DECLINED, "Application LA-7Q2M9X4KD1ZR was declined; there is no offer to accept.",
                    Status.ACCEPTED, "Application LA-7Q2M9X4KD1ZR has already been accepted.",
                    Status.DISBURSED, "Application LA-7Q2M9X4KD1ZR has already been accepted and paid out.",
                    Status.WITHDRAWN, "Application LA-7Q2M9X4KD1ZR was withdrawn; there is no offer to accept.",
                    Status.EXPIRED, "Application LA-7Q2M9X4KD1ZR expired on 2027-02-09 09:00 UTC; there is no offer to accept."));
        }

        @Test
        void nothingIsWithdrawnOnceAnOfferIsAcceptedOrTheApplicationHasEnded() {
            assertThat(refusals(a -> LoanApplication.withdraw(a, ACCEPTED))).containsExactlyInAnyOrderEntriesOf(Map.of(
                    Status.DECLINED, "Application LA-7Q2M9X4KD1ZR was declined; there is nothing to withdraw.",
                    Status.ACCEPTED, "Application LA-7Q2M9X4KD1ZR has already been accepted; it can no longer be withdrawn.",
                    Status.DISBURSED, "Application LA-7Q2M9X4KD1ZR has already been paid out; it can no longer be withdrawn.",
                    Status.WITHDRAWN, "Application LA-7Q2M9X4KD1ZR was already withdrawn.",
                    Status.EXPIRED, "Application LA-7Q2M9X4KD1ZR expired on 2027-02-09 09:00 UTC; there is nothing to withdraw."));
        }

        @Test
        void anIllegalStepCannotBeWrittenAgainstATypedState() {
            // What the compiler refuses: declined.accept(now), submitted.update(...), accepted.withdraw(now), disbursed.disbursed(...).
            assertThat(methodNames(Declined.class)).doesNotContain("accept", "update", "submit", "withdraw", "decide");
            assertThat(methodNames(Expired.class)).doesNotContain("accept", "update", "submit", "withdraw", "decide");
            assertThat(methodNames(Submitted.class)).doesNotContain("accept", "update", "submit");
            assertThat(methodNames(Approved.class)).doesNotContain("update", "submit", "decide");
            assertThat(methodNames(Accepted.class)).doesNotContain("accept", "withdraw", "update", "submit");
            assertThat(methodNames(Disbursed.class)).doesNotContain("accept", "withdraw", "disbursed");
            assertThat(methodNames(Withdrawn.class)).doesNotContain("accept", "withdraw", "update", "submit");
            assertThat(methodNames(Draft.class)).doesNotContain("accept", "decide", "disbursed");
        }

        /** Runs the step on one application in every state; returns the refusal sentences by state, checking nothing changed. */
        private Map<Status, String> refusals(Function<LoanApplication, Transition<?>> step) {
            Map<Status, String> refused = new TreeMap<>();
            List<LoanApplication> asked = everyState();
            List<LoanApplication> untouched = everyState();
            for (int i = 0; i < asked.size(); i++) {
                Transition<?> result = step.apply(asked.get(i));
                assertThat(asked.get(i)).as("the state a step was asked of, afterwards").isEqualTo(untouched.get(i));
                if (result instanceof Transition.Refused<?>(String reason)) {
                    refused.put(asked.get(i).status(), reason);
                }
            }
            return refused;
        }

        private static List<String> methodNames(Class<?> type) {
            return Arrays.stream(type.getMethods()).map(Method::getName).toList();
        }
    }

    // --- fixtures: one application in each state, at fixed instants ----------------------------------------------------

    static Draft completeDraft() {
        return moved(Draft.start(ID, CUSTOMER, PRODUCT, STARTED).update(EVERYTHING, PRODUCT, STARTED));
    }

    static Submitted submitted() {
        return moved(completeDraft().submit(CONSENT, PRODUCT, SUBMITTED));
    }

    static Referred referred() {
        return (Referred) moved(submitted().decide(decision(submitted(), "4500.00", 760, 45), PRODUCT, DECIDED));
    }

    static Approved approved() {
        return (Approved) moved(submitted().decide(decision(submitted(), "4500.00", 690, 400), PRODUCT, DECIDED));
    }

    static Declined declined() {
        return (Declined) moved(submitted().decide(decision(submitted(), "4500.00", 540, 400), PRODUCT, DECIDED));
    }

    static Accepted accepted() {
        return moved(approved().accept(ACCEPTED));
    }

    static Disbursed disbursed() {
        return accepted().disbursed("LN-0001", 9_001L, PAID_OUT);
    }

    static Withdrawn withdrawn() {
        return moved(submitted().withdraw(DECIDED));
    }

    static Expired expired() {
        return completeDraft().expireIfDue(STARTED.plus(Duration.ofDays(31))).orElseThrow();
    }

    static List<LoanApplication> everyState() {
        List<LoanApplication> all = List.of(completeDraft(), submitted(), referred(), approved(), declined(), accepted(),
                disbursed(), withdrawn(), expired());
        assertThat(all.stream().map(LoanApplication::status)).containsExactly(Status.values());
        return all;
    }

    /** What the 2026-12-v1 rules decide on this application with what the ledger and the credit report say. */
    static Decision decision(Submitted submitted, String verifiedIncome, int creditScore, int oldestAccountDays) {
        return RULES.decide(submitted.underwritingInput(new BigDecimal(verifiedIncome), creditScore, 0, oldestAccountDays));
    }

    static <S extends LoanApplication> S moved(Transition<S> transition) {
        assertThat(transition).isInstanceOf(Transition.Moved.class);
        return ((Transition.Moved<S>) transition).next();
    }
}
