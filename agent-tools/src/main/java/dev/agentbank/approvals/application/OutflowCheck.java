package dev.agentbank.approvals.application;

import dev.agentbank.approvals.model.UnconfirmedTotals;
import dev.agentbank.ledger.application.PostingConditions;
import java.util.Optional;

/** The spending policy as a posting's conditions; after a CONFIRMATION_REQUIRED refusal it tells which total asked. */
public interface OutflowCheck extends PostingConditions {
    Optional<UnconfirmedTotals> overThreshold();
}
