package dev.agentbank.mcp.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./bank mcp --http} as a child process, so its CPU time can be read alone from /proc. The launcher
 * {@code exec}s java, so the child's pid is the server JVM's. Its stderr goes to a log file, named when it fails.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * @param launcher    the {@code bank} script, or null to start {@code McpMain} on this JVM's class path
     * @param environment added to this process's environment (database URL and credentials…)
     */
    public static ServerProcess start(String launcher, Map<String, String> environment) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        if (launcher != null) {
            command.add(launcher);
            command.add("mcp");
        } else {
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "dev.agentbank.mcp.McpMain"));
        }
        command.addAll(List.of("--http", "--host", "127.0.0.1", "--port", Integer.toString(port)));
        Path log = Files.createTempFile("agentbank-bench-server", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        ServerProcess server = new ServerProcess(builder.start(), port, log);
        try {
            server.awaitListening();
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** User plus system CPU time the server process has used so far, from /proc/<pid>/stat. */
    public long cpuMillis() throws IOException {
        return ProcStat.cpuMillis(Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat")));
    }

    /**
     * CPU time of the server's JIT compiler threads now alive: part of {@link #cpuMillis()}, large while the JVM is
     * still warming up. A compiler thread that exits between two reads takes its time out of this sum only.
     */
    public long jitCpuMillis() throws IOException {
        long millis = 0;
        try (var threads = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            for (Path thread : (Iterable<Path>) threads::iterator) {
                try {
                    String stat = Files.readString(thread.resolve("stat"));
                    if (ProcStat.name(stat).matches("C[12] CompilerThre.*")) {
                        millis += ProcStat.cpuMillis(stat);
                    }
                } catch (java.nio.file.NoSuchFileException exited) {
                    // the thread ended between listing and reading
                }
            }
        }
        return millis;
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the MCP server exited with status " + process.exitValue() + " before listening; its output: " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IOException("the MCP server did not listen on port " + port + " within " + START_TIMEOUT.toSeconds() + " s; its output: " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** SIGTERM, so the server's shutdown hook closes its pool and runtime; SIGKILL if it hangs. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
