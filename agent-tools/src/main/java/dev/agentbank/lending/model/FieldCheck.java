package dev.agentbank.lending.model;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The answer to "may this be saved?" for one field or a batch of them: the checked value, or every problem found, each
 * a sentence naming the field and what is allowed. A problem is a value, not an exception: a model sent it, a model
 * reads the answer.
 */
public sealed interface FieldCheck<T> {

    /** The value as it will be saved: parsed, normalized, in the product's currency. */
    record Valid<T>(T value) implements FieldCheck<T> {
        public Valid {
            Objects.requireNonNull(value, "value");
        }
    }

    /** Nothing may be saved; {@link #sentence()} says why for every bad field, in the order the fields are listed. */
    record Invalid<T>(List<Problem> problems) implements FieldCheck<T> {
        public Invalid {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("an invalid check names at least one problem");
            }
        }

        public Invalid(LoanField field, String sentence) {
            this(List.of(new Problem(field, sentence)));
        }

        /** The problems' sentences, one after another, for a model to read. */
        public String sentence() {
            return problems.stream().map(Problem::sentence).collect(Collectors.joining(" "));
        }

        public List<LoanField> fields() {
            return problems.stream().map(Problem::field).toList();
        }

        /** The same problems, as the answer for a value of another type (such as the whole batch). */
        public <U> Invalid<U> retyped() {
            return new Invalid<>(problems);
        }
    }

    /** One bad field and the sentence that says what it allows, such as "term_months must be from 6 to 84, got 120." */
    record Problem(LoanField field, String sentence) {
        public Problem {
            Objects.requireNonNull(field, "field");
            if (sentence == null || sentence.isBlank()) {
                throw new IllegalArgumentException("a problem needs a sentence");
            }
        }
    }
}
