package dev.agentbank.app.cluster;

import dev.agentbank.config.ConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** N {@code ./bank mcp --http} instances on one database, behind HAProxy. */
final class Cluster implements AutoCloseable {
    static final String DEFAULT_CHECK = "/readyz";
    private static final Duration FIRST_START = Duration.ofMinutes(5); // may include the first build and migrations
    private static final Duration LATER_START = Duration.ofMinutes(3);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    /**
     * @param healthCheck  {@code tcp} or a path; empty means {@value #DEFAULT_CHECK}, or a TCP check when this build has none
     * @param environment  settings for the instances on top of this process's environment
     * @param databaseReady the schema is migrated already, so all instances may start at once
     */
    record Options(int instances, int port, Optional<String> healthCheck, Path directory, Path launcher,
                   Map<String, String> environment, boolean databaseReady) {
        Options {
            if (instances < 1 || instances > 32) {
                throw new ConfigException("--instances must be from 1 to 32");
            }
            if (port < 0 || port > 65_535) {
                throw new ConfigException("--port must be from 0 to 65535");
            }
            environment = Map.copyOf(environment);
        }
    }

    private final List<Instance> instances;
    private final Haproxy haproxy;
    private final HaproxyConfig config;

    private Cluster(List<Instance> instances, Haproxy haproxy, HaproxyConfig config) {
        this.instances = instances;
        this.haproxy = haproxy;
        this.config = config;
    }

    static Cluster start(Options options, PrintStream progress) throws InterruptedException {
        Path binary = Haproxy.locate();
        int port = options.port() == 0 ? Ports.free() : options.port();
        if (Ports.listening(Instance.HOST, port)) {
            throw new ConfigException("port " + port + " is already in use; choose another with --port");
        }
        List<Instance> instances = new ArrayList<>();
        try {
            Path logs = options.directory().resolve("instances");
            Files.createDirectories(logs);
            for (int i = 1; i <= options.instances(); i++) {
                String name = "i" + i;
                instances.add(new Instance(name, Ports.free(), options.launcher(), options.environment(), logs.resolve(name + ".log")));
            }
            if (options.databaseReady()) {
                startAll(instances, FIRST_START, progress);
            } else {
                // The first alone: it starts the embedded server, migrates the schema and seeds the demo data.
                startAll(instances.subList(0, 1), FIRST_START, progress);
                startAll(instances.subList(1, instances.size()), LATER_START, progress);
            }
            HaproxyConfig.HealthCheck check = healthCheck(options.healthCheck(), instances.getFirst(), progress);
            HaproxyConfig config = new HaproxyConfig(Instance.HOST, port,
                    instances.stream().map(instance -> new HaproxyConfig.Server(instance.name(), Instance.HOST, instance.port())).toList(),
                    check);
            Haproxy haproxy = Haproxy.start(binary, config, options.directory());
            return new Cluster(List.copyOf(instances), haproxy, config);
        } catch (IOException e) {
            instances.forEach(instance -> instance.stop(Duration.ofSeconds(10)));
            throw new UncheckedIOException("could not prepare " + options.directory(), e);
        } catch (RuntimeException | InterruptedException e) {
            instances.forEach(instance -> instance.stop(Duration.ofSeconds(10)));
            throw e;
        }
    }

    private static void startAll(List<Instance> instances, Duration limit, PrintStream progress) throws InterruptedException {
        instances.forEach(Instance::start);
        for (Instance instance : instances) {
            progress.println("bank: starting " + instance.name() + " on port " + instance.port() + " (log " + instance.log() + ")");
            if (!instance.awaitReady(limit)) {
                throw new IllegalStateException(instance.name() + " did not start; see " + instance.log());
            }
        }
    }

    /** The requested check; the default falls back to TCP on a build that has no readiness endpoint yet. */
    private static HaproxyConfig.HealthCheck healthCheck(Optional<String> requested, Instance probe, PrintStream progress) {
        HaproxyConfig.HealthCheck check;
        try {
            check = HaproxyConfig.HealthCheck.parse(requested.orElse(DEFAULT_CHECK));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--health-check must be tcp or a path such as /readyz");
        }
        if (check instanceof HaproxyConfig.HealthCheck.Http http) {
            int status = statusOf(probe.url() + http.path());
            if (status != 200) {
                if (requested.isPresent()) {
                    throw new ConfigException("GET " + http.path() + " answers " + status + " on " + probe.name()
                            + ", so every instance would be taken out; give another --health-check or tcp");
                }
                progress.println("bank: warning: GET " + http.path() + " answers " + status
                        + " on this build; HAProxy checks only that each instance accepts connections");
                return new HaproxyConfig.HealthCheck.Tcp();
            }
        }
        return check;
    }

    private static int statusOf(String url) {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Deletes the instance logs a previous run left in {@code directory}. */
    static void clearLogs(Path directory) {
        Path logs = directory.resolve("instances");
        try (Stream<Path> files = Files.exists(logs) ? Files.list(logs) : Stream.empty()) {
            for (Path file : files.filter(path -> path.toString().endsWith(".log")).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not clear " + logs, e);
        }
    }

    List<Instance> instances() {
        return instances;
    }

    String mcpUrl() {
        return "http://" + config.bindHost() + ":" + config.port() + "/mcp";
    }

    String baseUrl() {
        return "http://" + config.bindHost() + ":" + config.port();
    }

    HaproxyConfig config() {
        return config;
    }

    long haproxyPid() {
        return haproxy.pid();
    }

    boolean haproxyAlive() {
        return haproxy.alive();
    }

    /** HAProxy first, so no request reaches an instance that is stopping; then the instances together. */
    @Override
    public void close() {
        haproxy.close();
        instances.forEach(Instance::signalStop); // all at once, sharing one grace period
        Instant deadline = Instant.now().plus(STOP_GRACE);
        for (Instance instance : instances) {
            Duration left = Duration.between(Instant.now(), deadline);
            instance.stop(left.isNegative() ? Duration.ZERO : left);
        }
    }
}
