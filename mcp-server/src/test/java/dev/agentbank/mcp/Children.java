package dev.agentbank.mcp;

import dev.agentbank.shared.jdbc.Database;
import dev.agentbank.testing.TestBank;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** How tests launch {@link McpMain} as a child process against a TestBank's database. */
final class Children {
    private Children() {}

    static String java() {
        return System.getProperty("java.home") + "/bin/java";
    }

    /** java, its options and the main class; the caller appends McpMain's arguments. */
    static List<String> mcpMainCommand() {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xshare:auto");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(McpMain.class.getName());
        return command;
    }

    /** BANK_* settings that point a child at this bank's database, with demo data off and no token. */
    static Map<String, String> environment(TestBank bank) {
        Database.Target target = bank.runtime().database().target();
        Map<String, String> env = new HashMap<>();
        try {
            env.put("BANK_HOME", Files.createTempDirectory("agentbank-mcp-child").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.put("BANK_DATABASE_URL", target.jdbcUrl());
        env.put("BANK_DATABASE_USER", target.user());
        env.put("BANK_DATABASE_PASSWORD", target.password());
        env.put("BANK_DATABASE_POOL_SIZE", "4");
        env.put("BANK_DEMO", "false");
        return env;
    }
}
