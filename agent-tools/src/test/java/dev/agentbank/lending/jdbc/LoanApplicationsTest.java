package dev.agentbank.lending.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.lending.model.ApplicationId;
import dev.agentbank.lending.model.Consent;
import dev.agentbank.lending.model.Decision;
import dev.agentbank.lending.model.FieldChanges;
import dev.agentbank.lending.model.LoanApplication;
import dev.agentbank.lending.model.LoanApplication.Draft;
import dev.agentbank.lending.model.LoanApplication.Submitted;
import dev.agentbank.lending.model.LoanProduct;
import dev.agentbank.lending.model.Transition;
import dev.agentbank.lending.model.UnderwritingRules;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.jdbc.Jdbc;
import dev.agentbank.testing.TestBank;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each state an application can be stored in reads back equal, decision and offer included, on real PostgreSQL. */
class LoanApplicationsTest {
    private static final Instant STARTED = Instant.parse("2026-12-01T09:00:00Z");
    private static final Instant SUBMITTED = STARTED.plus(Duration.ofHours(1));
    private static final Instant DECIDED = STARTED.plus(Duration.ofHours(2));
    private static final Actor TELLER = Actor.of("teller", "tina");
    private static final Random random = new Random(11);
    private static TestBank bank;
    private static Jdbc jdbc;
    private static LoanProduct product;
    private static long customer;
    private static AccountNumber checking;
    private final LoanApplications applications = new LoanApplications();
    private final LoanDecisions decisions = new LoanDecisions();

    @BeforeAll
    static void openBank() {
        bank = TestBank.create();
        jdbc = bank.runtime().database().jdbc();
        product = new LoanProducts(jdbc).find("personal-loan").orElseThrow();
        customer = bank.customer();
        checking = bank.account(customer).open();
    }

    @AfterAll
    static void closeBank() {
        bank.close();
    }

    private Submitted submitted(String amount, String income) {
        Draft draft = moved(Draft.start(ApplicationId.random(random), customer, product, STARTED).update(FieldChanges.none()
                .withAmount(new BigDecimal(amount)).withTermMonths(48).withPurpose("a used car")
                .withMonthlyNetIncome(new BigDecimal(income)).withMonthlyHousingCost(new BigDecimal("800"))
                .withMonthlyDebtPayments(new BigDecimal("100")).withEmploymentStatus("employed").withMonthsEmployed(30)
                .withDisbursementAccount(checking.value()), product, STARTED));
        jdbc.run("insert", connection -> applications.insert(connection, draft, product.currency(), TELLER, "key-" + draft.id()));
        return moved(draft.submit(new Consent("chat-terminal", "customer:" + customer, SUBMITTED), product, SUBMITTED));
    }

    private static <S extends LoanApplication> S moved(Transition<S> transition) {
        return switch (transition) {
            case Transition.Moved<S>(S next) -> next;
            case Transition.Refused<S>(String reason) -> throw new AssertionError(reason);
        };
    }

    private Decision decision(Submitted submitted, String verified, int score, int accountDays) {
        return new UnderwritingRules(product).decide(submitted.underwritingInput(new BigDecimal(verified), score, 1, accountDays));
    }

    /** Stores the state (with its decision, when there is one) and reads it back. */
    private LoanApplication roundTrip(LoanApplication state, Decision decision) {
        jdbc.run("save", connection -> {
            if (decision != null) {
                decisions.insert(connection, state.id(), decision, "sbx-1", DECIDED, TELLER);
            }
            applications.save(connection, state);
        });
        return jdbc.query("read", connection -> applications.find(connection, state.id(), false)).orElseThrow();
    }

    @Test
    void aSubmittedApplicationReadsBackEqual() {
        Submitted submitted = submitted("15000", "4500");
        assertThat(roundTrip(submitted, null)).isEqualTo(submitted);
    }

