package dev.agentbank.app.cluster;

import dev.agentbank.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code ./bank} script this JVM was started by (it sets {@code -Dbank.launcher}); instances start through it. */
final class Launcher {
    private Launcher() {}

    static Path path() {
        String launcher = System.getProperty("bank.launcher");
        if (launcher == null || launcher.isBlank() || !Files.isExecutable(Path.of(launcher))) {
            throw new ConfigException("start this command through the launcher, e.g. ./bank cluster, so it can start ./bank mcp --http");
        }
        return Path.of(launcher);
    }
}
