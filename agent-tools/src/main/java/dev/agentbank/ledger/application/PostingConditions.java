package dev.agentbank.ledger.application;

import dev.agentbank.ledger.model.LedgerOutcome.Posted;
import dev.agentbank.ledger.model.LedgerOutcome.Rejected;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.money.Money;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Conditions a caller adds to a posting, checked inside the posting transaction after the accounts are locked
 * and the ledger's own rules have passed, so concurrent postings cannot pass them together. Also carries
 * extra facts for the posting's audit row, such as who approved it, and may record what the posting means to its
 * caller ({@link #onPosted}) in the same transaction. A refusal rolls back whatever the conditions wrote.
 */
public interface PostingConditions {
    PostingConditions NONE = new PostingConditions() {
        @Override
        public Optional<Rejected> refusal(Connection connection, Actor actor, Money amount, boolean outflow) {
            return Optional.empty();
        }

        @Override
        public Map<String, Object> auditDetails() {
            return Map.of();
        }
    };

    /**
     * Why this posting must not happen, or empty. {@code outflow} is true when money leaves a customer account
     * (withdrawals, transfers, payments). Anything written here commits or rolls back with the posting.
     */
    Optional<Rejected> refusal(Connection connection, Actor actor, Money amount, boolean outflow) throws SQLException;

    Map<String, Object> auditDetails();

    /** Called once the entry is written, before the commit: a caller's own rows then exist exactly when the entry does. */
    default void onPosted(Connection connection, Posted posted) throws SQLException {}

    /** No conditions, only facts for the posting's audit row and event, such as where the request came from. */
    static PostingConditions describedBy(Map<String, Object> details) {
        Map<String, Object> copy = Map.copyOf(details);
        return new PostingConditions() {
            @Override
            public Optional<Rejected> refusal(Connection connection, Actor actor, Money amount, boolean outflow) {
                return Optional.empty();
            }

            @Override
            public Map<String, Object> auditDetails() {
                return copy;
            }
        };
    }

    /** These conditions, then {@code next}'s: the first refusal wins; both see the posting. */
    default PostingConditions and(PostingConditions next) {
        PostingConditions first = this;
        return new PostingConditions() {
            @Override
            public Optional<Rejected> refusal(Connection connection, Actor actor, Money amount, boolean outflow) throws SQLException {
                Optional<Rejected> refused = first.refusal(connection, actor, amount, outflow);
                return refused.isPresent() ? refused : next.refusal(connection, actor, amount, outflow);
            }

            @Override
            public Map<String, Object> auditDetails() {
                Map<String, Object> details = new LinkedHashMap<>(first.auditDetails());
                details.putAll(next.auditDetails());
                return details;
            }

            @Override
            public void onPosted(Connection connection, Posted posted) throws SQLException {
                first.onPosted(connection, posted);
                next.onPosted(connection, posted);
            }
        };
    }
}
