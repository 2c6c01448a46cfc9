package dev.agentbank.mcp.bench;

import dev.agentbank.config.ConfigException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** wrk, the HTTP load generator, run as its own process with a generated Lua script. */
public final class WrkRun {
    private final Path executable;
    private final int threads;
    private final int connections;

    private WrkRun(Path executable, int threads, int connections) {
        this.executable = executable;
        this.threads = threads;
        this.connections = connections;
    }

    /** wrk from /usr/bin or the PATH; a clear error saying how to install it when there is none. */
    public static WrkRun find(int threads, int connections) {
        Optional<Path> found = Stream.concat(Stream.of("/usr/bin"),
                        Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(java.io.File.pathSeparator)))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "wrk"))
                .filter(Files::isExecutable)
                .findFirst();
        return new WrkRun(found.orElseThrow(() -> new ConfigException(
                "wrk not found: the MCP bench needs it as its load generator (Debian/Ubuntu: apt-get install -y wrk)")),
                threads, connections);
    }

    /** Runs wrk for {@code seconds} against {@code url} with {@code luaScript}, and reads what it printed. */
    public WrkReport run(URI url, String luaScript, int seconds) throws IOException, InterruptedException {
        Path script = Files.createTempFile("agentbank-bench", ".lua");
        try {
            Files.writeString(script, luaScript, StandardCharsets.UTF_8);
            Process wrk = new ProcessBuilder(List.of(executable.toString(), "-t" + threads, "-c" + connections,
                    "-d" + seconds + "s", "--timeout", "10s", "--latency", "-s", script.toString(), url.toString()))
                    .redirectErrorStream(true).start();
            String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = wrk.waitFor();
            if (status != 0) {
                throw new IOException("wrk exited with status " + status + ":\n" + output);
            }
            try {
                return WrkReport.parse(output);
            } catch (IllegalStateException e) {
                throw new IOException(e.getMessage() + "; wrk printed:\n" + output, e);
            }
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
