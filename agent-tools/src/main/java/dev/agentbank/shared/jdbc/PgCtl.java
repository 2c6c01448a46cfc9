package dev.agentbank.shared.jdbc;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
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
    /** pg_ctl hands its paths and options to /bin/sh: anything the shell would read as more than text is refused. */
    private static final Pattern SHELL_SAFE = Pattern.compile("[^'\"`$\\\\\\n]*");

    private PgCtl() {}

    /**
     * The command to start the server with now, on {@code port}: pg_ctl and the options it last ran with. Empty when it
     * has not run here before, its binaries are gone, or a path would not pass the shell intact; the caller then starts
     * it through zonky, which unpacks the binaries again.
     */
    static Optional<List<String>> lastOptions(Path dataDirectory, int port) {
        try {
            String recorded = Files.readString(dataDirectory.resolve("postmaster.opts")).strip();
            int firstQuote = recorded.indexOf('"');
            if (firstQuote < 1) {
                return Optional.empty();
            }
            Path postgres = Path.of(recorded.substring(0, firstQuote).strip());
            Path pgCtl = postgres.resolveSibling("pg_ctl");
            if (!Files.isExecutable(postgres) || !Files.isExecutable(pgCtl) || !Files.isDirectory(postgres.getParent().resolveSibling("lib"))) {
                return Optional.empty();
            }
            List<String> options = new ArrayList<>();
            Matcher quoted = QUOTED.matcher(recorded.substring(firstQuote));
            while (quoted.find()) {
                options.add(quoted.group(1));
            }
            List<String> command = new ArrayList<>(List.of(pgCtl.toString(), "-p", Integer.toString(port)));
            for (int i = 0; i < options.size(); i++) {
                String option = options.get(i);
                if ((option.equals("-D") || option.equals("-p")) && i + 1 < options.size()) {
                    i++; // pg_ctl gets the directory itself; the port is the one chosen now
                } else {
                    command.add(option);
                }
            }
            boolean safe = command.stream().allMatch(part -> SHELL_SAFE.matcher(part).matches())
                    && SHELL_SAFE.matcher(dataDirectory.toString()).matches();
            return safe ? Optional.of(command) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Starts the server with {@code command} (from {@link #lastOptions}) and waits until it accepts connections.
     *
     * @throws IOException saying why, from the server's log, when it did not start within {@code wait}
     */
    static void start(Path dataDirectory, List<String> command, Duration wait, Path logFile) throws IOException {
        if (!SHELL_SAFE.matcher(logFile.toString()).matches()) {
            throw new IOException("the log path " + logFile + " would not pass the shell intact");
        }
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
        long logBefore = Files.exists(logFile) ? Files.size(logFile) : 0;
        Path output = Files.createTempFile("agentbank-pg_ctl", ".out");
        Process process = null;
        try {
            process = new ProcessBuilder(pgCtl).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!process.waitFor(wait.toSeconds() + 5, TimeUnit.SECONDS)) {
                throw new IOException("pg_ctl did not return within " + wait.toSeconds() + " s");
            }
            int exit = process.exitValue();
            if (exit != 0) {
                throw new IOException("PostgreSQL did not start: " + lastFatal(logFile, logBefore)
                        .orElseGet(() -> lastLine(output).orElse("pg_ctl exited " + exit)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting PostgreSQL", e);
        } finally {
            if (process != null && process.isAlive()) {
                process.destroy(); // a start given up on must not come up behind the caller's back
            }
            Files.deleteIfExists(output);
        }
    }

    /** The last FATAL line the server wrote to its log after {@code from}: why it stopped (pg_ctl only says to look). */
    private static Optional<String> lastFatal(Path logFile, long from) {
        try (RandomAccessFile log = new RandomAccessFile(logFile.toFile(), "r")) {
            long length = log.length();
            if (length <= from) {
                return Optional.empty();
            }
            byte[] written = new byte[(int) Math.min(length - from, 1 << 20)];
            log.seek(length - written.length);
            log.readFully(written);
            return new String(written, StandardCharsets.UTF_8).lines().filter(line -> line.contains("FATAL:"))
                    .reduce((first, second) -> second).map(line -> line.substring(line.indexOf("FATAL:") + 6).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> lastLine(Path output) {
        try {
            return Files.readAllLines(output).stream().map(String::strip).filter(line -> !line.isEmpty()).reduce((a, b) -> b);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
