package dev.agentbank.approvals.model;

import dev.agentbank.identity.ConfirmationRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A request other than a money movement (consent to a credit check, say) that waits for a human outside the session,
 * or what became of it. The tool that asked finds it again by who asked and by the fingerprint of exactly what the
 * human was shown, so an approval never stands for a request that changed since.
 *
 * @param answeredAt when the decision answered the asking tool; each decision answers one call only
 */
public record PendingConfirmation(String id, String principal, String subject, String fingerprint, String description,
                                  Status status, Instant createdAt, Instant expiresAt, String decidedBy, Instant decidedAt,
                                  String channel, Instant answeredAt) {

    public enum Status { PENDING, APPROVED, REJECTED, EXPIRED }

    /** The status as of now: a pending request past its expiry is expired even before anyone marks it. */
    public Status statusAt(Instant now) {
        return status == Status.PENDING && !expiresAt.isAfter(now) ? Status.EXPIRED : status;
    }

    /** The status for people: an approval its tool already used reads USED. */
    public String stateAt(Instant now) {
        return answeredAt != null && status == Status.APPROVED ? "USED" : statusAt(now).name();
    }

    /** SHA-256 of the subject, the full text the human is shown and the request's binding: any change is another request. */
    /** Requests bound to nothing keep the fingerprint they always had. */
    private static String bound(String binding) {
        return binding.isEmpty() ? "" : "\n\u0000" + binding;
    }

    public static String fingerprint(ConfirmationRequest request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((request.subject() + "\n" + request.describe() + bound(request.binding())).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
