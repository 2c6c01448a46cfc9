package dev.agentbank.fraud.model;

import java.time.Duration;

/** Evidence is read by analysts: durations in the largest whole unit that fits. */
final class Words {
    private Words() {}

    static String duration(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes < 1) {
            return duration.toSeconds() + " seconds";
        }
        if (minutes < 120) {
            return minutes + " minutes";
        }
        long hours = duration.toHours();
        if (hours < 48) {
            return hours + " hours";
        }
        return duration.toDays() + " days";
    }
}
