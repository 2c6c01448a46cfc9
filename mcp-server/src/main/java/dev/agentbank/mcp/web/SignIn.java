package dev.agentbank.mcp.web;

import dev.agentbank.identity.Authenticator;
import dev.agentbank.identity.Capability;
import dev.agentbank.identity.Principal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The sign-in page: an analyst pastes a token once; the session remembers who it stood for, never the token. */
final class SignIn {
    private static final Logger log = LoggerFactory.getLogger(SignIn.class);
    static final String FIELD = "token";

    private final Authenticator tokens;
    private final Sessions sessions;

    SignIn(Authenticator tokens, Sessions sessions) {
        this.tokens = tokens;
        this.sessions = sessions;
    }

    String form(Optional<String> error) {
        String message = error.map(text -> "<p class=\"flash flash-error\" role=\"alert\" id=\"signin-error\">" + Html.esc(text) + "</p>")
                .orElse("");
        return Html.page("Sign in", "", null, """
                <section class="signin">
                <h1>Sign in to the risk dashboard</h1>
                <p class="muted">Paste an analyst token (from <code>./bank tokens create --role analyst --name NAME</code>). \
                It is checked once and never stored in your browser.</p>
                %s
                <form method="post" action="/dashboard/signin" autocomplete="off">
                <label for="token">Token</label>
                <input type="password" id="token" name="token" required autofocus spellcheck="false">
                <button type="submit" id="signin">Sign in</button>
                </form>
                </section>""".formatted(message));
    }

    void submit(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String token = request.getParameter(FIELD);
        if (token == null || token.isBlank()) {
            Dashboard.page(response, HttpServletResponse.SC_BAD_REQUEST, form(Optional.of("Paste a token to sign in.")));
            return;
        }
        Optional<Principal> principal;
        try {
            principal = tokens.authenticate(token.strip());
        } catch (RuntimeException e) {
            log.warn("could not check a dashboard token: {}", e.toString());
            Dashboard.page(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    form(Optional.of("The bank cannot check tokens right now. Try again shortly.")));
            return;
        }
        if (principal.isEmpty()) {
            Dashboard.page(response, HttpServletResponse.SC_UNAUTHORIZED,
                    form(Optional.of("This token is unknown, revoked or expired.")));
            return;
        }
        if (!principal.get().may(Capability.TRIAGE_ALERTS)) {
            Dashboard.page(response, HttpServletResponse.SC_FORBIDDEN, form(Optional.of(
                    "This token is for " + principal.get().encoded() + ", who may not triage alerts. Use an analyst's token.")));
            return;
        }
        WebSession session = sessions.start(principal.get(), tokens.liveness(token.strip()));
        log.info("dashboard: {} signed in", principal.get().encoded());
        response.addHeader("Set-Cookie", Sessions.cookie(session, request.isSecure()));
        Dashboard.redirect(response, Dashboard.PATH + "/");
    }
}
