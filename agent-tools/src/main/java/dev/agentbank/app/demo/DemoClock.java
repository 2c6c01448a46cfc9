package dev.agentbank.app.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The time the demo history is written at, moved forward by hand as the story goes; never read by the real bank. */
final class DemoClock extends Clock {
    private volatile Instant now;

    DemoClock(Instant start) {
        this.now = start;
    }

    /** Sets the time to {@code days} days before {@code today}, at 09:00 UTC plus {@code minutes}. */
    void daysBefore(Instant today, int days, int minutes) {
        now = today.atZone(ZoneOffset.UTC).toLocalDate().minusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant()
                .plus(Duration.ofHours(9)).plus(Duration.ofMinutes(minutes));
    }

    /** Moves the time on by {@code duration}, e.g. while a human reads a confirmation. */
    void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
