package dev.agentbank.lending.application;

import java.util.Objects;

/**
 * What asking the credit bureau came to. Only {@link Found} and {@link NoReport} are answers about the customer;
 * {@link Unavailable} is no answer at all, and nothing may be decided on it: the application stays as it is and
 * the bureau is asked again later. Reasons are our own short words, never an exception's message or a token.
 */
public sealed interface CreditCheck {
    /** The bureau's report. */
    record Found(CreditReport report) implements CreditCheck {
        public Found {
            Objects.requireNonNull(report, "report");
        }
    }

    /** Definitely no report: the bureau holds no credit file for the customer. Asking again gives the same answer. */
    record NoReport(String reason) implements CreditCheck {
        public NoReport {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** No trustworthy answer (unreachable, timeout, 5xx, refused credentials, off-contract body): ask again later. */
    record Unavailable(String reason) implements CreditCheck {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
