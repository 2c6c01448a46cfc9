package dev.agentbank.app.cluster;

import dev.agentbank.ledger.jdbc.LedgerInvariants;
import dev.agentbank.shared.jdbc.Jdbc;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What must hold after a chaos run, from the database alone: the ledger's invariants (postings sum to zero per
 * currency, balances match their postings and stay above their overdraft limits, the audit chain verifies); every
 * acknowledged operation posted exactly once under its key and its reference, nothing posted for a refused one; and the
 * run's customers hold what was deposited less what they paid to another bank (plus any payment returned).
 */
final class ChaosChecks {
    private final Jdbc jdbc;
    private final LedgerInvariants invariants;

    ChaosChecks(Jdbc jdbc, LedgerInvariants invariants) {
        this.jdbc = jdbc;
        this.invariants = invariants;
    }

    /** The figures the report prints, beside the violations. */
    record Result(List<String> violations, long lost, long duplicated, long postedThoughRefused, long unanswered) {
        boolean sound() {
            return violations.isEmpty();
        }
    }

    /** {@code keyPrefix} starts every key and every reference of the run (e.g. "chaos-1a2b3c4d-"). */
    Result check(List<ChaosOperation> operations, String keyPrefix, List<Long> customerIds, long depositedMinor) {
        List<String> violations = new ArrayList<>(invariants.violations());
        Map<String, Integer> byKey = new HashMap<>();
        Map<String, Integer> byReference = new HashMap<>();
        jdbc.query("read the chaos run's journal entries", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT actor, idempotency_key, reference FROM journal_entry WHERE idempotency_key LIKE ? OR reference LIKE ?")) {
                select.setString(1, keyPrefix + "%");
                select.setString(2, "chaos " + keyPrefix + "%");
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        byKey.merge(rs.getString(1) + "/" + rs.getString(2), 1, Integer::sum);
                        if (rs.getString(3) != null) {
                            byReference.merge(rs.getString(3), 1, Integer::sum);
                        }
                    }
                }
            }
            return null;
        });
        long lost = 0;
        long duplicated = 0;
        long postedThoughRefused = 0;
        long unanswered = 0;
        long externalPaidMinor = 0;
        for (ChaosOperation operation : operations) {
            int underKey = byKey.getOrDefault(operation.actor().id() + "/" + operation.key(), 0);
            int underReference = byReference.getOrDefault(operation.reference(), 0);
            String name = operation.kind().name().toLowerCase() + " " + operation.actor().id() + "/" + operation.key();
            switch (operation.outcome()) {
                case ACKNOWLEDGED -> {
                    if (underKey == 0) {
                        lost++;
                        violations.add("acknowledged but not in the ledger: " + name);
                    } else if (underReference > 1 || underKey > 1) {
                        duplicated++;
                        violations.add("posted " + Math.max(underKey, underReference) + " times: " + name);
                    }
                    if (operation.kind() == ChaosOperation.Kind.EXTERNAL_PAYMENT) {
                        externalPaidMinor += operation.amountMinor();
                    }
                }
                case REFUSED -> {
                    if (underKey > 0 || underReference > 0) {
                        postedThoughRefused++;
                        violations.add("refused but in the ledger: " + name + " (" + operation.note() + ")");
                    }
                }
                case UNANSWERED -> {
                    unanswered++;
                    violations.add("never answered: " + name + " (last: " + operation.note() + ")");
                }
            }
        }
        long expected = depositedMinor - externalPaidMinor + returnedMinor(customerIds);
        long held = heldMinor(customerIds);
        if (unanswered == 0 && held != expected) {
            violations.add("the run's customers hold " + held + " cents; deposits less payments to another bank make " + expected);
        }
        return new Result(List.copyOf(violations), lost, duplicated, postedThoughRefused, unanswered);
    }

    private long heldMinor(List<Long> customerIds) {
        return sum("SELECT coalesce(sum(balance_minor), 0) FROM account WHERE customer_id = ANY (?)", customerIds);
    }

    private long returnedMinor(List<Long> customerIds) {
        return sum("SELECT coalesce(sum(amount_minor), 0) FROM payment WHERE customer_id = ANY (?) AND status = 'RETURNED'", customerIds);
    }

    private long sum(String sql, List<Long> customerIds) {
        return jdbc.query("sum the chaos run's money", connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                Array ids = connection.createArrayOf("bigint", customerIds.toArray());
                select.setArray(1, ids);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
