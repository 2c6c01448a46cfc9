package dev.agentbank.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The JSON-RPC requests a stdio client sent and the answers written so far. A client may pipe every request and
 * close stdin at once ({@code printf … | ./bank mcp}). The SDK's stdio transport closes the session as soon as it
 * reads the end of input, dropping answers still being worked out, so the end is held back from it until every
 * request read has been answered (at most {@link #ANSWER_WAIT}).
 */
final class StdioRequests {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final Duration ANSWER_WAIT = Duration.ofSeconds(30);

    private final Set<String> unanswered = new HashSet<>();
    private boolean ended;

    /** Standard input, watched for requests and for its end. */
    InputStream watch(InputStream in) {
        Lines lines = new Lines(this::read);
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b < 0) {
                    lines.flush();
                    end();
                } else {
                    lines.add((byte) b);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n < 0) {
                    lines.flush();
                    end();
                }
                for (int i = 0; i < n; i++) {
                    lines.add(buffer[offset + i]);
                }
                return n;
            }
        };
    }

    /** The protocol output, watched for answers. */
    OutputStream watch(OutputStream out) {
        Lines lines = new Lines(this::written);
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                lines.add((byte) b);
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                out.write(buffer, offset, length);
                for (int i = 0; i < length; i++) {
                    lines.add(buffer[offset + i]);
                }
            }
        };
    }

    /** Waits until stdin has ended; true when every request had been answered by then. */
    synchronized boolean awaitEnd() throws InterruptedException {
        while (!ended) {
            wait();
        }
        return unanswered.isEmpty();
    }

    /** Called on the transport's reader thread at the end of input: returns once all is answered, or after the wait. */
    private synchronized void end() throws InterruptedIOException {
        long deadline = System.nanoTime() + ANSWER_WAIT.toNanos();
        try {
            while (!unanswered.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("stopped while waiting for answers");
        } finally {
            ended = true;
            notifyAll();
        }
    }

    private synchronized void read(JsonNode message) {
        if (message.hasNonNull("method") && message.has("id")) {
            unanswered.add(message.get("id").toString());
        }
    }

    private synchronized void written(JsonNode message) {
        if (!message.has("method") && message.has("id") && unanswered.remove(message.get("id").toString())) {
            notifyAll();
        }
    }

    /** Splits a byte stream into newline-delimited JSON messages; anything unparsable is not a request. */
    private static final class Lines {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final java.util.function.Consumer<JsonNode> sink;

        Lines(java.util.function.Consumer<JsonNode> sink) {
            this.sink = sink;
        }

        synchronized void add(byte b) {
            if (b != '\n') {
                line.write(b);
                return;
            }
            flush();
        }

        /** The line so far as one message: at a newline, or at the end of input for a last line without one. */
        synchronized void flush() {
            String text = line.toString(StandardCharsets.UTF_8).strip();
            line.reset();
            if (text.isEmpty()) {
                return;
            }
            try {
                JsonNode message = JSON.readTree(text);
                if (message != null && message.isObject()) {
                    sink.accept(message);
                }
            } catch (IOException e) {
                // Not JSON: the SDK answers it with a parse error of its own, which has no id to wait for.
            }
        }
    }
}
