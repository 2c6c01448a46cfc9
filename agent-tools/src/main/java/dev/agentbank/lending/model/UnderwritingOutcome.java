package dev.agentbank.lending.model;

import dev.agentbank.shared.money.Money;
import java.util.List;
import java.util.Objects;

/**
 * What underwriting decided about a submitted application, as far as the application's states need to know: the band
 * to price an offer at, the amount of a counter-offer, and the sentences that explain a referral or a decline. The
 * full decision (rules version, inputs, every rule's result) is stored beside the application for replay; this is the
 * part that moves it on. Underwriting's {@code Decision} maps onto it case by case (Approved to {@link Approve},
 * CounterOffer to {@link CounterOffer}, Referred to {@link Refer}, Declined to {@link Decline}, each with its
 * {@code reasons()}).
 */
public sealed interface UnderwritingOutcome {

    /** Lend the amount asked for, over the term asked for, at the band's rate. */
    record Approve(RiskBand band) implements UnderwritingOutcome {
        public Approve {
            Objects.requireNonNull(band, "band");
        }
    }

    /** Lend less than was asked for, over the term asked for, at the band's rate; the reasons say why less. */
    record CounterOffer(RiskBand band, Money amount, List<String> reasons) implements UnderwritingOutcome {
        public CounterOffer {
            Objects.requireNonNull(band, "band");
            Objects.requireNonNull(amount, "amount");
            reasons = sentences(reasons);
        }
    }

    /** A loan officer must decide; the band is what the rules would price the amount asked for at. */
    record Refer(RiskBand band, List<String> reasons) implements UnderwritingOutcome {
        public Refer {
            Objects.requireNonNull(band, "band");
            reasons = sentences(reasons);
        }
    }

    /** No loan; the reasons are the principal ones, in plain words, as an adverse-action notice gives them. */
    record Decline(List<String> reasons) implements UnderwritingOutcome {
        public Decline {
            reasons = sentences(reasons);
        }
    }

    private static List<String> sentences(List<String> reasons) {
        List<String> copy = List.copyOf(reasons);
        if (copy.isEmpty() || copy.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("reasons must be one or more sentences");
        }
        return copy;
    }
}
