package dev.agentbank.app.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One {@code ./bank mcp --http} process on a fixed port; it can be killed and started again on the same port. */
final class Instance {
    static final String HOST = "127.0.0.1";

    private final String name;
    private final int port;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private volatile Process process;

    Instance(String name, int port, Path launcher, Map<String, String> environment, Path log) {
        this.name = name;
        this.port = port;
        this.command = List.of(launcher.toString(), "mcp", "--http", "--host", HOST, "--port", Integer.toString(port));
        this.environment = Map.copyOf(environment);
        this.log = log;
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    synchronized void start() {
        if (alive()) {
            return;
        }
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** Waits until the instance listens (it binds its port only once its database and tools are ready). */
    boolean awaitReady(Duration limit) throws InterruptedException {
        Process started = process;
        return started != null && Ports.awaitListening(HOST, port, limit, started::isAlive);
    }

    boolean alive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    long pid() {
        Process current = process;
        return current == null ? -1 : current.pid();
    }

    /** SIGKILL: no shutdown hook runs, open transactions die with their connections. */
    synchronized void kill() {
        Process current = process;
        if (current != null && current.isAlive()) {
            current.destroyForcibly();
            try {
                current.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** SIGTERM without waiting. */
    void signalStop() {
        Process current = process;
        if (current != null && current.isAlive()) {
            current.destroy();
        }
    }

    /** SIGTERM, then SIGKILL if it has not stopped within {@code grace}. */
    synchronized void stop(Duration grace) {
        Process current = process;
        if (current != null) {
            Processes.stop(current, grace);
        }
    }

    String url() {
        return "http://" + HOST + ":" + port;
    }
}
