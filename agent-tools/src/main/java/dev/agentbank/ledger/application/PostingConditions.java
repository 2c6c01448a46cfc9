package dev.agentbank.ledger.application;

import dev.agentbank.shared.Actor;
import dev.agentbank.shared.money.Money;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * Conditions a caller adds to a posting, checked inside the posting transaction after the accounts are locked
 * and the ledger's own rules have passed, so concurrent postings cannot pass them together. Also carries
 * extra facts for the posting's audit row, such as who approved it.
 */
public interface PostingConditions {
    PostingConditions NONE = new PostingConditions() {
        @Override
        public Optional<String> refusal(Connection connection, Actor actor, Money amount, boolean outflow) {
            return Optional.empty();
        }

        @Override
        public Map<String, Object> auditDetails() {
            return Map.of();
        }
    };

    /**
     * Why this posting must not happen, or empty. {@code outflow} is true when money leaves a customer account
     * (withdrawals and transfers). Anything written here commits or rolls back with the posting.
     */
    Optional<String> refusal(Connection connection, Actor actor, Money amount, boolean outflow) throws SQLException;

    Map<String, Object> auditDetails();
}
