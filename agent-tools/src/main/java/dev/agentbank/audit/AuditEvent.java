package dev.agentbank.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import java.time.Instant;

/** Who did what, with which parameters, and how it ended. Append-only. */
@Entity
@Immutable
@Table(name = "audit_event")
public class AuditEvent {
    @Id
    private Long id;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    @Column(nullable = false)
    private String actor;

    @Column(nullable = false)
    private String action;

    private String subject;

    @Column(nullable = false)
    private String details;

    @Column(nullable = false)
    private String outcome;

    protected AuditEvent() {}

    public Long id() {
        return id;
    }

    public Instant occurredAt() {
        return occurredAt;
    }

    public String actor() {
        return actor;
    }

    public String action() {
        return action;
    }

    public String subject() {
        return subject;
    }

    public String details() {
        return details;
    }

    public String outcome() {
        return outcome;
    }
}
