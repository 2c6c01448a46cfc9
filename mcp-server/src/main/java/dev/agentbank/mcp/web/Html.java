package dev.agentbank.mcp.web;

import dev.agentbank.fraud.model.AlertState;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/** Escaping and the page frame. Every value that did not come from this class's own literals goes through {@link #esc}. */
final class Html {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private Html() {}

    static String esc(Object value) {
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String url(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String time(Instant at) {
        return TIME.format(at);
    }

    static String score(int score) {
        String level = score >= 80 ? "high" : score >= 50 ? "mid" : "low";
        return "<span class=\"score score-" + level + "\">" + score + "</span>";
    }

    static String state(AlertState state) {
        return "<span class=\"chip chip-" + state.name().toLowerCase() + "\">" + state.name().replace('_', ' ') + "</span>";
    }

    static String rules(List<String> rules) {
        StringBuilder out = new StringBuilder();
        for (String rule : rules) {
            out.append("<span class=\"rule\">").append(esc(rule)).append("</span> ");
        }
        return out.toString().strip();
    }

    static String message(Optional<WebSession.Flash> flash) {
        return flash.map(f -> "<p class=\"flash " + (f.error() ? "flash-error" : "flash-ok") + "\" role=\"status\">" + esc(f.text())
                + "</p>").orElse("");
    }

    static String csrfField(WebSession session) {
        return "<input type=\"hidden\" name=\"" + Csrf.FIELD + "\" value=\"" + esc(session.csrf()) + "\">";
    }

    /** A whole page: header with navigation and sign-out, then {@code body}, then the page's own script files. */
    static String page(String title, String active, WebSession session, String body, String... scripts) {
        StringBuilder out = new StringBuilder(4096);
        out.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(title)).append(" · agentbank risk</title>")
                .append("<link rel=\"stylesheet\" href=\"/dashboard/assets/dashboard.css\">")
                .append("<link rel=\"icon\" href=\"data:,\"></head><body>");
        out.append("<header class=\"top\"><a class=\"brand\" href=\"/dashboard/\">agentbank <b>risk</b></a>");
        if (session != null) {
            out.append("<nav>")
                    .append(navLink("/dashboard/", "Queue", active.equals("queue")))
                    .append(navLink("/dashboard/charts", "Charts", active.equals("charts")))
                    .append("</nav><span class=\"who\">").append(esc(session.principal().encoded())).append("</span>")
                    .append("<form method=\"post\" action=\"/dashboard/signout\" class=\"signout\">").append(csrfField(session))
                    .append("<button type=\"submit\" id=\"signout\">Sign out</button></form>");
        }
        out.append("</header><main>").append(body).append("</main>");
        for (String script : scripts) {
            out.append("<script src=\"/dashboard/assets/").append(esc(script)).append("\"></script>");
        }
        return out.append("</body></html>").toString();
    }

    private static String navLink(String href, String label, boolean active) {
        return "<a href=\"" + href + "\"" + (active ? " class=\"active\" aria-current=\"page\"" : "") + ">" + label + "</a>";
    }
}
