package dev.agentbank.mcp.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.fraud.application.AnalystActions;
import dev.agentbank.fraud.model.Alert;
import dev.agentbank.identity.Principal;
import dev.agentbank.identity.Role;
import dev.agentbank.testing.MutableClock;
import dev.agentbank.testing.TestBank;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's security at the HTTP level: who may sign in, the cookie, CSRF, origins, headers and sign-out. */
class DashboardHttpTest {
    private static final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static TestBank bank;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final FakeAlertDesk desk = new FakeAlertDesk(clock);
    private final FakeAnalystActions actions = new FakeAnalystActions();
    private DashboardServer server;
    private Alert alert;

    @BeforeAll
    static void openBank() {
        bank = TestBank.create(clock);
    }

    @AfterAll
    static void closeBank() {
        bank.close();
    }

    @BeforeEach
    void start() {
        server = new DashboardServer(desk, actions, bank.runtime().authenticator(), clock);
        alert = desk.raise("payment of 480.00 EUR to \"<script>alert(1)</script>\"", "480.00", 70, "velocity");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private static String token(Principal principal) {
        return bank.runtime().tokens().create(TestBank.TELLER, principal, Optional.empty()).token();
    }

    private static String analystToken() {
        return token(new Principal.Staff(Role.ANALYST, "ana"));
    }

    /** A signed-in browser: its cookie and the CSRF token its pages carry. */
    private record Browser(String cookie, String csrf) {}

    private Browser signIn(String token) throws Exception {
        HttpResponse<String> response = post("/dashboard/signin", Map.of("token", token), null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
        String cookie = cookieValue(response.headers().firstValue("Set-Cookie").orElseThrow());
        Matcher csrf = CSRF.matcher(get("/dashboard/", cookie).body());
        assertThat(csrf.find()).isTrue();
        return new Browser(cookie, csrf.group(1));
    }

    private static String cookieValue(String setCookie) {
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.base().resolve(path)).timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Map<String, String> form, String cookie, String origin) throws Exception {
        return post(path, form, cookie, origin, null);
    }

    private HttpResponse<String> post(String path, Map<String, String> form, String cookie, String origin, String fetchSite)
            throws Exception {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(server.base().resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        if (fetchSite != null) {
            request.header("Sec-Fetch-Site", fetchSite);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCustomersOrTellersTokenCannotSignIn() throws Exception {
        long customer = bank.customer();
        for (Principal notAnAnalyst : List.of(new Principal.CustomerPrincipal(customer), new Principal.Staff(Role.TELLER, "tom"))) {
            HttpResponse<String> response = post("/dashboard/signin", Map.of("token", token(notAnAnalyst)), null, null);
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).contains("This token is for " + notAnAnalyst.encoded() + ", who may not triage alerts.");
            assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        }
        HttpResponse<String> unknown = post("/dashboard/signin", Map.of("token", "not-a-token"), null, null);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).contains("This token is unknown, revoked or expired.");
        assertThat(unknown.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictAndRandomAndTheTokenNeverReachesAUrl() throws Exception {
        String token = analystToken();
        HttpResponse<String> response = post("/dashboard/signin", Map.of("token", token), null, null);
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).contains("/dashboard/");
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith(Sessions.COOKIE + "=").contains("; HttpOnly").contains("; SameSite=Strict")
                .contains("; Path=/dashboard").doesNotContain(token);
        String id = cookieValue(setCookie).substring(Sessions.COOKIE.length() + 1);
        assertThat(id).matches("[A-Za-z0-9_-]{43}"); // 256 bits, base64url

        HttpResponse<String> queue = get("/dashboard/", cookieValue(setCookie));
        assertThat(queue.statusCode()).isEqualTo(200);
        assertThat(queue.body()).doesNotContain(token).contains("analyst:ana");

        // A token offered in a URL is refused outright, before it is even read.
        HttpResponse<String> inUrl = post("/dashboard/signin?token=" + token, Map.of("token", token), null, null);
        assertThat(inUrl.statusCode()).isEqualTo(403);
        assertThat(inUrl.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        Browser browser = signIn(analystToken());
        String notePath = "/dashboard/alerts/" + alert.id() + "/note";

        HttpResponse<String> missing = post(notePath, Map.of("text", "forged"), browser.cookie(), null);
        HttpResponse<String> wrong = post(notePath, Map.of("text", "forged", "csrf", browser.csrf().substring(1) + "x"), browser.cookie(), null);
        HttpResponse<String> closeWithout = post("/dashboard/alerts/" + alert.id() + "/close",
                Map.of("resolution", "FALSE_POSITIVE", "reason", "forged"), browser.cookie(), null);
        assertThat(List.of(missing.statusCode(), wrong.statusCode(), closeWithout.statusCode())).containsOnly(403);
        assertThat(missing.body()).contains("This form has expired or did not come from the dashboard.");
        assertThat(desk.calls()).isEmpty();
        assertThat(desk.notes(alert.id())).isEmpty();

        HttpResponse<String> genuine = post(notePath, Map.of("text", "real note", "csrf", browser.csrf()), browser.cookie(),
                server.base().toString().replaceAll("/$", ""));
        assertThat(genuine.statusCode()).isEqualTo(303);
        assertThat(desk.notes(alert.id())).extracting(n -> n.text()).containsExactly("real note");
    }

    @Test
    void aPostFromAnotherOriginIsRefusedEvenWithTheCsrfToken() throws Exception {
        Browser browser = signIn(analystToken());
        Map<String, String> form = Map.of("text", "forged", "csrf", browser.csrf());
        String notePath = "/dashboard/alerts/" + alert.id() + "/note";
        assertThat(post(notePath, form, browser.cookie(), "https://evil.example").statusCode()).isEqualTo(403);
        // Loopback on another port passes the MCP gate, but it is not the dashboard's own origin.
        assertThat(post(notePath, form, browser.cookie(), "http://127.0.0.1:1").statusCode()).isEqualTo(403);
        assertThat(post("/dashboard/signin", Map.of("token", analystToken()), null, "http://localhost:1").statusCode()).isEqualTo(403);
        // Under no-referrer a browser sends Origin: null; Sec-Fetch-Site still tells a forged form from our own.
        assertThat(post(notePath, form, browser.cookie(), "null", "cross-site").statusCode()).isEqualTo(403);
        assertThat(post(notePath, form, browser.cookie(), "null", "same-site").statusCode()).isEqualTo(403);
        assertThat(post(notePath, form, browser.cookie(), "null", null).statusCode()).isEqualTo(403);
        assertThat(desk.calls()).isEmpty();
        assertThat(post(notePath, form, browser.cookie(), "null", "same-origin").statusCode()).isEqualTo(303);
        assertThat(desk.calls()).hasSize(1);
    }

    @Test
    void everyPageCarriesAStrictContentSecurityPolicyAndNoInlineScriptOrStyle() throws Exception {
        Browser browser = signIn(analystToken());
        for (String path : List.of("/dashboard/signin", "/dashboard/", "/dashboard/alerts/" + alert.id(), "/dashboard/charts")) {
            HttpResponse<String> page = get(path, browser.cookie());
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy")).as(path).get().asString()
                    .contains("default-src 'self'").contains("script-src 'self'").contains("style-src 'self'")
                    .contains("img-src 'self' data:").contains("connect-src 'self'").contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe");
            assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
            assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(page.body()).as(path).doesNotContainPattern("<script(?![^>]*\\ssrc=)").doesNotContain(" style=")
                    .doesNotContain("<style").doesNotContain("<script>alert(1)");
        }
        assertThat(get("/dashboard/", browser.cookie()).body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void signingOutEndsTheSessionOnTheServer() throws Exception {
        Browser browser = signIn(analystToken());
        HttpResponse<String> out = post("/dashboard/signout", Map.of("csrf", browser.csrf()), browser.cookie(), null);
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Location")).contains("/dashboard/signin");
        assertThat(out.headers().firstValue("Set-Cookie")).get().asString().contains("Max-Age=0");

        HttpResponse<String> after = get("/dashboard/", browser.cookie()); // the old cookie, replayed
        assertThat(after.statusCode()).isEqualTo(303);
        assertThat(after.headers().firstValue("Location")).contains("/dashboard/signin");
        assertThat(get("/dashboard/api/alerts/" + alert.id(), browser.cookie()).statusCode()).isEqualTo(401);
        assertThat(post("/dashboard/alerts/" + alert.id() + "/note", Map.of("text", "late", "csrf", browser.csrf()), browser.cookie(), null)
                .statusCode()).isEqualTo(303);
        assertThat(desk.notes(alert.id())).isEmpty();
    }

    @Test
    void revokingTheTokenEndsItsSessionsWithinHalfAMinuteAndNoSessionOutlivesADay() throws Exception {
        var issued = bank.runtime().tokens().create(TestBank.TELLER, new Principal.Staff(Role.ANALYST, "rita"), Optional.empty());
        Browser browser = signIn(issued.token());
        assertThat(get("/dashboard/", browser.cookie()).statusCode()).isEqualTo(200);
        bank.runtime().tokens().revoke(TestBank.TELLER, issued.id());
        clock.advance(Duration.ofSeconds(31));
        assertThat(get("/dashboard/", browser.cookie()).statusCode()).as("signed out after the revocation").isEqualTo(303);

        Browser busy = signIn(analystToken());
        for (int shift = 0; shift < 4; shift++) {
            clock.advance(Duration.ofHours(6));
            assertThat(get("/dashboard/", busy.cookie()).statusCode()).as("used every 6 hours").isEqualTo(200);
        }
        clock.advance(Duration.ofMinutes(1));
        assertThat(get("/dashboard/", busy.cookie()).statusCode()).as("a day after signing in").isEqualTo(303);
    }

    @Test
    void aSessionIdleForMoreThanEightHoursIsGone() throws Exception {
        Browser browser = signIn(analystToken());
        clock.advance(Duration.ofHours(7));
        assertThat(get("/dashboard/", browser.cookie()).statusCode()).isEqualTo(200); // use renews it
        clock.advance(Duration.ofHours(7));
        // The queue fetching a live update on its own is not the analyst using the dashboard.
        assertThat(get("/dashboard/api/alerts/" + alert.id(), browser.cookie()).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofHours(1).plusMinutes(1));
        assertThat(get("/dashboard/api/alerts/" + alert.id(), browser.cookie()).statusCode()).isEqualTo(401);
        assertThat(get("/dashboard/", browser.cookie()).statusCode()).isEqualTo(303);
    }

    @Test
    void theDashboardNeedsNoBearerHeaderWhileMcpStillDoes() throws Exception {
        assertThat(get("/dashboard/signin", null).statusCode()).isEqualTo(200);
        HttpResponse<String> page = get("/dashboard/", null);
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).contains("/dashboard/signin");
        assertThat(get("/mcp", null).statusCode()).isEqualTo(401);
        assertThat(get("/dashboard/api/stats", null).statusCode()).isEqualTo(401);
        assertThat(get("/dashboard/events", null).statusCode()).isEqualTo(401);
    }

    @Test
    void badFiltersAndUnknownAlertsAreSentencesNotStackTraces() throws Exception {
        Browser browser = signIn(analystToken());
        HttpResponse<String> badState = get("/dashboard/?state=OPENISH", browser.cookie());
        assertThat(badState.statusCode()).isEqualTo(400);
        assertThat(badState.body()).contains("state must be one of NEW, IN_REVIEW, ESCALATED or CLOSED, not &#39;OPENISH&#39;.");
        HttpResponse<String> unknown = get("/dashboard/alerts/999", browser.cookie());
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("There is no alert 999.").doesNotContain("Exception");
        HttpResponse<String> closed = post("/dashboard/alerts/999/close",
                Map.of("csrf", browser.csrf(), "resolution", "FALSE_POSITIVE", "reason", "x"), browser.cookie(), null);
        assertThat(closed.statusCode()).isEqualTo(303);
        assertThat(get("/dashboard/alerts/" + alert.id(), browser.cookie()).body()).doesNotContain("There is no alert 999");
    }

    @Test
    void theEventStreamNamesEachNewAlert() throws Exception {
        Browser browser = signIn(analystToken());
        HttpRequest request = HttpRequest.newBuilder(server.base().resolve("/dashboard/events")).header("Cookie", browser.cookie()).build();
        HttpResponse<InputStream> stream = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).get().asString().startsWith("text/event-stream");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            CompletableFuture<String> data = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.startsWith("data: {\"id\"")) {
                            return line;
                        }
                    }
                    return "";
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (desk.listenerCount() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Alert raised = desk.raise("payment of 10.00 EUR to \"Kiosk\"", "10.00", 60, "round-amount");
            assertThat(data.get(10, TimeUnit.SECONDS)).contains("\"id\":" + raised.id()).contains("\"isNew\":true")
                    .doesNotContain("Kiosk"); // the stream names alerts; their contents come from the JSON endpoint
        }
        HttpResponse<String> row = get("/dashboard/api/alerts/" + alert.id(), browser.cookie());
        assertThat(row.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
        assertThat(row.body()).contains("\"description\":\"payment of 480.00 EUR to \\\"<script>alert(1)</script>\\\"\"");
    }

    @Test
    void theQueueFiltersByStateRuleAndScoreAndPagesToOlderAlerts() throws Exception {
        for (int i = 0; i < 54; i++) {
            desk.raise("payment " + i, "10.00", i % 2 == 0 ? 90 : 40, i % 3 == 0 ? "velocity" : "round-amount");
        }
        Browser browser = signIn(analystToken());
        String first = get("/dashboard/", browser.cookie()).body();
        assertThat(rows(first)).hasSize(QueuePage.PAGE_SIZE).first().isEqualTo("alert-55");
        Matcher older = Pattern.compile("id=\"older\" href=\"([^\"]+)\"").matcher(first);
        assertThat(older.find()).isTrue();
        String second = get(older.group(1).replace("&amp;", "&"), browser.cookie()).body();
        assertThat(rows(second)).containsExactly("alert-5", "alert-4", "alert-3", "alert-2", "alert-1");
        assertThat(second).doesNotContain("id=\"older\"");

        List<String> filtered = rows(get("/dashboard/?state=NEW&rule=velocity&minScore=80", browser.cookie()).body());
        assertThat(filtered).isNotEmpty().allSatisfy(id -> {
            Alert alert = desk.alert(Long.parseLong(id.substring("alert-".length())));
            assertThat(alert.rules()).contains("velocity");
            assertThat(alert.score()).isGreaterThanOrEqualTo(80);
        });
    }

    private static List<String> rows(String html) {
        return Pattern.compile("<tr id=\"(alert-\\d+)\"").matcher(html).results().map(m -> m.group(1)).toList();
    }

    @Test
    void aHeldPaymentCanBeReleasedFromItsAlertsPage() throws Exception {
        Browser browser = signIn(analystToken());
        String path = "/dashboard/alerts/" + alert.id();
        assertThat(get(path, browser.cookie()).body()).doesNotContain("id=\"form-release\"");
        actions.hold(new AnalystActions.Hold("pay-" + alert.id(), alert.id(), 7, alert.account(),
                "Landlord", alert.amount(), alert.raisedAt(), alert.raisedAt().plus(Duration.ofHours(48)), "HELD"));
        assertThat(get(path, browser.cookie()).body()).contains("id=\"form-release\"").contains("id=\"form-return\"");

        HttpResponse<String> release = post(path + "/release", Map.of("csrf", browser.csrf(), "reason", "Customer called"),
                browser.cookie(), null);
        assertThat(release.statusCode()).isEqualTo(303);
        assertThat(actions.calls()).containsExactly("released pay-" + alert.id());
        assertThat(get(path, browser.cookie()).body()).contains("Payment RELEASED.");

        HttpResponse<String> again = post(path + "/return", Map.of("csrf", browser.csrf(), "reason", "Changed my mind"),
                browser.cookie(), null);
        assertThat(again.statusCode()).isEqualTo(303);
        assertThat(get(path, browser.cookie()).body()).contains("Payment pay-" + alert.id() + " is not held.");
    }
}
