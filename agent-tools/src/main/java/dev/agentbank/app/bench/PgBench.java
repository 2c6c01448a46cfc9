package dev.agentbank.app.bench;

import dev.agentbank.shared.jdbc.Database.Target;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Runs PostgreSQL's own pgbench (TPC-B-like) against a database, as the yardstick for the ledger. */
public final class PgBench {
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");

    public record Result(BigDecimal tps, BigDecimal averageLatencyMs, String version) {}

    private final Path executable;

    private PgBench(Path executable) {
        this.executable = executable;
    }

    /** BANK_PGBENCH, then the newest /usr/lib/postgresql/N/bin/pgbench, then pgbench on the PATH. */
    public static Optional<PgBench> find() {
        String configured = System.getenv("BANK_PGBENCH");
        if (configured != null && !configured.isBlank() && Files.isExecutable(Path.of(configured))) {
            return Optional.of(new PgBench(Path.of(configured)));
        }
        List<Path> candidates = new ArrayList<>();
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.map(v -> v.resolve("bin/pgbench")).filter(Files::isExecutable)
                        .sorted(Comparator.comparing(Path::toString).reversed()).forEach(candidates::add);
            } catch (IOException ignored) {
                // fall through to PATH
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "pgbench");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                candidates.add(candidate);
            }
        }
        return candidates.stream().findFirst().map(PgBench::new);
    }

    public Path executable() {
        return executable;
    }

    public void initialise(Target target, int scale) throws IOException, InterruptedException {
        run(target, List.of("-i", "-q", "-s", Integer.toString(scale)));
    }

    public Result run(Target target, int clients, int seconds) throws IOException, InterruptedException {
        String output = run(target, List.of("-c", Integer.toString(clients), "-j", Integer.toString(Math.min(clients, 2)),
                "-T", Integer.toString(seconds)));
        Matcher tps = TPS.matcher(output);
        Matcher latency = LATENCY.matcher(output);
        if (!tps.find()) {
            throw new IOException("pgbench printed no tps line:\n" + output);
        }
        return new Result(new BigDecimal(tps.group(1)), latency.find() ? new BigDecimal(latency.group(1)) : null, version());
    }

    private String version() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(executable.toString(), "--version").redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        process.waitFor();
        return out;
    }

    private String run(Target target, List<String> args) throws IOException, InterruptedException {
        URI uri = URI.create(target.jdbcUrl().substring("jdbc:".length()));
        List<String> command = new ArrayList<>(List.of(executable.toString(),
                "-h", uri.getHost(), "-p", Integer.toString(uri.getPort() < 0 ? 5432 : uri.getPort()),
                "-U", target.user()));
        command.addAll(args);
        command.add(uri.getPath().substring(1));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (!target.password().isEmpty()) {
            builder.environment().put("PGPASSWORD", target.password());
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("pgbench failed:\n" + output);
        }
        return output;
    }
}
