package dev.agentbank.mcp.web;

import dev.agentbank.identity.Principal;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One signed-in analyst in one browser. Holds the principal the token stood for, never the token itself, and the
 * CSRF token every form of this session carries.
 */
final class WebSession {
    private final String id;
    private final Principal principal;
    private final String csrf;
    private final Instant started;
    private final java.util.function.Supplier<Optional<Principal>> liveness;
    private volatile Instant lastSeen;
    private volatile Instant checked;
    private final AtomicReference<Flash> flash = new AtomicReference<>();

    WebSession(String id, Principal principal, java.util.function.Supplier<Optional<Principal>> liveness, String csrf, Instant now) {
        this.id = id;
        this.principal = principal;
        this.liveness = liveness;
        this.csrf = csrf;
        this.started = now;
        this.lastSeen = now;
        this.checked = now;
    }

    Instant started() {
        return started;
    }

    /**
     * Whether the token this session signed in with still stands for its principal, asked of the token store at most
     * once per {@code every}: a revoked token ends its sessions within that time. If the store cannot answer, the
     * session stands until it can (nothing works without the database anyway).
     */
    boolean tokenStillLive(Instant now, java.time.Duration every) {
        if (now.isBefore(checked.plus(every))) {
            return true;
        }
        try {
            boolean live = liveness.get().filter(principal::equals).isPresent();
            checked = now;
            return live;
        } catch (RuntimeException e) {
            return true;
        }
    }

    String id() {
        return id;
    }

    Principal principal() {
        return principal;
    }

    String csrf() {
        return csrf;
    }

    Instant lastSeen() {
        return lastSeen;
    }

    void seenAt(Instant now) {
        lastSeen = now;
    }

    /** Whether {@code given} is this session's CSRF token, compared in constant time. */
    boolean csrfMatches(String given) {
        return Csrf.matches(csrf, given);
    }

    /** A message for the alert's page, shown once, so the redirect after a POST can still say what happened. */
    void flash(Flash message) {
        flash.set(message);
    }

    /** The message left for this alert's page; one left for another alert is stale and dropped. */
    Optional<Flash> takeFlash(long alertId) {
        return Optional.ofNullable(flash.getAndSet(null)).filter(message -> message.alertId() == alertId);
    }

    record Flash(long alertId, boolean error, String text) {
        static Flash ok(long alertId, String text) {
            return new Flash(alertId, false, text);
        }

        static Flash error(long alertId, String text) {
            return new Flash(alertId, true, text);
        }
    }
}
