package dev.agentbank.mcp.web;

import dev.agentbank.fraud.application.AlertDesk;
import dev.agentbank.fraud.application.AlertDesk.AlertDetail;
import dev.agentbank.fraud.application.AlertDesk.TimelineRow;
import dev.agentbank.fraud.application.AnalystActions;
import dev.agentbank.fraud.application.AnalystActions.Hold;
import dev.agentbank.fraud.model.Alert;
import dev.agentbank.fraud.model.AlertState;
import dev.agentbank.fraud.model.CaseNote;
import dev.agentbank.fraud.model.Hit;
import dev.agentbank.fraud.model.Resolution;
import java.util.Optional;

/** One alert's case: why it fired, the account's recent movements, earlier alerts, the notes and what can be done. */
final class DetailPage {
    private final AlertDesk desk;
    private final AnalystActions actions;

    DetailPage(AlertDesk desk, AnalystActions actions) {
        this.desk = desk;
        this.actions = actions;
    }

    String render(WebSession session, long alertId) {
        AlertDetail detail = desk.get(session.principal(), alertId);
        Alert alert = detail.alert();
        Optional<Hold> hold = alert.paymentId().flatMap(payment -> actions.holds(session.principal()).stream()
                .filter(h -> h.paymentId().equals(payment)).findFirst());
        StringBuilder body = new StringBuilder(8192);
        body.append("<p class=\"crumbs\"><a href=\"/dashboard/\">← Queue</a></p>");
        body.append("<div class=\"bar\"><h1>Alert ").append(alert.id()).append("</h1>").append(Html.state(alert.state()))
                .append(Html.score(alert.score())).append("<span class=\"action-kind\">").append(alert.action()).append("</span></div>");
        body.append(Html.message(session.takeFlash(alertId)));
        body.append("<div class=\"columns\"><div class=\"main-col\">");
        body.append(summary(alert, hold));
        body.append(evidence(alert));
        body.append(timeline(detail));
        body.append(earlier(detail));
        body.append("</div><aside class=\"side-col\">");
        body.append(actions(session, alert, hold));
        body.append(notes(detail));
        body.append("</aside></div>");
        return Html.page("Alert " + alert.id(), "queue", session, body.toString());
    }

    private static String summary(Alert alert, Optional<Hold> hold) {
        StringBuilder out = new StringBuilder("<section class=\"card\"><h2>Movement</h2><dl class=\"facts\">");
        fact(out, "Description", Html.esc(alert.description()));
        fact(out, "Amount", Html.esc(alert.amount()));
        fact(out, "Raised", Html.time(alert.raisedAt()) + " UTC");
        fact(out, "Customer", String.valueOf(alert.customerId()));
        fact(out, "Account", "<span class=\"mono\" id=\"account\">" + Html.esc(alert.account()) + "</span>");
        alert.transactionId().ifPresent(id -> fact(out, "Transaction", String.valueOf(id)));
        alert.paymentId().ifPresent(id -> fact(out, "Payment", "<span class=\"mono\">" + Html.esc(id) + "</span>"));
        fact(out, "Assignee", Html.esc(alert.assignee().orElse("nobody yet")));
        alert.resolution().ifPresent(r -> fact(out, "Resolution", "<span id=\"resolution\">" + r.name() + "</span>"));
        hold.ifPresent(h -> fact(out, "Hold", Html.esc(h.state()) + ", returns to the payer at " + Html.time(h.returnsAt()) + " UTC"));
        return out.append("</dl></section>").toString();
    }

    private static void fact(StringBuilder out, String label, String html) {
        out.append("<dt>").append(label).append("</dt><dd>").append(html).append("</dd>");
    }

    private static String evidence(Alert alert) {
        StringBuilder out = new StringBuilder("<section class=\"card\"><h2>Evidence</h2><table class=\"grid\" id=\"evidence\">"
                + "<thead><tr><th>Rule</th><th>Version</th><th>Score</th><th>Evidence</th></tr></thead><tbody>");
        for (Hit hit : alert.hits()) {
            out.append("<tr><td><span class=\"rule\">").append(Html.esc(hit.rule())).append("</span></td><td>")
                    .append(Html.esc(hit.version())).append("</td><td class=\"num\">+").append(hit.score()).append("</td><td>")
                    .append(Html.esc(hit.evidence())).append("</td></tr>");
        }
        return out.append("</tbody></table></section>").toString();
    }

    private static String timeline(AlertDetail detail) {
        StringBuilder out = new StringBuilder("<section class=\"card\"><h2>Account timeline</h2>");
        if (detail.timeline().isEmpty()) {
            return out.append("<p class=\"muted\">No recent movements.</p></section>").toString();
        }
        out.append("<table class=\"grid\" id=\"timeline\"><thead><tr><th>At (UTC)</th><th>Description</th><th>In</th><th>Out</th>"
                + "<th></th></tr></thead><tbody>");
        for (TimelineRow row : detail.timeline()) {
            boolean thisOne = row.eventId() == detail.alert().eventId();
            out.append("<tr class=\"").append(row.flagged() ? "flagged" : "").append(thisOne ? " this-alert" : "").append("\"><td class=\"nowrap\">")
                    .append(Html.time(row.at())).append("</td><td>").append(Html.esc(row.description())).append("</td><td class=\"num\">")
                    .append(row.outflow() ? "" : Html.esc(row.amount())).append("</td><td class=\"num\">")
                    .append(row.outflow() ? Html.esc(row.amount()) : "").append("</td><td>")
                    .append(row.flagged() ? "<span class=\"flag\">flagged</span>" : "").append("</td></tr>");
        }
        return out.append("</tbody></table></section>").toString();
    }

