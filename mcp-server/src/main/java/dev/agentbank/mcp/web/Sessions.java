package dev.agentbank.mcp.web;

import dev.agentbank.identity.Principal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's sessions, in memory: a random 256-bit id in an HttpOnly, SameSite=Strict cookie maps to the
 * principal. A session idle for longer than {@code idle} is gone; a restart signs everyone out, which is fine for a
 * tool an analyst signs in to with a token.
 */
final class Sessions {
    static final String COOKIE = "agentbank_dashboard";
    static final String PATH = "/dashboard";
    /** How often a session's token is asked about again: a revoked analyst token signs its browsers out within this. */
    static final Duration RECHECK = Duration.ofSeconds(30);
    /** However busy, a session ends after this and the analyst pastes a token again. */
    static final Duration LONGEST = Duration.ofHours(24);

    private final Map<String, WebSession> byId = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration idle;

    Sessions(Clock clock, Duration idle) {
        this.clock = clock;
        this.idle = idle;
    }

    WebSession start(Principal principal, java.util.function.Supplier<Optional<Principal>> liveness) {
        dropExpired();
        Instant now = clock.instant();
        WebSession session = new WebSession(randomId(), principal, liveness, randomId(), now);
        byId.put(session.id(), session);
        return session;
    }

    /**
     * The live session with this id; empty when unknown, signed out or idle too long. {@code activity} renews it: a
     * page the analyst opened does, a live update the queue fetched on its own does not.
     */
    Optional<WebSession> find(String id, boolean activity) {
        if (id == null) {
            return Optional.empty();
        }
        WebSession session = byId.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(session, now) || !session.tokenStillLive(now, RECHECK)) {
            byId.remove(id, session);
            return Optional.empty();
        }
        if (activity) {
            session.seenAt(now);
        }
        return Optional.of(session);
    }

    /** Whether the session is still signed in, without touching it (a live event stream is not activity). */
    boolean alive(WebSession session) {
        return byId.get(session.id()) == session && !expired(session, clock.instant());
    }

    void end(WebSession session) {
        byId.remove(session.id(), session);
    }

    /** The Set-Cookie value that hands a browser this session. */
    static String cookie(WebSession session, boolean secure) {
        return COOKIE + "=" + session.id() + "; Path=" + PATH + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    /** The Set-Cookie value that makes a browser forget its session. */
    static String clearedCookie(boolean secure) {
        return COOKIE + "=; Path=" + PATH + "; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    private boolean expired(WebSession session, Instant now) {
        return session.lastSeen().plus(idle).isBefore(now) || session.started().plus(LONGEST).isBefore(now);
    }

    private void dropExpired() {
        Instant now = clock.instant();
        byId.values().removeIf(session -> expired(session, now));
    }

    private String randomId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
