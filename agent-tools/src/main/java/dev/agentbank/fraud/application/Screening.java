package dev.agentbank.fraud.application;

import dev.agentbank.fraud.jdbc.Activity;
import dev.agentbank.fraud.model.AccountActivity;
import dev.agentbank.fraud.model.Channel;
import dev.agentbank.fraud.model.Hit;
import dev.agentbank.fraud.model.Movement;
import dev.agentbank.fraud.model.Observed;
import dev.agentbank.fraud.model.Scorecard;
import dev.agentbank.fraud.model.Scorecard.Verdict;
import dev.agentbank.identity.CallContext;
import dev.agentbank.payments.application.PaymentScreening;
import dev.agentbank.shared.jdbc.Jdbc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Synchronous screening of a payment before its money leaves: the same rules as the monitor, on the payer account's
 * history as fraud's projection has it (at most the monitor's lag behind), in two reads. At or above HOLD the payment
 * is held; the verdict travels with the posting, and the monitor raises the HOLD alert from it.
 */
public final class Screening implements PaymentScreening {
    private final Jdbc jdbc;
    private final Activity activity;
    private final Scorecard scorecard;

    public Screening(Jdbc jdbc, Activity activity, Scorecard scorecard) {
        this.jdbc = jdbc;
        this.activity = activity;
        this.scorecard = scorecard;
    }

    @Override
    public PaymentScreening.Screening screen(ScreeningRequest request) {
        Movement movement = new Movement(0, request.at(), request.fromAccount(), Movement.Direction.OUT, request.amount(),
                Optional.of(request.payeeId()), Optional.ofNullable(request.payeeAddedAt()).map(added -> Duration.between(added, request.at())),
                Optional.of(request.payeeId()), channel(request));
        Observed payment = new Observed(movement, request.customerId(), "", Optional.empty(), Optional.empty());
        AccountActivity history = jdbc.query("screen a payment",
                connection -> WorkingSet.read(connection, activity, List.of(payment)).activityFor(payment));
        Verdict verdict = scorecard.judge(movement, history);
        boolean hold = verdict.action() == Scorecard.Action.HOLD;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("score", verdict.score());
        details.put("action", verdict.action().name());
        List<Map<String, Object>> hits = new ArrayList<>();
        for (Hit hit : verdict.hits()) {
            hits.add(Map.of("rule", hit.rule(), "version", hit.version(), "score", hit.score(), "evidence", hit.evidence()));
        }
        details.put("hits", hits);
        return new PaymentScreening.Screening(hold, details);
    }

    private static Channel channel(ScreeningRequest request) {
        CallContext context = request.context();
        Optional<Channel.Confirmation> confirmation = request.confirmation().map(human -> new Channel.Confirmation(
                human.confirmedThrough(), Duration.between(human.askedAt(), human.answeredAt())));
        if (context == null) {
            return new Channel("direct", "unknown", "none", false, confirmation);
        }
        return new Channel(context.transport(), context.client(), context.session(),
                Boolean.TRUE.equals(context.provenance().get("proposed_by_model")), confirmation);
    }
}
