package dev.agentbank.lending.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the lending states write a moment for a model: to the minute, in UTC, with the zone named. */
final class Wording {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Wording() {}

    static String when(Instant instant) {
        return WHEN.format(instant);
    }
}
