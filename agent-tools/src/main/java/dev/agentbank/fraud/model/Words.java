package dev.agentbank.fraud.model;

import dev.agentbank.shared.text.PlainText;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/** Evidence is read by analysts: durations in the largest whole unit that fits. */
public final class Words {
    private static final int SESSION_SHOWN = 8;

    private Words() {}

    public static String duration(Duration duration) {
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

    /** Seconds to a tenth, cut rather than rounded (1.96 s stays under 2), without a needless ".0": "0.6", "2". */
    public static String seconds(Duration duration) {
        BigDecimal seconds = BigDecimal.valueOf(duration.toMillis(), 3).setScale(1, RoundingMode.DOWN);
        return seconds.signum() == 0 ? "0" : seconds.stripTrailingZeros().toPlainString();
    }

    /** A session id's first characters: enough to tell sessions apart in a case, short enough to read. */
    static String session(String session) {
        return PlainText.clip(session, SESSION_SHOWN);
    }
}
