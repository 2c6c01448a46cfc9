package dev.agentbank.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.config.LlmConfig;
import dev.agentbank.config.Settings;
import dev.langchain4j.model.chat.ChatModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Sends each scenario's user turns to a real model (BANK_LLM_*) and reports, per scenario and turn, whether the model
 * chose the tools the scenario expects. Opt-in with BANK_EVAL_LIVE=1; never part of CI. It fails only when it could
 * not run; the tool choices are a report for improving tool descriptions, written to target/live-eval.txt.
 */
@EnabledIfEnvironmentVariable(named = "BANK_EVAL_LIVE", matches = "1|true|yes")
class LiveEvaluationTest {

    @Test
    void reportsWhetherARealModelChoosesTheExpectedTools() throws IOException {
        LlmConfig llm = LlmConfig.from(Settings.fromEnvironment(System.getenv()));
        ChatModel model = ChatModels.openAiCompatible(llm);
        List<String> report = new ArrayList<>();
        report.add("Live evaluation against " + llm.baseUrlText() + " model " + llm.model());
        int turns = 0;
        int matching = 0;
        int scenarios = 0;
        int scenariosMatching = 0;
        for (Path file : ConversationScenariosTest.scenarioFiles()) {
            Scenario scenario = ScenarioRunner.JSON.readValue(file.toFile(), Scenario.class);
            if (scenario.skip() != null) {
                report.add("SKIP  " + file.getFileName() + ": " + scenario.skip());
                continue;
            }
            List<ScenarioRunner.LiveTurn> results = ScenarioRunner.runLive(file, model, llm);
            boolean all = results.stream().allMatch(ScenarioRunner.LiveTurn::matches);
            scenarios++;
            scenariosMatching += all ? 1 : 0;
            report.add((all ? "OK    " : "DIFF  ") + file.getFileName() + " (" + scenario.name() + ")");
            for (ScenarioRunner.LiveTurn turn : results) {
                turns++;
                matching += turn.matches() ? 1 : 0;
                report.add("      " + (turn.matches() ? "ok  " : "diff") + " \"" + turn.user() + "\" expected " + turn.expected()
                        + ", chose " + turn.chosen()
                        + (turn.unsupportedAmounts().isEmpty() ? "" : "; amounts not from this turn's tool results: " + turn.unsupportedAmounts()));
                report.add("           answer: " + turn.answer().replace('\n', ' '));
            }
        }
        report.add("Scenarios with the expected tools: " + scenariosMatching + "/" + scenarios + "; turns: " + matching + "/" + turns);
        Path out = Path.of("target", "live-eval.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, report);
        report.forEach(System.err::println);
        assertThat(turns).as("turns evaluated").isPositive();
    }
}
