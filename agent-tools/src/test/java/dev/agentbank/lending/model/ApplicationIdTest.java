package dev.agentbank.lending.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ApplicationIdTest {

    @Test
    void isLaAndTwelveCharactersOfCrockfordBase32() {
        ApplicationId id = ApplicationId.random(new SplittableRandom(7));

        assertThat(id.value()).matches("LA-[0-9A-HJKMNP-TV-Z]{12}");
        assertThat(id).hasToString(id.value());
    }

    @Test
    void spellsTheGeneratorsBitsSoTheSameSeedGivesTheSameId() {
        assertThat(ApplicationId.random(new SplittableRandom(42))).isEqualTo(ApplicationId.random(new SplittableRandom(42)));
        // 0 bits are all zeros; the lowest 60 bits of -1 are all 31s (Z).
        assertThat(ApplicationId.random(fixed(0L)).value()).isEqualTo("LA-000000000000");
        assertThat(ApplicationId.random(fixed(-1L)).value()).isEqualTo("LA-ZZZZZZZZZZZZ");
    }

    @Test
    void drawsDifferentIdsFromOneGenerator() {
        SplittableRandom random = new SplittableRandom(1);
        Set<ApplicationId> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(ApplicationId.random(random));
        }
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void parsesWhatItPrints() {
        SplittableRandom random = new SplittableRandom(3);
        LongStream.concat(LongStream.of(0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE), random.longs(2_000)).forEach(bits -> {
            ApplicationId id = ApplicationId.random(fixed(bits));

            assertThat(ApplicationId.parse(id.value())).contains(id);
            assertThat(ApplicationId.parse("  " + id.value().toLowerCase() + "\n")).contains(id);
        });
    }

    @Test
    void parsesNothingThatIsNotAnApplicationId() {
        assertThat(ApplicationId.parse(null)).isEmpty();
        assertThat(ApplicationId.parse("")).isEmpty();
        assertThat(ApplicationId.parse("LA-")).isEmpty();
        assertThat(ApplicationId.parse("LA-0123456789A")).as("eleven characters").isEmpty();
        assertThat(ApplicationId.parse("LA-0123456789ABC")).as("thirteen characters").isEmpty();
        assertThat(ApplicationId.parse("LA-0123456789AI")).as("I is not in the alphabet").isEmpty();
        assertThat(ApplicationId.parse("LA-0123456789OU")).as("O and U are not in the alphabet").isEmpty();
        assertThat(ApplicationId.parse("LB-0123456789AB")).isEmpty();
        assertThat(ApplicationId.parse("LA 0123456789AB")).isEmpty();
        assertThat(ApplicationId.parse("LA-0123456789AB".repeat(5))).isEmpty();
    }

    @Test
    void refusesToBeBuiltFromAnythingElse() {
        assertThatThrownBy(() -> new ApplicationId("la-0123456789ab")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ApplicationId(null)).isInstanceOf(IllegalArgumentException.class);
    }

    private static java.util.random.RandomGenerator fixed(long bits) {
        return () -> bits;
    }
}
