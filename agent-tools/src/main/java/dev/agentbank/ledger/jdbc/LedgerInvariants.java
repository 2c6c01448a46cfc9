package dev.agentbank.ledger.jdbc;

import dev.agentbank.audit.AuditChain;
import dev.agentbank.shared.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The bank's invariants, checked from the database alone: used after benchmarks and by the
 * concurrency tests. An empty list means the books are sound.
 */
public final class LedgerInvariants {
    private final Jdbc jdbc;
    private final AuditChain auditChain;

    public LedgerInvariants(DataSource dataSource, AuditChain auditChain) {
        this.jdbc = new Jdbc(dataSource);
        this.auditChain = auditChain;
    }

    private record Check(String name, String violationsQuery) {}

    private static final List<Check> CHECKS = List.of(
            new Check("postings sum to zero per currency",
                    "SELECT currency || ' sums to ' || sum(amount_minor) FROM posting GROUP BY currency HAVING sum(amount_minor) <> 0"),
            new Check("every journal entry balances",
                    "SELECT 'entry ' || entry_id || ' ' || currency FROM posting GROUP BY entry_id, currency HAVING sum(amount_minor) <> 0 LIMIT 5"),
            new Check("cached balance equals the sum of postings",
                    "SELECT a.number || ' caches ' || a.balance_minor || ' but postings sum to ' || coalesce(p.total, 0) "
                            + "FROM account a LEFT JOIN (SELECT account_id, sum(amount_minor) AS total FROM posting GROUP BY account_id) p "
                            + "ON p.account_id = a.id WHERE a.customer_id IS NOT NULL AND a.balance_minor <> coalesce(p.total, 0) LIMIT 5"),
            new Check("balance after each posting matches the running sum",
                    "SELECT 'posting ' || id FROM (SELECT id, balance_after_minor, sum(amount_minor) OVER (PARTITION BY account_id "
                            + "ORDER BY account_seq) AS running FROM posting WHERE account_seq IS NOT NULL) r "
                            + "WHERE balance_after_minor <> running LIMIT 5"),
            new Check("no balance below its overdraft limit",
                    "SELECT number || ' at ' || balance_minor FROM account WHERE customer_id IS NOT NULL "
                            + "AND balance_minor < -overdraft_limit_minor LIMIT 5"),
            new Check("no clearing account below zero (it holds only payments in flight)",
                    "SELECT a.number || ' sums to ' || sum(p.amount_minor) FROM account a JOIN posting p ON p.account_id = a.id "
                            + "WHERE a.kind = 'CLEARING' GROUP BY a.number HAVING sum(p.amount_minor) < 0 LIMIT 5"),
            new Check("each idempotency key posted at most once",
                    "SELECT actor || '/' || idempotency_key FROM journal_entry GROUP BY actor, idempotency_key HAVING count(*) > 1 LIMIT 5"),
            new Check("each transaction reversed at most once",
                    "SELECT 'entry ' || reverses_entry_id FROM journal_entry WHERE reverses_entry_id IS NOT NULL "
                            + "GROUP BY reverses_entry_id HAVING count(*) > 1 LIMIT 5"));

    /** Each violation as a sentence; empty when all invariants hold. */
    public List<String> violations() {
        List<String> violations = jdbc.query("check the ledger invariants", connection -> {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ); // every check sees the same books
            List<String> found = new ArrayList<>();
            for (Check check : CHECKS) {
                try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(check.violationsQuery())) {
                    while (rs.next()) {
                        found.add(check.name() + ": " + rs.getString(1));
                    }
                }
            }
            return found;
        });
        if (auditChain.verify() instanceof AuditChain.Verification.Broken broken) {
            violations.add("the audit chain verifies: link " + broken.position() + " " + broken.problem());
        }
        return violations;
    }

    public static List<String> names() {
        return CHECKS.stream().map(Check::name).toList();
    }
}
