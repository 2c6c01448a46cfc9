package dev.agentbank.tools;

import dev.agentbank.identity.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many tool calls each principal may make: one bucket for all tools and a tighter one for tools that move money.
 * A money-moving call needs a token from both and takes from neither when either is empty. Buckets live in this
 * process only. A full bucket is forgotten (it is the same as a new one), so the map holds only recent callers.
 */
public final class CallLimits {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final long SWEEP_EVERY = 4096;
    private static final CallLimits NONE = new CallLimits(0, 0, null);

    private final int toolsPerMinute;
    private final int moneyPerMinute;
    private final Clock clock;
    private final ConcurrentHashMap<String, Buckets> byPrincipal = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();

    private CallLimits(int toolsPerMinute, int moneyPerMinute, Clock clock) {
        this.toolsPerMinute = toolsPerMinute;
        this.moneyPerMinute = moneyPerMinute;
        this.clock = clock;
    }

    /** Each bucket holds a minute's worth and refills steadily over the minute. */
    public static CallLimits perMinute(int toolsPerMinute, int moneyPerMinute, Clock clock) {
        if (toolsPerMinute < 1 || moneyPerMinute < 1) {
            throw new IllegalArgumentException("call limits must be at least 1 a minute");
        }
        return new CallLimits(toolsPerMinute, moneyPerMinute, clock);
    }

    /** No limits: for tool boxes built in tests and tools. */
    public static CallLimits none() {
        return NONE;
    }

    /** Takes this call from the principal's buckets, or says why not and when to try again. */
    public Optional<String> refusal(Principal principal, boolean movesMoney) {
        if (this == NONE) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String[] refusal = new String[1];
        byPrincipal.compute(principal.encoded(), (who, held) -> {
            Buckets buckets = held != null ? held : new Buckets(now);
            refusal[0] = buckets.admit(movesMoney, now);
            return buckets;
        });
        if (calls.incrementAndGet() % SWEEP_EVERY == 0) {
            byPrincipal.forEach((who, buckets) -> byPrincipal.computeIfPresent(who, (key, held) -> held.isFull(now) ? null : held));
        }
        return Optional.ofNullable(refusal[0]);
    }

    /** Principals with a bucket not yet full again. */
    int tracked() {
        return byPrincipal.size();
    }

    private final class Buckets {
        private final TokenBucket tools;
        private final TokenBucket money;

        Buckets(Instant now) {
            tools = new TokenBucket(toolsPerMinute, toolsPerMinute, MINUTE, now);
            money = new TokenBucket(moneyPerMinute, moneyPerMinute, MINUTE, now);
        }

        /** Null when admitted. */
        String admit(boolean movesMoney, Instant now) {
            Duration moneyWait = movesMoney ? money.waitFor(now) : Duration.ZERO;
            Duration toolsWait = tools.waitFor(now);
            if (moneyWait.isZero() && toolsWait.isZero()) {
                tools.tryTake(now);
                if (movesMoney) {
                    money.tryTake(now);
                }
                return null;
            }
            Duration wait = moneyWait.compareTo(toolsWait) > 0 ? moneyWait : toolsWait;
            String limit = moneyWait.isZero() ? calls(toolsPerMinute, "tool call") : calls(moneyPerMinute, "money-moving tool call");
            long seconds = TokenBucket.seconds(wait);
            return "Too many requests: you may make at most " + limit + " a minute. Nothing was done; try again in "
                    + seconds + (seconds == 1 ? " second." : " seconds.");
        }

        private static String calls(int count, String what) {
            return count + " " + what + (count == 1 ? "" : "s");
        }

        boolean isFull(Instant now) {
            return tools.isFull(now) && money.isFull(now);
        }
    }
}
