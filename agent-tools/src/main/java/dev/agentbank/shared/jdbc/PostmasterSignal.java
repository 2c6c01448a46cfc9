package dev.agentbank.shared.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Stops a postmaster by its pid file, without needing the pg_ctl binary of whoever started it. */
final class PostmasterSignal {
    private PostmasterSignal() {}

    static void stop(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        Optional<Long> pid = Postmaster.readPid(pidFile);
        Optional<ProcessHandle> postmaster = pid.flatMap(ProcessHandle::of);
        // SIGTERM is PostgreSQL's "smart" shutdown: it waits for sessions, which the caller already ended.
        postmaster.ifPresent(ProcessHandle::destroy);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        // an exited postmaster nobody reaped yet is a zombie: stopped, though isAlive says otherwise
        while (pid.map(Postmaster::running).orElse(false) && Instant.now().isBefore(deadline)) {
            sleep();
        }
        postmaster.filter(handle -> Postmaster.running(handle.pid())).ifPresent(ProcessHandle::destroyForcibly);
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
