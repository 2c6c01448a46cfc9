package dev.agentbank.mcp.web;

import dev.agentbank.fraud.application.AlertDesk;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /dashboard/events}: server-sent events telling an open queue page which alerts are new or changed. The desk
 * calls its listeners on the monitor's thread, so a listener only queues the change; a virtual thread per stream
 * writes, and a slow browser can only lose its own updates.
 */
final class AlertEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertEvents.class);
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final int BACKLOG = 256;

    private final AlertDesk desk;
    private final Sessions sessions;
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    AlertEvents(AlertDesk desk, Sessions sessions) {
        this.desk = desk;
        this.sessions = sessions;
    }

    void stream(WebSession session, HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("X-Accel-Buffering", "no");
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        Stream stream = new Stream(session, async, response.getWriter());
        try {
            stream.subscription = desk.onChange(change -> stream.offer(Json.change(change)));
        } catch (RuntimeException e) {
            async.complete();
            throw e;
        }
        open.add(stream);
        Thread.ofVirtual().name("dashboard-events").start(stream::run);
    }

    @Override
    public void close() {
        closed = true;
        for (Stream stream : open) {
            stream.offer(null);
        }
    }

    private final class Stream {
        private final WebSession session;
        private final AsyncContext async;
        private final PrintWriter out;
        private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(BACKLOG);
        private volatile AutoCloseable subscription;

        Stream(WebSession session, AsyncContext async, PrintWriter out) {
            this.session = session;
            this.async = async;
            this.out = out;
        }

        void offer(String event) {
            if (!queue.offer(event == null ? "" : event)) {
                log.debug("a dashboard event stream is too slow; dropping a change");
            }
        }

        void run() {
            try {
                send("retry: 3000\n: connected\n\n");
                while (!closed && sessions.alive(session)) {
                    String event = queue.poll(KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS);
                    if (event == null) {
                        send(": keep-alive\n\n");
                    } else if (!event.isEmpty()) {
                        send("event: alert\ndata: " + event + "\n\n");
                    }
                }
                if (!sessions.alive(session)) {
                    send("event: signedout\ndata: {}\n\n");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                log.debug("dashboard event stream ended: {}", e.toString());
            } finally {
                end();
            }
        }

        private void send(String text) throws IOException {
            out.write(text);
            out.flush();
            if (out.checkError()) {
                throw new IOException("the browser went away");
            }
        }

        private void end() {
            open.remove(this);
            try {
                if (subscription != null) {
                    subscription.close();
                }
            } catch (Exception e) {
                log.debug("closing an alert subscription: {}", e.toString());
            }
            try {
                async.complete();
            } catch (RuntimeException e) {
                log.debug("completing an event stream: {}", e.toString());
            }
        }
    }
}
