package dev.agentbank.app.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Free ports for instances (HAProxy needs each instance's port up front, so {@code --port 0} will not do). */
final class Ports {
    private Ports() {}

    /** A port free right now on loopback; the short race until the instance binds it is acceptable here. */
    static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not find a free port", e);
        }
    }

    static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until something listens on the port, while {@code stillWorth} holds; false after {@code limit}. */
    static boolean awaitListening(String host, int port, Duration limit, BooleanSupplier stillWorth) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline) && stillWorth.getAsBoolean()) {
            if (listening(host, port)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
