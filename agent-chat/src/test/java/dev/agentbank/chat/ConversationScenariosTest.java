package dev.agentbank.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One test per scripted conversation under {@code src/test/resources/conversations}: the real assistant, the real
 * OpenAI client over HTTP to a fake endpoint, the real tools and a fresh PostgreSQL database each.
 */
class ConversationScenariosTest {
    static final Path DIRECTORY = Path.of("src/test/resources/conversations");

    static List<Path> scenarioFiles() throws IOException {
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException {
        List<Path> files = scenarioFiles();
        assertThat(files).as("scenario files").hasSizeGreaterThanOrEqualTo(15);
        String only = System.getProperty("scenario", "");
        if (!only.isBlank()) {
            files = files.stream().filter(file -> file.getFileName().toString().contains(only)).toList();
        }
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), file.toUri(), () -> {
            Scenario scenario = ScenarioRunner.JSON.readValue(file.toFile(), Scenario.class);
            Assumptions.assumeTrue(scenario.skip() == null, () -> "skipped: " + scenario.skip());
            List<String> failures = ScenarioRunner.runScripted(file);
            assertThat(failures).as("%s: %s", scenario.name(), scenario.description()).isEmpty();
        }));
    }
}
