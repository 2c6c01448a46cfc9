package dev.agentbank.mcp.web;

import dev.agentbank.fraud.application.AlertDesk;
import dev.agentbank.fraud.application.AnalystActions;
import dev.agentbank.fraud.model.Alert;
import dev.agentbank.fraud.model.Resolution;
import dev.agentbank.identity.Principal;
import dev.agentbank.shared.InvalidRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;

/**
 * The case page's forms, each one call on the desk or the analyst actions. A refusal (InvalidRequest) becomes the
 * message on the page the browser is sent back to; nothing else is caught here.
 */
final class AlertForms {
    private final AlertDesk desk;
    private final AnalystActions actions;

    AlertForms(AlertDesk desk, AnalystActions actions) {
        this.desk = desk;
        this.actions = actions;
    }

    void submit(WebSession session, long alertId, String action, HttpServletRequest request) {
        try {
            session.flash(WebSession.Flash.ok(alertId, apply(session.principal(), alertId, action, request)));
        } catch (InvalidRequest e) {
            session.flash(WebSession.Flash.error(alertId, e.getMessage()));
        }
    }

    private String apply(Principal analyst, long alertId, String action, HttpServletRequest request) {
        return switch (action) {
            case "assign" -> "Assigned to " + desk.assign(analyst, alertId).assignee().orElse("you") + ".";
            case "note" -> {
                desk.addNote(analyst, alertId, field(request, "text"));
                yield "Note added.";
            }
            case "escalate" -> "Escalated: " + desk.escalate(analyst, alertId, field(request, "reason")).state() + ".";
            case "close" -> "Closed as " + desk.close(analyst, alertId, resolution(request), field(request, "reason"))
                    .resolution().map(Resolution::name).orElse("closed") + ".";
            case "freeze" -> actions.freeze(analyst, account(analyst, alertId), field(request, "reason"), alertId);
            case "unfreeze" -> actions.unfreeze(analyst, account(analyst, alertId), field(request, "reason"), alertId);
            case "release" -> "Payment " + actions.release(analyst, payment(analyst, alertId), field(request, "reason")).state() + ".";
            case "return" -> "Payment " + actions.returnToPayer(analyst, payment(analyst, alertId), field(request, "reason")).state() + ".";
            default -> throw new InvalidRequest("There is no action '" + action + "' on an alert.");
        };
    }

    /** The account and payment come from the alert itself, never from the form, so a form cannot aim elsewhere. */
    private String account(Principal analyst, long alertId) {
        return desk.get(analyst, alertId).alert().account();
    }

    private String payment(Principal analyst, long alertId) {
        Alert alert = desk.get(analyst, alertId).alert();
        return alert.paymentId().orElseThrow(() -> new InvalidRequest("Alert " + alertId + " is not about a payment."));
    }

    private static Resolution resolution(HttpServletRequest request) {
        String value = field(request, "resolution");
        try {
            return Resolution.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("Resolution must be CONFIRMED_FRAUD, FALSE_POSITIVE or NO_ACTION.");
        }
    }

    private static String field(HttpServletRequest request, String name) {
        String value = request.getParameter(name);
        if (value == null || value.isBlank()) {
            throw new InvalidRequest("Fill in the " + name + " first.");
        }
        return value.strip();
    }
}
