package dev.agentbank.tools;

/**
 * Where a tool call comes from, recorded in the audit log with every call.
 *
 * @param transport  e.g. {@code mcp-stdio}, {@code mcp-http}, {@code chat}
 * @param client     the client's name and version as it declared them, or "unknown"
 * @param session    the transport's session id, or "none"
 */
public record CallContext(String transport, String client, String session) {
    public CallContext {
        transport = clip(transport);
        client = clip(client);
        session = clip(session);
    }

    private static String clip(String text) {
        if (text == null || text.isBlank()) {
            return "unknown";
        }
        String printable = text.codePoints().filter(cp -> !Character.isISOControl(cp))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() > 120 ? printable.substring(0, 120) : printable;
    }
}
