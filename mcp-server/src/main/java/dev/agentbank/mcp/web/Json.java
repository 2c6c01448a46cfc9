package dev.agentbank.mcp.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentbank.fraud.application.AlertDesk;
import dev.agentbank.fraud.model.Alert;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the dashboard's scripts read: plain strings and numbers, rendered by them with textContent only. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static String row(Alert alert) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", alert.id());
        row.put("raised", Html.time(alert.raisedAt()));
        row.put("customer", alert.customerId());
        row.put("account", alert.account());
        row.put("description", alert.description());
        row.put("amount", alert.amount().toString());
        row.put("score", alert.score());
        row.put("rules", alert.rules());
        row.put("state", alert.state().name());
        row.put("assignee", alert.assignee().orElse(""));
        return write(row);
    }

    static String change(AlertDesk.AlertChange change) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", change.alertId());
        out.put("state", change.state().name());
        out.put("isNew", change.isNew());
        return write(out);
    }

    static String stats(AlertDesk.AlertStats stats) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("perDay", stats.perDay().stream()
                .map(d -> Map.of("day", d.day().toString(), "rule", d.rule(), "alerts", d.alerts())).toList());
        out.put("perRule", stats.perRule().stream().map(r -> Map.of("rule", r.rule(), "closed", r.closed(),
                "falsePositives", r.falsePositives(),
                "rate", r.closed() == 0 ? 0.0 : Math.round(1000.0 * r.falsePositives() / r.closed()) / 10.0)).toList());
        out.put("medianToTriageMinutes", stats.medianToTriage().map(d -> d.toSeconds() / 60.0).orElse(null));
        out.put("openByAge", stats.openByAge().stream().map(a -> Map.of("label", a.label(), "alerts", a.alerts())).toList());
        return write(out);
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
