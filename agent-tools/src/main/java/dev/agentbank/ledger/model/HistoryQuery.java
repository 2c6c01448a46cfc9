package dev.agentbank.ledger.model;

import dev.agentbank.shared.InvalidRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * One page of an account's history, newest first. The cursor is the account-local position of the last
 * row seen; postings that arrive later sit above it, so paging never skips or repeats a row.
 */
public record HistoryQuery(int limit, Optional<Long> before, Optional<Instant> from, Optional<Instant> to, Set<EntryKind> kinds) {
    public static final int MAX_LIMIT = 100;

    public HistoryQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequest("limit must be from 1 to " + MAX_LIMIT + ".");
        }
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new InvalidRequest("from must be before to.");
        }
        kinds = kinds == null || kinds.isEmpty() ? EnumSet.allOf(EntryKind.class) : EnumSet.copyOf(kinds);
    }

    public static HistoryQuery firstPage(int limit) {
        return new HistoryQuery(limit, Optional.empty(), Optional.empty(), Optional.empty(), Set.of());
    }

    public HistoryQuery after(String cursor) {
        return new HistoryQuery(limit, Optional.of(decodeCursor(cursor)), from, to, kinds);
    }

    public static String encodeCursor(long position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("h1:" + position).getBytes(StandardCharsets.US_ASCII));
    }

    public static long decodeCursor(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.US_ASCII);
            if (!text.startsWith("h1:")) {
                throw new IllegalArgumentException();
            }
            long position = Long.parseLong(text.substring(3));
            if (position < 1) {
                throw new IllegalArgumentException();
            }
            return position;
        } catch (RuntimeException e) {
            throw new InvalidRequest("cursor is not one this server returned; pass next_cursor from the previous page unchanged.");
        }
    }
}
