package dev.agentbank.ledger.model;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** A hash of a request's parameters, so a reused idempotency key with other parameters is caught. */
public final class Fingerprint {
    private Fingerprint() {}

    public static String of(Object... parts) {
        StringBuilder canonical = new StringBuilder();
        for (Object part : parts) {
            canonical.append(canonical(part)).append('\u001f');
        }
        return sha256(canonical.toString());
    }

    private static String canonical(Object part) {
        return switch (part) {
            case null -> "";
            // 250 and 250.00 are the same request.
            case BigDecimal amount -> amount.stripTrailingZeros().toPlainString();
            case Optional<?> optional -> optional.map(Fingerprint::canonical).orElse("");
            default -> part.toString();
        };
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
