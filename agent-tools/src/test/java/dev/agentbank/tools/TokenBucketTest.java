package dev.agentbank.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void aNewBucketAdmitsItsCapacityAtOnceThenSaysHowLongToWait() {
        TokenBucket bucket = new TokenBucket(3, 60, Duration.ofMinutes(1), T0);

        assertThat(List.of(bucket.tryTake(T0), bucket.tryTake(T0), bucket.tryTake(T0))).containsOnly(Duration.ZERO);
        assertThat(bucket.tryTake(T0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(bucket.tryTake(T0.plusMillis(999))).isEqualTo(Duration.ofMillis(1));
        assertThat(bucket.tryTake(T0.plusSeconds(1))).isZero();
    }

    @Test
    void refillsNoFurtherThanItsCapacity() {
        TokenBucket bucket = new TokenBucket(2, 1, Duration.ofSeconds(1), T0);
        bucket.tryTake(T0);
        bucket.tryTake(T0);

        Instant muchLater = T0.plus(Duration.ofDays(365 * 1000));
        assertThat(bucket.isFull(muchLater)).isTrue();
        assertThat(bucket.tryTake(muchLater)).isZero();
        assertThat(bucket.tryTake(muchLater)).isZero();
        assertThat(bucket.tryTake(muchLater)).isPositive();
    }

    @Test
    void aClockSteppingBackGivesNoTokens() {
        TokenBucket bucket = new TokenBucket(1, 1, Duration.ofMinutes(1), T0);
        bucket.tryTake(T0);

        assertThat(bucket.tryTake(T0.minusSeconds(3600))).isPositive();
        assertThat(bucket.tryTake(T0.plusSeconds(30))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void waitsAreShownAsWholeSecondsRoundedUp() {
        assertThat(TokenBucket.seconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(TokenBucket.seconds(Duration.ofSeconds(7))).isEqualTo(7);
        assertThat(TokenBucket.seconds(Duration.ofMillis(7001))).isEqualTo(8);
        assertThat(TokenBucket.seconds(Duration.ZERO)).isEqualTo(1);
    }

    /** However requests arrive, no more are admitted than the capacity plus what the elapsed time refilled. */
    @Property
    void neverAdmitsMoreThanCapacityPlusRefill(@ForAll @IntRange(min = 1, max = 50) int capacity,
                                               @ForAll @IntRange(min = 1, max = 50) int refillPerSecond,
                                               @ForAll @Size(max = 300) List<@LongRange(min = 0, max = 400) Long> gapsMillis) {
        TokenBucket bucket = new TokenBucket(capacity, refillPerSecond, Duration.ofSeconds(1), T0);
        Instant now = T0;
        long admitted = 0;
        for (long gap : gapsMillis) {
            now = now.plusMillis(gap);
            if (bucket.tryTake(now).isZero()) {
                admitted++;
            }
        }
        long elapsedMillis = Duration.between(T0, now).toMillis();
        assertThat(admitted * 1000).isLessThanOrEqualTo(capacity * 1000L + refillPerSecond * elapsedMillis);
    }

    /** A refused request is told a wait after which it is admitted, and that wait is never more than one token's refill. */
    @Property
    void theWaitItTellsIsEnoughAndNoLongerThanOneToken(@ForAll @IntRange(min = 1, max = 20) int capacity,
                                                       @ForAll @IntRange(min = 1, max = 10_000) int refillPerMinute,
                                                       @ForAll @IntRange(min = 0, max = 40) int extraTakes) {
        TokenBucket bucket = new TokenBucket(capacity, refillPerMinute, Duration.ofMinutes(1), T0);
        for (int i = 0; i < capacity + extraTakes; i++) {
            bucket.tryTake(T0);
        }
        Duration wait = bucket.tryTake(T0);

        assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofNanos(Math.ceilDiv(Duration.ofMinutes(1).toNanos(), refillPerMinute)));
        assertThat(bucket.tryTake(T0.plus(wait).minusNanos(1))).isPositive();
        assertThat(bucket.tryTake(T0.plus(wait))).isZero();
    }
}
