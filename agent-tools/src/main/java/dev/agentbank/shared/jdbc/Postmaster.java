package dev.agentbank.shared.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The postmaster of a data directory: what postmaster.pid says of it, how to stop it, and what a dead one leaves behind. */
final class Postmaster {
    private Postmaster() {}

    static Optional<Long> pid(Path dataDirectory) {
        return readPid(dataDirectory.resolve("postmaster.pid"));
    }

    /** The port postmaster.pid records; 0 when there is none. */
    static int recordedPort(Path dataDirectory) {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            return lines.size() < 4 ? 0 : Integer.parseInt(lines.get(3).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** Whether {@code pid} is a running PostgreSQL: not gone, not a zombie, not some other program that got the pid. */
    static boolean running(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty() || zombie(pid)) {
            return false;
        }
        // a pid file from before a reboot may name a pid some other program has now; unreadable: assume it is ours
        return process.get().info().command().map(command -> command.contains("postgres")).orElse(true);
    }

    /** A killed postmaster stays a zombie until whoever adopted it reaps it, which can take a while; it is dead already. */
    static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int afterName = stat.lastIndexOf(')');
            return afterName > 0 && stat.length() > afterName + 2 && "ZX".indexOf(stat.charAt(afterName + 2)) >= 0;
        } catch (IOException | RuntimeException e) {
            return false; // no /proc here: isAlive alone decides
        }
    }

    /** Gives the processes of a server that just died a few seconds to end, as they do once they notice. */
    static void awaitDeadCleared(Path dataDirectory) throws IOException {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            try {
                clearDead(dataDirectory);
                return;
            } catch (IOException stillEnding) {
                if (System.nanoTime() - until > 0) {
                    throw stillEnding;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for a stopped PostgreSQL's processes to end", e);
                }
            }
        }
    }

    /**
     * PostgreSQL will not start while postmaster.pid (or its socket's lock file) names a process that exists, and a
     * killed postmaster exists as a zombie until whoever adopted it reaps it, which some containers' init is slow to do.
     * Such a zombie's files go, but not while its server processes still end (they would share the directory with the
     * new server), which the attach count of its shared-memory segment tells, as it tells PostgreSQL itself; until then
     * this throws. A postmaster that is gone altogether PostgreSQL handles on its own.
     */
    private static void clearDead(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        Optional<Long> pid = readPid(pidFile);
        if (pid.isEmpty() || !zombie(pid.get())) {
            return;
        }
        if (sharedMemoryAttached(pidFile)) {
            throw new IOException("processes of the stopped PostgreSQL are still ending");
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() >= 5 && !lines.get(4).isBlank()) {
            Path socketLock = Path.of(lines.get(4).strip(), ".s.PGSQL." + lines.get(3).strip() + ".lock");
            if (readPid(socketLock).equals(pid)) {
                Files.deleteIfExists(socketLock);
            }
        }
        Files.deleteIfExists(pidFile);
    }

    /** Whether any process still attaches the segment on postmaster.pid's seventh line; true when it cannot tell. */
    private static boolean sharedMemoryAttached(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            String[] segment = lines.size() < 7 ? new String[0] : lines.get(6).trim().split("\\s+");
            if (segment.length < 2) {
                return false; // no segment recorded
            }
            for (String row : Files.readAllLines(Path.of("/proc/sysvipc/shm"))) {
                String[] fields = row.trim().split("\\s+");
                if (fields.length > 6 && fields[1].equals(segment[1])) {
                    return !fields[6].equals("0");
                }
            }
            return false; // the segment is gone
        } catch (IOException | RuntimeException e) {
            return true; // only reached for a zombie, on Linux: better to wait than to share the directory
        }
    }

    /**
     * Stops the postmaster by its pid file, without needing the pg_ctl of whoever started it: SIGTERM, PostgreSQL's
     * "smart" shutdown, which waits for sessions (the caller already ended them); SIGKILL after 30 s.
     */
    static void stop(Path dataDirectory) {
        Optional<Long> pid = pid(dataDirectory);
        Optional<ProcessHandle> postmaster = pid.flatMap(ProcessHandle::of);
        postmaster.ifPresent(ProcessHandle::destroy);
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        // an exited postmaster nobody reaped yet is a zombie: stopped, though isAlive says otherwise
        while (pid.map(Postmaster::running).orElse(false) && System.nanoTime() - until < 0) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        postmaster.filter(handle -> running(handle.pid())).ifPresent(ProcessHandle::destroyForcibly);
    }

    static Optional<Long> readPid(Path lockFile) {
        try {
            List<String> lines = Files.readAllLines(lockFile);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
