package dev.agentbank.mcp.web;

import dev.agentbank.shared.InvalidRequest;

/** The charts page: an empty frame that {@code charts.js} fills from {@code /dashboard/api/stats}. */
final class ChartsPage {
    static final int DEFAULT_DAYS = 30;

    private ChartsPage() {}

    static String render(WebSession session) {
        String body = """
                <div class="bar"><h1>Alert trends</h1>
                <label class="days">Period <select id="days"><option value="7">7 days</option>\
                <option value="30" selected>30 days</option><option value="90">90 days</option></select></label></div>
                <div class="kpis">
                <div class="kpi"><span class="kpi-label">Median time to triage</span><span class="kpi-value" id="median">–</span></div>
                <div class="kpi"><span class="kpi-label">Open alerts</span><span class="kpi-value" id="open-total">–</span></div>
                <div class="kpi"><span class="kpi-label">Alerts in period</span><span class="kpi-value" id="raised-total">–</span></div>
                </div>
                <div class="charts">
                <section class="card chart-card wide"><h2>Alerts per day by rule</h2><div class="chart" id="chart-per-day"></div></section>
                <section class="card chart-card"><h2>False-positive rate per rule</h2><div class="chart" id="chart-fp"></div></section>
                <section class="card chart-card"><h2>Open alerts by age</h2><div class="chart" id="chart-age"></div></section>
                </div>
                <p class="muted" id="chart-error" hidden></p>""";
        return Html.page("Charts", "charts", session, body, "echarts.min.js", "charts.js");
    }

    /** The {@code days} query parameter: 1 to 366, 30 when absent. */
    static int days(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_DAYS;
        }
        try {
            int days = Integer.parseInt(value.strip());
            if (days >= 1 && days <= 366) {
                return days;
            }
        } catch (NumberFormatException e) {
            // falls through to the sentence below
        }
        throw new InvalidRequest("days must be a whole number from 1 to 366.");
    }
}
