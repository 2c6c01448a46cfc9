package dev.agentbank.app.cluster;

import dev.agentbank.config.ConfigException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The PostgreSQL a chaos run takes down once and brings back, on the same address so the instances can reconnect. */
sealed interface ChaosDatabase extends AutoCloseable {
    /** What the instances and this process connect to (BANK_DATABASE_URL). */
    String jdbcUrl();

    String describe();

    void stop();

    void start();

    @Override
    void close();

    /**
     * An embedded PostgreSQL 17 of the chaos run's own, in a fresh directory, kept on one port across its restart.
     * Not the shared server under BANK_HOME: the instances' supervisors would start that one again the moment the run
     * stopped it, and the outage the run means to cause would not happen.
     */
    final class Owned implements ChaosDatabase {
        private final Path directory;
        private final int port;
        private EmbeddedPostgres server;

        private Owned(Path directory, int port) {
            this.directory = directory;
            this.port = port;
        }

        static Owned startFresh(Path directory) {
            deleteRecursively(directory);
            Owned owned = new Owned(directory, Ports.free());
            owned.start();
            return owned;
        }

        @Override
        public String jdbcUrl() {
            return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        }

        @Override
        public String describe() {
            return "its own embedded PostgreSQL 17 on 127.0.0.1:" + port + ", data in " + directory.resolve("data");
        }

        @Override
        public synchronized void start() {
            if (server != null) {
                return;
            }
            try {
                Files.createDirectories(directory);
                ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(directory.resolve("postgres.log").toFile());
                server = EmbeddedPostgres.builder()
                        .setDataDirectory(directory.resolve("data"))
                        .setCleanDataDirectory(false)
                        .setPort(port)
                        .setOutputRedirector(log)
                        .setErrorRedirector(log)
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        .setServerConfig("max_connections", "200")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the chaos run's PostgreSQL in " + directory, e);
            }
        }

        /** A fast shutdown: every session is cut, open transactions roll back. */
        @Override
        public synchronized void stop() {
            if (server == null) {
                return;
            }
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException("could not stop the chaos run's PostgreSQL", e);
            } finally {
                server = null;
            }
        }

        @Override
        public void close() {
            stop();
        }

        private static void deleteRecursively(Path directory) {
            if (!Files.exists(directory)) {
                return;
            }
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not clear " + directory, e);
            }
        }
    }

    /** The machine's PostgreSQL (BANK_DATABASE_URL), stopped and started with Debian's pg_ctlcluster. */
    final class Machine implements ChaosDatabase {
        private final String url;
        private final String version;
        private final String cluster;

        private Machine(String url, String version, String cluster) {
            this.url = url;
            this.version = version;
            this.cluster = cluster;
        }

        /** Finds the local cluster serving the URL's port in {@code pg_lsclusters}. */
        static Machine of(String url) {
            URI uri = URI.create(url.substring("jdbc:".length()));
            String host = uri.getHost();
            int port = uri.getPort() < 0 ? 5432 : uri.getPort();
            if (!List.of("127.0.0.1", "localhost", "::1", "[::1]").contains(host)) {
                throw new ConfigException("chaos stops and starts the database, so BANK_DATABASE_URL must name this machine (got " + host + ")");
            }
            String listing = run(List.of("pg_lsclusters", "--no-header"));
            for (String line : listing.lines().toList()) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length >= 3 && fields[2].equals(Integer.toString(port))) {
                    return new Machine(url, fields[0], fields[1]);
                }
            }
            throw new ConfigException("no PostgreSQL cluster of this machine listens on port " + port + " (pg_lsclusters)");
        }

        @Override
        public String jdbcUrl() {
            return url;
        }

        @Override
        public String describe() {
            return "the machine's PostgreSQL " + version + "/" + cluster + " at " + url + " (stopped with pg_ctlcluster)";
        }

        @Override
        public void stop() {
            run(List.of("pg_ctlcluster", version, cluster, "stop"));
        }

        @Override
        public void start() {
            run(List.of("pg_ctlcluster", version, cluster, "start"));
        }

        /** A restart as an operator does it: a fast shutdown, every session cut, then a start. */
        void restart() {
            run(List.of("pg_ctlcluster", version, cluster, "restart"));
        }

        /** The server is left running, as it was found. */
        @Override
        public void close() {
            try {
                start();
            } catch (IllegalStateException e) {
                if (!e.getMessage().contains("already running")) {
                    throw e;
                }
            }
        }

        private static String run(List<String> command) {
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes());
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
                }
                return output;
            } catch (IOException e) {
                throw new ConfigException(command.getFirst() + " is not available: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted running " + command.getFirst(), e);
            }
        }
    }
}
