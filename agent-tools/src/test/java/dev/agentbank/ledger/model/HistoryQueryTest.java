package dev.agentbank.ledger.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbank.shared.InvalidRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HistoryQueryTest {

    @Test
    void cursorsRoundTrip() {
        for (long position : new long[] {1, 42, Long.MAX_VALUE}) {
            assertThat(HistoryQuery.decodeCursor(HistoryQuery.encodeCursor(position))).isEqualTo(position);
        }
        assertThat(HistoryQuery.firstPage(10).after(HistoryQuery.encodeCursor(17)).before()).contains(17L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage!!", "%%%", "x"})
    void rejectsCursorsItDidNotMake(String cursor) {
        assertThatThrownBy(() -> HistoryQuery.firstPage(10).after(cursor))
                .isInstanceOf(InvalidRequest.class)
                .hasMessage("cursor is not one this server returned; pass next_cursor from the previous page unchanged.");
    }

    @Test
    void rejectsForgedCursorsWithBadPositions() {
        for (String text : new String[] {"h1:0", "h1:-5", "h1:abc", "h2:5", "h1:"}) {
            String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> HistoryQuery.decodeCursor(forged)).as(text).isInstanceOf(InvalidRequest.class);
        }
        assertThatThrownBy(() -> HistoryQuery.decodeCursor(null)).isInstanceOf(InvalidRequest.class);
    }

    @Test
    void limitIsOneToOneHundred() {
        assertThat(HistoryQuery.firstPage(1).limit()).isEqualTo(1);
        assertThat(HistoryQuery.firstPage(100).limit()).isEqualTo(100);
        assertThatThrownBy(() -> HistoryQuery.firstPage(0)).isInstanceOf(InvalidRequest.class).hasMessage("limit must be from 1 to 100.");
        assertThatThrownBy(() -> HistoryQuery.firstPage(101)).isInstanceOf(InvalidRequest.class);
    }

    @Test
    void fromMustBeBeforeTo() {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        assertThatThrownBy(() -> new HistoryQuery(10, Optional.empty(), Optional.of(t), Optional.of(t), Set.of()))
                .isInstanceOf(InvalidRequest.class).hasMessage("from must be before to.");
        assertThat(new HistoryQuery(10, Optional.empty(), Optional.of(t), Optional.of(t.plusSeconds(1)), Set.of()).from()).contains(t);
    }

    @Test
    void noKindsMeansAllKinds() {
        assertThat(HistoryQuery.firstPage(5).kinds()).isEqualTo(EnumSet.allOf(EntryKind.class));
        assertThat(new HistoryQuery(5, Optional.empty(), Optional.empty(), Optional.empty(), null).kinds()).hasSize(EntryKind.values().length);
        assertThat(new HistoryQuery(5, Optional.empty(), Optional.empty(), Optional.empty(), Set.of(EntryKind.DEPOSIT)).kinds())
                .containsExactly(EntryKind.DEPOSIT);
    }
}
