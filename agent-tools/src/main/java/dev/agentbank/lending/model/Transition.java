package dev.agentbank.lending.model;

import java.util.Objects;

/**
 * The answer to a step asked of a loan application: the state it moved to, or why it did not move. A refusal changes
 * nothing (the states are immutable; the caller keeps the one it has) and its reason is one sentence for a model.
 *
 * @param <S> the state the step leads to, such as {@link LoanApplication.Submitted} for a submission
 */
public sealed interface Transition<S extends LoanApplication> {

    record Moved<S extends LoanApplication>(S next) implements Transition<S> {
        public Moved {
            Objects.requireNonNull(next, "next");
        }
    }

    record Refused<S extends LoanApplication>(String reason) implements Transition<S> {
        public Refused {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a refusal says why");
            }
        }
    }

    /** The same answer, typed as a step that can lead to any state. */
    default Transition<LoanApplication> widened() {
        return switch (this) {
            case Moved<S>(S next) -> new Moved<>(next);
            case Refused<S>(String reason) -> new Refused<>(reason);
        };
    }

    static <S extends LoanApplication> Transition<S> moved(S next) {
        return new Moved<>(next);
    }

    static <S extends LoanApplication> Transition<S> refused(String reason) {
        return new Refused<>(reason);
    }
}