    private static String earlier(AlertDetail detail) {
        StringBuilder out = new StringBuilder("<section class=\"card\"><h2>Earlier alerts for this customer</h2>");
        if (detail.earlierAlerts().isEmpty()) {
            return out.append("<p class=\"muted\">None.</p></section>").toString();
        }
        out.append("<table class=\"grid\"><thead><tr><th>ID</th><th>Raised (UTC)</th><th>Description</th><th>Score</th><th>State</th>"
                + "<th>Resolution</th></tr></thead><tbody>");
        for (Alert earlier : detail.earlierAlerts()) {
            out.append("<tr><td><a href=\"/dashboard/alerts/").append(earlier.id()).append("\">").append(earlier.id())
                    .append("</a></td><td class=\"nowrap\">").append(Html.time(earlier.raisedAt())).append("</td><td>")
                    .append(Html.esc(earlier.description())).append("</td><td class=\"num\">").append(Html.score(earlier.score()))
                    .append("</td><td>").append(Html.state(earlier.state())).append("</td><td>")
                    .append(earlier.resolution().map(Resolution::name).orElse("")).append("</td></tr>");
        }
        return out.append("</tbody></table></section>").toString();
    }

    private static String notes(AlertDetail detail) {
        StringBuilder out = new StringBuilder("<section class=\"card\"><h2>Notes</h2><ol class=\"notes\" id=\"notes\">");
        for (CaseNote note : detail.notes()) {
            out.append("<li><div class=\"note-head\"><b>").append(Html.esc(note.author())).append("</b> <span class=\"muted\">")
                    .append(Html.time(note.at())).append(" UTC</span></div><div class=\"note-text\">").append(Html.esc(note.text()))
                    .append("</div></li>");
        }
        if (detail.notes().isEmpty()) {
            out.append("<li class=\"muted\">No notes yet.</li>");
        }
        return out.append("</ol></section>").toString();
    }

    private static String actions(WebSession session, Alert alert, Optional<Hold> hold) {
        StringBuilder out = new StringBuilder("<section class=\"card actions\"><h2>Actions</h2>");
        boolean open = alert.state() != AlertState.CLOSED;
        String base = "/dashboard/alerts/" + alert.id() + "/";
        if (open) {
            out.append(form(session, base + "assign", "assign", "", "Assign to me"));
        }
        out.append(form(session, base + "note", "note", reason("note-text", "text", "What you found or did"), "Add note"));
        if (open && alert.state() != AlertState.ESCALATED) {
            out.append(form(session, base + "escalate", "escalate", reason("escalate-reason", "reason", "Why it needs a second look"),
                    "Escalate"));
        }
        if (open) {
            StringBuilder resolutions = new StringBuilder();
            for (Resolution resolution : Resolution.values()) {
                resolutions.append("<option value=\"").append(resolution.name()).append("\">").append(resolution.name().replace('_', ' '))
                        .append("</option>");
            }
            out.append(form(session, base + "close", "close", "<select name=\"resolution\" id=\"close-resolution\">" + resolutions
                    + "</select>" + reason("close-reason", "reason", "Why"), "Close alert"));
        }
        out.append("<h3>Account <span class=\"mono\">").append(Html.esc(alert.account())).append("</span></h3>");
        out.append(form(session, base + "freeze", "freeze", reason("freeze-reason", "reason", "Reason to freeze"), "Freeze account"));
        out.append(form(session, base + "unfreeze", "unfreeze", reason("unfreeze-reason", "reason", "Reason to unfreeze"),
                "Unfreeze account"));
        hold.ifPresent(h -> {
            out.append("<h3>Held payment ").append(Html.esc(h.amount())).append(" to ").append(Html.esc(h.payee())).append("</h3>");
            out.append(form(session, base + "release", "release", reason("release-reason", "reason", "Why it may go"), "Release payment"));
            out.append(form(session, base + "return", "return", reason("return-reason", "reason", "Why it goes back"), "Return to payer"));
        });
        return out.append("</section>").toString();
    }

    private static String reason(String id, String name, String placeholder) {
        // notes may be longer than reasons: the same limits as the desk's
        int limit = name.equals("text") ? 4000 : 500;
        return "<textarea id=\"" + id + "\" name=\"" + name + "\" rows=\"2\" required maxlength=\"" + limit + "\" placeholder=\""
                + placeholder + "\"></textarea>";
    }

    private static String form(WebSession session, String action, String id, String fields, String button) {
        return "<form method=\"post\" action=\"" + action + "\" class=\"action-form\" id=\"form-" + id + "\">" + Html.csrfField(session)
                + fields + "<button type=\"submit\" id=\"do-" + id + "\">" + button + "</button></form>";
    }
}
