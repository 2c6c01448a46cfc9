package dev.agentbank.lending.application;

import dev.agentbank.lending.jdbc.LoanApplications;
import dev.agentbank.lending.model.LoanApplication;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.audit.AuditLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Ends a draft's or an offer's lifetime once it is up, whoever notices first (a read, a step, the expiry job): the
 * expired application is saved and audited in the caller's transaction.
 */
final class Expiries {
    private final LoanApplications applications;
    private final AuditLog audit;

    Expiries(LoanApplications applications, AuditLog audit) {
        this.applications = Objects.requireNonNull(applications, "applications");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /** The application as it stands at {@code now}: expired (and stored so) if its lifetime ended. */
    LoanApplication expiredIfDue(Connection connection, Actor noticedBy, LoanApplication application, Instant now)
            throws SQLException {
        Optional<LoanApplication.Expired> expired = application.expireIfDue(now);
        if (expired.isEmpty()) {
            return application;
        }
        applications.save(connection, expired.get());
        audit.record(connection, noticedBy, "expire_loan_application", "loan_application:" + application.id(),
                Map.of("expired_from", expired.get().expiredFrom().wireName(), "expired_at", expired.get().expiredAt().toString()),
                "expired");
        return expired.get();
    }
}
