package dev.agentbank.approvals.application;

import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.ConfirmationRequest;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.identity.HumanConfirmation.Answer;
import dev.agentbank.identity.Principal;
import dev.agentbank.shared.events.EventStream;
import dev.agentbank.shared.jdbc.Jdbc;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts every human answer to a confirmation on the event stream: confirmed, declined, dismissed or expired, with the
 * session and how long the human took. Fraud monitoring reads them (declines followed by a yes, answers faster than
 * reading). Questions still waiting are not decisions and are not recorded.
 */
public final class DecisionEvents {
    private static final Logger log = LoggerFactory.getLogger(DecisionEvents.class);

    private final Jdbc jdbc;
    private final Clock clock;

    public DecisionEvents(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** {@code human}, recording each decision it returns. */
    public HumanConfirmation recording(Principal principal, CallContext context, HumanConfirmation human) {
        return request -> {
            Instant asked = clock.instant();
            Answer answer = human.ask(request);
            outcome(answer).ifPresent(outcome -> record(principal, context, request, outcome, asked, clock.instant()));
            return answer;
        };
    }

    private static Optional<String> outcome(Answer answer) {
        return switch (answer) {
            case Answer.Approved approved -> Optional.of("confirmed");
            case Answer.Declined declined -> Optional.of("declined");
            case Answer.Cancelled cancelled -> Optional.of("declined");
            case Answer.Expired expired -> Optional.of("expired");
            case Answer.Unavailable unavailable -> Optional.empty();
            case Answer.Pending pending -> Optional.empty();
        };
    }

    // Its own transaction: an answer is a fact whether or not what it allowed then posts. A failure to record is
    // logged, never turned into a refusal of what the human decided.
    private void record(Principal principal, CallContext context, ConfirmationRequest request, String outcome, Instant asked,
                        Instant answered) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", outcome);
        body.put("request", request.getClass().getSimpleName());
        body.put("asked_at", asked.toString());
        body.put("answered_at", answered.toString());
        body.putAll(context.provenance());
        Long customer = principal instanceof Principal.CustomerPrincipal c ? c.customerId() : null;
        try {
            jdbc.run("record a confirmation decision", connection ->
                    EventStream.append(connection, EventStream.Kind.CONFIRMATION_DECIDED, principal.actor(), customer, answered, body));
        } catch (RuntimeException e) {
            log.warn("could not record a confirmation decision: {}", e.toString());
        }
    }
}