    @Test
    void anApprovalReadsBackWithItsWholeOffer() {
        Submitted submitted = submitted("15000", "4500");
        Decision decision = decision(submitted, "4500", 760, 400);
        LoanApplication approved = moved(submitted.decide(decision, product, DECIDED));

        assertThat(approved).isInstanceOf(LoanApplication.Approved.class);
        assertThat(roundTrip(approved, decision)).isEqualTo(approved);
    }

    @Test
    void aCounterOfferReadsBackWithItsReason() {
        Submitted submitted = submitted("25000", "4000");
        Decision decision = decision(submitted, "4000", 760, 400);
        LoanApplication.Approved counter = (LoanApplication.Approved) moved(submitted.decide(decision, product, DECIDED));

        assertThat(counter.isCounterOffer()).isTrue();
        LoanApplication read = roundTrip(counter, decision);
        assertThat(read).isEqualTo(counter);
        assertThat(((LoanApplication.Approved) read).reasons()).isEqualTo(decision.reasons()).isNotEmpty();
    }

    @Test
    void aDeclineReadsBackWithItsReasons() {
        Submitted submitted = submitted("15000", "4500");
        Decision decision = decision(submitted, "4500", 500, 400);
        LoanApplication declined = moved(submitted.decide(decision, product, DECIDED));

        assertThat(declined).isInstanceOf(LoanApplication.Declined.class);
        assertThat(roundTrip(declined, decision)).isEqualTo(declined);
    }

    @Test
    void aReferralReadsBackWithItsDecisionWhichReplaysEqual() {
        Submitted submitted = submitted("15000", "4500");
        Decision decision = decision(submitted, "4500", 760, 30);
        LoanApplication referred = moved(submitted.decide(decision, product, DECIDED));

        assertThat(referred).isInstanceOf(LoanApplication.Referred.class);
        assertThat(roundTrip(referred, decision)).isEqualTo(referred);
        LoanDecisions.Stored stored = jdbc.query("read", connection -> decisions.ofApplication(connection, referred.id())).orElseThrow();
        assertThat(stored.decision()).isEqualTo(decision);
        assertThat(new UnderwritingRules(product).decide(stored.decision().input())).isEqualTo(stored.decision());
        assertThat(stored.bureauReference()).isEqualTo("sbx-1");
        assertThat(stored.decidedBy()).isEqualTo("teller:tina");
    }

    @Test
    void anOfficersDecisionsOnAReferralReadBackEqual() {
        Submitted one = submitted("15000", "4500");
        Decision referral = decision(one, "4500", 760, 30);
        LoanApplication.Referred referred = (LoanApplication.Referred) moved(one.decide(referral, product, DECIDED));
        roundTrip(referred, referral);
        LoanApplication approved = moved(referred.approve("Payslips confirm the salary.", product, DECIDED.plusSeconds(60)));
        assertThat(roundTrip(approved, null)).isEqualTo(approved);

        Submitted two = submitted("15000", "4500");
        Decision second = decision(two, "4500", 760, 30);
        LoanApplication.Referred again = (LoanApplication.Referred) moved(two.decide(second, product, DECIDED));
        roundTrip(again, second);
        LoanApplication declined = moved(again.decline("Income could not be confirmed.", DECIDED.plusSeconds(60)));
        assertThat(roundTrip(declined, null)).isEqualTo(declined);
    }

    @Test
    void anExpiredOfferKeepsItsOfferStored() {
        Submitted submitted = submitted("15000", "4500");
        Decision decision = decision(submitted, "4500", 760, 400);
        LoanApplication.Approved approved = (LoanApplication.Approved) moved(submitted.decide(decision, product, DECIDED));
        roundTrip(approved, decision);
        LoanApplication expired = approved.expireIfDue(approved.offerExpiresAt()).orElseThrow();

        assertThat(roundTrip(expired, null)).isEqualTo(expired);
        assertThat(bank.queryLong("SELECT offer_amount_minor FROM loan_application WHERE id = '" + approved.id().value() + "'"))
                .isEqualTo(approved.offer().amount().minorUnits());
    }
}
