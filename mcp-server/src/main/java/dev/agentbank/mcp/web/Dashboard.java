package dev.agentbank.mcp.web;

import dev.agentbank.fraud.application.AlertDesk;
import dev.agentbank.fraud.application.AnalystActions;
import dev.agentbank.identity.Authenticator;
import dev.agentbank.shared.InvalidRequest;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analysts' web dashboard under {@code /dashboard/}: sign-in with a token, the alert queue with live updates, an
 * alert's case page with its actions, and charts. It authenticates with its own session cookie, not a bearer header,
 * and every state-changing POST must come from this origin and carry the session's CSRF token.
 */
public final class Dashboard extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(Dashboard.class);
    public static final String PATH = "/dashboard";
    static final Duration IDLE = Duration.ofHours(8);
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final Pattern ALERT = Pattern.compile("/alerts/(\\d{1,18})");
    private static final Pattern ALERT_ACTION = Pattern.compile("/alerts/(\\d{1,18})/([a-z]+)");
    private static final Pattern ALERT_JSON = Pattern.compile("/api/alerts/(\\d{1,18})");

    private final transient AlertDesk desk;
    private final transient Sessions sessions;
    private final transient SignIn signIn;
    private final transient AlertForms forms;
    private final transient DetailPage detail;
    private final transient AlertEvents events;
    private final transient Assets assets = new Assets();

    public Dashboard(AlertDesk desk, AnalystActions actions, Authenticator tokens, Clock clock) {
        this.desk = desk;
        this.sessions = new Sessions(clock, IDLE);
        this.signIn = new SignIn(tokens, sessions);
        this.forms = new AlertForms(desk, actions);
        this.detail = new DetailPage(desk, actions);
        this.events = new AlertEvents(desk, sessions);
    }

    /** Serves the dashboard at {@code /dashboard/*} of {@code context}. */
    public void mount(ServletContextHandler context) {
        ServletHolder holder = new ServletHolder("dashboard", this);
        holder.setAsyncSupported(true); // the live event stream
        context.addServlet(holder, PATH + "/*");
    }

    @Override
    public void destroy() {
        events.close();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        securityHeaders(response);
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String method = request.getMethod();
        try {
            if (path.isEmpty()) {
                redirect(response, PATH + "/");
            } else if (path.startsWith("/assets/") && method.equals("GET")) {
                assets.serve(path.substring("/assets/".length()), response);
            } else if (method.equals("POST")) {
                post(path, request, response);
            } else if (method.equals("GET") || method.equals("HEAD")) {
                get(path, request, response);
            } else {
                response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            }
        } catch (InvalidRequest e) {
            // A bad query parameter or an unknown alert on a GET: the sentence, on a page.
            WebSession session = session(request, false).orElse(null);
            page(response, HttpServletResponse.SC_BAD_REQUEST, Html.page("Cannot show this", "", session,
                    "<h1>Cannot show this</h1><p class=\"flash flash-error\">" + Html.esc(e.getMessage())
                            + "</p><p><a href=\"/dashboard/\">Back to the queue</a></p>"));
        } catch (RuntimeException e) {
            log.warn("dashboard {} {} failed: {}", method, path, e.toString());
            page(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, Html.page("Something went wrong", "", null,
                    "<h1>Something went wrong</h1><p>The bank could not answer this request. Try again shortly.</p>"));
        }
    }

    private void get(String path, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (path.equals("/signin")) {
            page(response, 200, signIn.form(Optional.empty()));
            return;
        }
        boolean background = path.equals("/events") || path.startsWith("/api/alerts/");
        Optional<WebSession> found = session(request, !background);
        if (found.isEmpty()) {
            if (path.startsWith("/api/") || path.equals("/events")) {
                json(response, HttpServletResponse.SC_UNAUTHORIZED, "{\"error\":\"Sign in first.\"}");
            } else {
                redirect(response, PATH + "/signin");
            }
            return;
        }
        WebSession session = found.get();
        Matcher alert = ALERT.matcher(path);
        Matcher alertJson = ALERT_JSON.matcher(path);
        if (path.equals("/")) {
            page(response, 200, QueuePage.render(desk, session, QueuePage.Query.from(request)));
        } else if (alert.matches()) {
            page(response, 200, detail.render(session, Long.parseLong(alert.group(1))));
        } else if (path.equals("/charts")) {
            page(response, 200, ChartsPage.render(session));
        } else if (path.equals("/api/stats")) {
            json(response, 200, Json.stats(desk.stats(session.principal(), ChartsPage.days(request.getParameter("days")))));
        } else if (alertJson.matches()) {
            json(response, 200, Json.row(desk.get(session.principal(), Long.parseLong(alertJson.group(1))).alert()));
        } else if (path.equals("/events")) {
            events.stream(session, request, response);
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    private void post(String path, HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Form fields come from the body only: a token or CSRF value in a URL would end up in logs and history.
        if (request.getQueryString() != null || !sameOrigin(request)) {
            refuse(response, "This request did not come from the dashboard's own pages.");
            return;
        }
        if (path.equals("/signin")) {
            signIn.submit(request, response);
            return;
        }
        Optional<WebSession> found = session(request, true);
        if (found.isEmpty()) {
            redirect(response, PATH + "/signin");
            return;
        }
        WebSession session = found.get();
        if (!session.csrfMatches(request.getParameter(Csrf.FIELD))) {
            refuse(response, "This form has expired or did not come from the dashboard. Reload the page and try again.");
            return;
        }
        Matcher action = ALERT_ACTION.matcher(path);
        if (path.equals("/signout")) {
            sessions.end(session);
            response.addHeader("Set-Cookie", Sessions.clearedCookie(request.isSecure()));
            redirect(response, PATH + "/signin");
        } else if (action.matches()) {
            long alertId = Long.parseLong(action.group(1));
            forms.submit(session, alertId, action.group(2), request);
            redirect(response, PATH + "/alerts/" + alertId);
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    private Optional<WebSession> session(HttpServletRequest request, boolean activity) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (cookie.getName().equals(Sessions.COOKIE)) {
                Optional<WebSession> session = sessions.find(cookie.getValue(), activity);
                if (session.isPresent()) {
                    return session;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a POST came from the dashboard's own pages. A browser says where a request comes from in Sec-Fetch-Site,
     * and in Origin, which it sends as "null" under this dashboard's no-referrer policy. A client that sends neither is
     * not a browser a forged form could run in; the CSRF token still has to match.
     */
    static boolean sameOrigin(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin")) {
            return false;
        }
        String origin = request.getHeader("Origin");
        if (origin == null || origin.equals("null")) {
            return origin == null || site != null;
        }
        String host = request.getHeader("Host");
        String own = request.getScheme() + "://" + (host == null ? request.getServerName() : host);
        return origin.strip().toLowerCase(Locale.ROOT).equals(own.toLowerCase(Locale.ROOT));
    }

    private static void securityHeaders(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Cache-Control", "no-store");
    }

    private static void refuse(HttpServletResponse response, String message) throws IOException {
        page(response, HttpServletResponse.SC_FORBIDDEN, Html.page("Refused", "", null,
                "<h1>Refused</h1><p class=\"flash flash-error\">" + Html.esc(message)
                        + "</p><p><a href=\"/dashboard/\">Back to the dashboard</a></p>"));
    }

    static void redirect(HttpServletResponse response, String location) {
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", location);
    }

    static void page(HttpServletResponse response, int status, String html) throws IOException {
        write(response, status, "text/html", html);
    }

    static void json(HttpServletResponse response, int status, String json) throws IOException {
        write(response, status, "application/json", json);
    }

    private static void write(HttpServletResponse response, int status, String type, String body) throws IOException {
        response.setStatus(status);
        response.setContentType(type);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(body);
    }
}
