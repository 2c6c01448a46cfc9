package dev.agentbank.ledger.model;

import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.text.PlainText;

/** Free text a customer attaches to a movement. It is data: stored and shown, never interpreted. */
public final class Reference {
    public static final int MAX_LENGTH = 140;

    private Reference() {}

    /** Returns the trimmed reference or null when blank; rejects what could not be shown safely. */
    public static String clean(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String text = raw.strip();
        if (text.codePointCount(0, text.length()) > MAX_LENGTH) {
            throw new InvalidRequest("reference is limited to " + MAX_LENGTH + " characters.");
        }
        if (PlainText.hasControlCharacters(text)) {
            throw new InvalidRequest("reference must not contain control characters.");
        }
        return text;
    }
}
