package dev.agentbank.mcp.web;

import dev.agentbank.fraud.application.AlertDesk;
import dev.agentbank.fraud.application.AlertDesk.AlertFilter;
import dev.agentbank.fraud.model.Alert;
import dev.agentbank.fraud.model.AlertState;
import dev.agentbank.shared.InvalidRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Optional;

/** The alert queue, newest first, filtered by query parameters; new alerts arrive through {@code queue.js}. */
final class QueuePage {
    static final int PAGE_SIZE = 50;
    private static final String[] COLUMNS = {"ID", "Raised (UTC)", "Customer", "Account", "Description", "Amount", "Score", "Rules",
            "State", "Assignee"};

    private QueuePage() {}

    /** The filter and page as the query string gave them; a value that does not parse is a sentence, not a 500. */
    record Query(Optional<AlertState> state, Optional<String> rule, Optional<Integer> minScore, Optional<String> cursor) {
        static Query from(HttpServletRequest request) {
            return new Query(param(request, "state").map(QueuePage::state), param(request, "rule"),
                    param(request, "minScore").map(QueuePage::score), param(request, "cursor"));
        }

        AlertFilter filter() {
            return new AlertFilter(state, rule, minScore, Optional.empty());
        }

        /** This filter as a query string for links, with {@code cursor} when given. */
        String query(Optional<String> at) {
            StringBuilder out = new StringBuilder();
            state.ifPresent(s -> out.append("&state=").append(s.name()));
            rule.ifPresent(r -> out.append("&rule=").append(Html.url(r)));
            minScore.ifPresent(m -> out.append("&minScore=").append(m));
            at.ifPresent(c -> out.append("&cursor=").append(Html.url(c)));
            return out.isEmpty() ? "" : "?" + out.substring(1);
        }
    }

    static String render(AlertDesk desk, WebSession session, Query query) {
        AlertDesk.AlertPage page = desk.list(session.principal(), query.filter(), query.cursor(), PAGE_SIZE);
        StringBuilder body = new StringBuilder(8192);
        body.append("<div class=\"bar\"><h1>Alert queue</h1><span class=\"live\" id=\"live\" title=\"Live updates\">connecting…</span></div>");
        body.append(filters(query));
        body.append("<table class=\"grid\" id=\"queue\" data-state=\"").append(query.state().map(Enum::name).orElse(""))
                .append("\" data-rule=\"").append(Html.esc(query.rule().orElse("")))
                .append("\" data-min-score=\"").append(query.minScore().map(String::valueOf).orElse(""))
                .append("\" data-first-page=\"").append(query.cursor().isEmpty()).append("\"><thead><tr>");
        for (String column : COLUMNS) {
            body.append("<th>").append(column).append("</th>");
        }
        body.append("</tr></thead><tbody>");
        for (Alert alert : page.alerts()) {
            body.append(row(alert));
        }
        body.append("</tbody></table>");
        if (page.alerts().isEmpty()) {
            body.append("<p class=\"empty\" id=\"empty\">No alerts match.</p>");
        }
        page.nextCursor().ifPresent(next -> body.append("<p class=\"paging\"><a id=\"older\" href=\"/dashboard/")
                .append(Html.esc(query.query(Optional.of(next)))).append("\">Older alerts →</a></p>"));
        if (query.cursor().isPresent()) {
            body.append("<p class=\"paging\"><a href=\"/dashboard/").append(Html.esc(query.query(Optional.empty())))
                    .append("\">← Newest</a></p>");
        }
        return Html.page("Queue", "queue", session, body.toString(), "queue.js");
    }

    static String row(Alert alert) {
        String link = "/dashboard/alerts/" + alert.id();
        return "<tr id=\"alert-" + alert.id() + "\" class=\"state-" + alert.state().name().toLowerCase(Locale.ROOT) + "\">"
                + "<td><a href=\"" + link + "\">" + alert.id() + "</a></td>"
                + "<td class=\"nowrap\">" + Html.time(alert.raisedAt()) + "</td>"
                + "<td>" + alert.customerId() + "</td>"
                + "<td class=\"mono\">" + Html.esc(alert.account()) + "</td>"
                + "<td><a href=\"" + link + "\">" + Html.esc(alert.description()) + "</a></td>"
                + "<td class=\"num\">" + Html.esc(alert.amount()) + "</td>"
                + "<td class=\"num\">" + Html.score(alert.score()) + "</td>"
                + "<td>" + Html.rules(alert.rules()) + "</td>"
                + "<td class=\"state\">" + Html.state(alert.state()) + "</td>"
                + "<td class=\"assignee\">" + Html.esc(alert.assignee().orElse("")) + "</td></tr>";
    }

    private static String filters(Query query) {
        StringBuilder states = new StringBuilder("<option value=\"\">any</option>");
        for (AlertState state : AlertState.values()) {
            states.append("<option").append(query.state().filter(state::equals).isPresent() ? " selected" : "").append(">")
                    .append(state.name()).append("</option>");
        }
        return "<form class=\"filters\" method=\"get\" action=\"/dashboard/\">"
                + "<label>State <select name=\"state\" id=\"filter-state\">" + states + "</select></label>"
                + "<label>Rule <input name=\"rule\" id=\"filter-rule\" placeholder=\"e.g. velocity\" value=\""
                + Html.esc(query.rule().orElse("")) + "\"></label>"
                + "<label>Min score <input name=\"minScore\" id=\"filter-min-score\" type=\"number\" min=\"0\" max=\"1000\" value=\""
                + query.minScore().map(String::valueOf).orElse("") + "\"></label>"
                + "<button type=\"submit\">Filter</button> <a href=\"/dashboard/\">clear</a></form>";
    }

    private static Optional<String> param(HttpServletRequest request, String name) {
        String value = request.getParameter(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static AlertState state(String value) {
        try {
            return AlertState.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("state must be one of NEW, IN_REVIEW, ESCALATED or CLOSED, not '" + value + "'.");
        }
    }

    private static int score(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidRequest("minScore must be a whole number, not '" + value + "'.");
        }
    }
}
