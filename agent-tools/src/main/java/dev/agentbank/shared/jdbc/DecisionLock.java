package dev.agentbank.shared.jdbc;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock under which whether to start or stop a data directory's server is decided: one thread of one process at a
 * time. A file lock beside the directory orders processes; within one JVM, where Java refuses a second lock on the
 * same file, a plain lock orders threads first. Held only while a decision is made.
 */
final class DecisionLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;

    private DecisionLock(ReentrantLock local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    static DecisionLock take(Path dataDirectory) throws IOException {
        Path file = dataDirectory.toAbsolutePath().normalize().resolveSibling(dataDirectory.getFileName() + ".lock");
        ReentrantLock local = IN_THIS_JVM.computeIfAbsent(file, key -> new ReentrantLock());
        local.lock();
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new DecisionLock(local, channel, channel.lock());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            local.unlock();
        }
    }
}
