package dev.agentbank.lending.model;

import dev.agentbank.lending.model.RuleResult.Verdict;
import dev.agentbank.shared.money.Money;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of underwriting one application, with everything needed to explain and replay it: the rules version,
 * the input and every rule's result. Running {@link UnderwritingRules} of the same version on {@link #input()} again
 * gives an equal decision.
 */
public sealed interface Decision {
    /** The outcome as a plain value, for storage and for clients that do not switch on the type. */
    enum Outcome { APPROVED, COUNTER_OFFER, REFERRED, DECLINED }

    String rulesVersion();

    UnderwritingInput input();

    List<RuleResult> results();

    Outcome outcome();

    /**
     * The sentences of the rules that decided the outcome: for a decline its principal reasons in plain words, as an
     * adverse-action notice gives them; for a referral what the officer should look at; empty when approved.
     */
    default List<String> reasons() {
        Verdict deciding = switch (outcome()) {
            case APPROVED -> Verdict.PASS;
            case COUNTER_OFFER -> Verdict.COUNTER_OFFER;
            case REFERRED -> Verdict.REFER;
            case DECLINED -> Verdict.DECLINE;
        };
        return deciding == Verdict.PASS ? List.of()
                : results().stream().filter(r -> r.verdict() == deciding).map(RuleResult::sentence).toList();
    }

    /** Every rule passed: lend the amount asked for at the band's rate. */
    record Approved(String rulesVersion, UnderwritingInput input, RiskBand band, Money amount, List<RuleResult> results)
            implements Decision {
        public Approved {
            Objects.requireNonNull(band, "band");
            Objects.requireNonNull(amount, "amount");
            results = checked(rulesVersion, input, results);
        }

        @Override
        public Outcome outcome() {
            return Outcome.APPROVED;
        }
    }

    /** The amount asked for is too high, but this smaller amount passes every rule: offer it instead. */
    record CounterOffer(String rulesVersion, UnderwritingInput input, RiskBand band, Money amount, List<RuleResult> results)
            implements Decision {
        public CounterOffer {
            Objects.requireNonNull(band, "band");
            Objects.requireNonNull(amount, "amount");
            results = checked(rulesVersion, input, results);
        }

        @Override
        public Outcome outcome() {
            return Outcome.COUNTER_OFFER;
        }
    }

    /** A loan officer must decide; {@code band} is what the rules would price the amount asked for at. */
    record Referred(String rulesVersion, UnderwritingInput input, RiskBand band, List<RuleResult> results) implements Decision {
        public Referred {
            Objects.requireNonNull(band, "band");
            results = checked(rulesVersion, input, results);
        }

        @Override
        public Outcome outcome() {
            return Outcome.REFERRED;
        }
    }

    /** No loan under this product; {@link #reasons()} says why. */
    record Declined(String rulesVersion, UnderwritingInput input, List<RuleResult> results) implements Decision {
        public Declined {
            results = checked(rulesVersion, input, results);
        }

        @Override
        public Outcome outcome() {
            return Outcome.DECLINED;
        }
    }

    private static List<RuleResult> checked(String rulesVersion, UnderwritingInput input, List<RuleResult> results) {
        Objects.requireNonNull(rulesVersion, "rulesVersion");
        Objects.requireNonNull(input, "input");
        return List.copyOf(results);
    }
}
