package dev.agentbank.mcp;

import io.modelcontextprotocol.spec.HttpHeaders;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.Consumer;

/** Responses that report the id of the MCP session the SDK opens in them, before any byte of it reaches the client. */
final class SessionIdWatch {
    private SessionIdWatch() {}

    /** Streamable HTTP: the SDK sets {@code Mcp-Session-Id} on the initialize response before writing its body. */
    static final class OnHeader extends HttpServletResponseWrapper {
        private final Consumer<String> opened;

        OnHeader(HttpServletResponse response, Consumer<String> opened) {
            super(response);
            this.opened = opened;
        }

        @Override
        public void setHeader(String name, String value) {
            watch(name, value);
            super.setHeader(name, value);
        }

        @Override
        public void addHeader(String name, String value) {
            watch(name, value);
            super.addHeader(name, value);
        }

        private void watch(String name, String value) {
            if (HttpHeaders.MCP_SESSION_ID.equalsIgnoreCase(name) && value != null && !value.isBlank()) {
                opened.accept(value);
            }
        }
    }

    /**
     * Legacy SSE: the stream's first event is {@code endpoint} with data {@code /message?sessionId=ID}. The id is taken
     * from the text before it is written on; after that the text only passes through.
     */
    static final class OnSseEndpoint extends HttpServletResponseWrapper {
        private static final String MARK = "sessionId=";
        private static final int LOOK_AT_MOST = 8192;
        private final Consumer<String> opened;
        private final StringBuilder seen = new StringBuilder();
        private PrintWriter writer;
        private volatile String sessionId;

        OnSseEndpoint(HttpServletResponse response, Consumer<String> opened) {
            super(response);
            this.opened = opened;
        }

        /** The id once the endpoint event named it, else null. */
        String sessionId() {
            return sessionId;
        }

        @Override
        public synchronized PrintWriter getWriter() throws IOException {
            if (writer == null) {
                // wrapping a PrintWriter keeps checkError() the real one's: the SDK learns from it that a client left
                writer = new PrintWriter(super.getWriter()) {
                    @Override
                    public void write(String text, int offset, int length) {
                        look(text.substring(offset, offset + length));
                        super.write(text, offset, length);
                    }

                    @Override
                    public void write(char[] chars, int offset, int length) {
                        look(new String(chars, offset, length));
                        super.write(chars, offset, length);
                    }

                    @Override
                    public void write(int c) {
                        look(String.valueOf((char) c));
                        super.write(c);
                    }
                };
            }
            return writer;
        }

        private void look(String text) {
            if (sessionId != null || seen.length() > LOOK_AT_MOST) {
                return;
            }
            seen.append(text);
            int mark = seen.indexOf(MARK);
            if (mark < 0) {
                return;
            }
            int start = mark + MARK.length();
            int end = start;
            while (end < seen.length() && idChar(seen.charAt(end))) {
                end++;
            }
            if (end < seen.length() && end > start) { // the id is complete once something else follows it
                sessionId = seen.substring(start, end);
                opened.accept(sessionId);
            }
        }

        private static boolean idChar(char c) {
            return Character.isLetterOrDigit(c) || c == '-' || c == '_';
        }
    }
}
