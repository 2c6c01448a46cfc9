package dev.agentbank.tools;

import java.time.Duration;
import java.time.Instant;

/**
 * Holds at most {@code capacity} tokens, gains {@code refill} tokens every {@code period}, and each admitted request
 * takes one. The time comes in as an argument, so the bucket is pure; callers serialise access to one bucket. Tokens are
 * counted in units of 1/periodNanos of a token, which keeps the arithmetic exact.
 */
public final class TokenBucket {
    private static final long LONG_AGO_SECONDS = 1L << 32;

    private final long token;
    private final long full;
    private final long refill;
    private long level;
    private Instant last;

    /** A full bucket at {@code now}. */
    public TokenBucket(long capacity, long refill, Duration period, Instant now) {
        if (capacity < 1 || refill < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a token bucket needs a capacity, a refill and a period above zero");
        }
        this.token = period.toNanos();
        this.full = Math.multiplyExact(capacity, token);
        this.refill = refill;
        this.level = full;
        this.last = now;
    }

    /** How long until a request would be admitted: zero when a token is there now. */
    public Duration waitFor(Instant now) {
        fill(now);
        return level >= token ? Duration.ZERO : Duration.ofNanos(Math.ceilDiv(token - level, refill));
    }

    /** Takes a token when there is one now; otherwise takes nothing and says how long to wait. */
    public Duration tryTake(Instant now) {
        Duration wait = waitFor(now);
        if (wait.isZero()) {
            level -= token;
        }
        return wait;
    }

    /** Whether the bucket is as a new one: then forgetting it loses nothing. */
    public boolean isFull(Instant now) {
        fill(now);
        return level == full;
    }

    private void fill(Instant now) {
        Duration elapsed = Duration.between(last, now);
        if (elapsed.isNegative()) {
            return; // the clock stepped back: no refill until it passes the last reading again
        }
        last = now;
        long missing = full - level;
        if (missing == 0) {
            return;
        }
        long nanos = elapsed.getSeconds() >= LONG_AGO_SECONDS ? Long.MAX_VALUE : elapsed.toNanos();
        level = nanos >= Math.ceilDiv(missing, refill) ? full : level + nanos * refill;
    }

    /** A wait as whole seconds for people and Retry-After headers: rounded up, at least one. */
    public static long seconds(Duration wait) {
        return Math.max(1, wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0));
    }
}
