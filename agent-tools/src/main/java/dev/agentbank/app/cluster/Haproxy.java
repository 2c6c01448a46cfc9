package dev.agentbank.app.cluster;

import dev.agentbank.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** HAProxy in the foreground, from a configuration file written beside its log. */
final class Haproxy implements AutoCloseable {
    static final String INSTALL_HINT = "HAProxy is needed and not installed; install it with: apt-get install -y haproxy";

    private final Process process;

    private Haproxy(Process process) {
        this.process = process;
    }

    /** The haproxy binary: on the PATH, else Debian's /usr/sbin, which root's PATH may lack. */
    static Path locate() {
        Optional<Path> onPath = Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(path -> List.of(path.split(":")).stream())
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "haproxy"))
                .filter(Files::isExecutable)
                .findFirst();
        return onPath.or(() -> Optional.of(Path.of("/usr/sbin/haproxy")).filter(Files::isExecutable))
                .orElseThrow(() -> new ConfigException(INSTALL_HINT));
    }

    /** Writes the configuration, has HAProxy check it, then starts it; it listens once this returns. */
    static Haproxy start(Path binary, HaproxyConfig config, Path directory) {
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve("haproxy.cfg");
            Path log = directory.resolve("haproxy.log");
            Files.writeString(file, config.render());
            Process check = new ProcessBuilder(binary.toString(), "-c", "-q", "-f", file.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!check.waitFor(30, TimeUnit.SECONDS) || check.exitValue() != 0) {
                check.destroyForcibly();
                throw new IllegalStateException("HAProxy refused the configuration " + file + "; see " + log);
            }
            // -db: foreground, no daemon; SIGTERM stops it.
            Process process = new ProcessBuilder(binary.toString(), "-db", "-f", file.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            Haproxy haproxy = new Haproxy(process);
            if (!Ports.awaitListening(config.bindHost(), config.port(), Duration.ofSeconds(10), process::isAlive)) {
                haproxy.close();
                throw new IllegalStateException("HAProxy did not listen on port " + config.port() + "; see " + log);
            }
            return haproxy;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start HAProxy", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting HAProxy", e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        Processes.stop(process, Duration.ofSeconds(5));
    }
}
