package dev.agentbank.shared.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Which processes watch an embedded data directory, to start its server again should it die: each holds a shared lock
 * on a file beside the directory while it does. A process about to stop the server asks first, since a watcher would
 * only start it again. The operating system drops the lock of a process that dies, so a crash strands nobody.
 */
final class Watchers {
    /** One operating-system lock per file and JVM (Java refuses a second), counted across this JVM's watchers. */
    private static final Map<Path, Held> HELD = new HashMap<>();

    private record Held(FileChannel channel, FileLock lock, int count) {}

    /** One watcher's membership; closing it leaves. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    private Watchers() {}

    static Path fileFor(Path dataDirectory) {
        return dataDirectory.toAbsolutePath().normalize().resolveSibling(dataDirectory.getFileName() + ".watch");
    }

    /** Joins the watchers of {@code dataDirectory} until the returned handle closes. */
    static synchronized Watch join(Path dataDirectory) {
        Path file = fileFor(dataDirectory);
        Held held = HELD.get(file);
        if (held == null) {
            try {
                java.nio.file.Files.createDirectories(file.getParent());
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                try {
                    held = new Held(channel, channel.lock(0, Long.MAX_VALUE, true), 0);
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not mark " + dataDirectory + " as watched", e);
            }
        }
        HELD.put(file, new Held(held.channel(), held.lock(), held.count() + 1));
        return () -> leave(file);
    }

    private static synchronized void leave(Path file) {
        Held held = HELD.get(file);
        if (held == null) {
            return;
        }
        if (held.count() > 1) {
            HELD.put(file, new Held(held.channel(), held.lock(), held.count() - 1));
            return;
        }
        HELD.remove(file);
        try {
            held.lock().release();
            held.channel().close();
        } catch (IOException e) {
            // closing the channel is what releases the lock; there is nothing else to undo
        }
    }

    /** Whether any process, this one included, watches {@code dataDirectory} now. */
    static synchronized boolean any(Path dataDirectory) {
        Path file = fileFor(dataDirectory);
        if (HELD.containsKey(file)) {
            return true;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock exclusive = channel.tryLock();
            if (exclusive == null) {
                return true;
            }
            exclusive.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false; // cannot tell: the caller still checks for connected clients
        }
    }
}
