package dev.agentbank.onboarding.model;

import dev.agentbank.accounts.model.Account;

/** What became of a request to open an account. Messages are written for a person or a model. */
public sealed interface OpeningOutcome {
    /** The account is open and recorded; {@code replayed} when an earlier request with the same key opened it. */
    record Opened(Account account, boolean replayed) implements OpeningOutcome {}

    /** The provider has not confirmed yet; the request is kept and finished automatically. Ask again with the same key. */
    record Pending(String requestId, String message) implements OpeningOutcome {}

    /** Nothing was opened, and retrying the same request will not change that. */
    record Rejected(String message) implements OpeningOutcome {}
}
