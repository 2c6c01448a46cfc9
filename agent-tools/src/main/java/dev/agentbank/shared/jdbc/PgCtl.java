package dev.agentbank.shared.jdbc;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts a data directory's server again with the binaries and options it last ran with (PostgreSQL records them in
 * postmaster.opts), through its own {@code pg_ctl -w}. Unlike a first start through zonky, which waits out its whole
 * startup time before it reports a server that exited at once, pg_ctl says so the moment the postmaster gives up, so a
 * supervisor's tries are spent on tries, not on waiting.
 */
final class PgCtl {
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private PgCtl() {}

    /** The options to start the server with now, on {@code port}; empty when it has not run here before. */
    static Optional<List<String>> lastOptions(Path dataDirectory, int port) {
        try {
            String recorded = Files.readString(dataDirectory.resolve("postmaster.opts")).strip();
            int firstQuote = recorded.indexOf('"');
            if (firstQuote < 1) {
                return Optional.empty();
            }
            Path postgres = Path.of(recorded.substring(0, firstQuote).strip());
            List<String> options = new ArrayList<>();
            Matcher quoted = QUOTED.matcher(recorded.substring(firstQuote));
            while (quoted.find()) {
                options.add(quoted.group(1));
            }
            List<String> command = new ArrayList<>();
            command.add(postgres.resolveSibling("pg_ctl").toString());
            for (int i = 0; i < options.size(); i++) {
                String option = options.get(i);
                if (option.equals("-D") && i + 1 < options.size()) {
                    i++; // pg_ctl gets the directory itself
                } else if (option.equals("-p") && i + 1 < options.size()) {
                    command.add("-p");
                    command.add(Integer.toString(port));
                    i++;
                } else {
                    command.add(option);
                }
            }
            return Files.isExecutable(Path.of(command.getFirst())) && command.stream().noneMatch(part -> part.contains("'"))
                    ? Optional.of(command) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The server log's last FATAL line, which says why it stopped (pg_ctl itself only says to look there). */
    private static Optional<String> lastFatal(Path logFile) {
        try (java.util.stream.Stream<String> lines = Files.lines(logFile)) {
            return lines.filter(line -> line.contains("FATAL:")).reduce((first, second) -> second)
                    .map(line -> line.substring(line.indexOf("FATAL:") + 6).strip());
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /**
     * Starts the server with {@code command} (from {@link #lastOptions}) and waits until it accepts connections.
     *
     * @throws IOException naming pg_ctl's last words when the server did not start within {@code wait}
     */
    static void start(Path dataDirectory, List<String> command, Duration wait, Path logFile) throws IOException {
        StringBuilder serverOptions = new StringBuilder();
        for (String option : command.subList(1, command.size())) {
            serverOptions.append(serverOptions.isEmpty() ? "" : " ").append('\'').append(option).append('\'');
        }
        List<String> pgCtl = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            pgCtl.addAll(List.of("unshare", "-U")); // as zonky runs it: PostgreSQL refuses to run as root
        }
        pgCtl.addAll(List.of(command.getFirst(), "-D", dataDirectory.toString(), "-o", serverOptions.toString(), "-w",
                "-t", Long.toString(Math.max(1, wait.toSeconds())), "-l", logFile.toString(), "start"));
        Path output = Files.createTempFile("agentbank-pg_ctl", ".out");
        try {
            Process process = new ProcessBuilder(pgCtl).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!process.waitFor(wait.toSeconds() + 5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("pg_ctl did not return within " + wait.toSeconds() + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException("PostgreSQL did not start: " + lastFatal(logFile).orElse("pg_ctl exited " + process.exitValue()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting PostgreSQL", e);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
