package dev.agentbank.identity.jdbc;

import dev.agentbank.identity.Principal;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.audit.AuditLog;
import dev.agentbank.shared.jdbc.Jdbc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Bearer tokens that bind an MCP or chat session to one principal. Tokens are 256 random bits, so a
 * plain SHA-256 is enough to store them; the clear token exists only in the answer to {@link #create}.
 */
public final class Tokens {
    private static final String PREFIX = "abk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Jdbc jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private volatile TokenCache cache;

    public Tokens(DataSource dataSource, AuditLog audit, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.audit = audit;
        this.clock = clock;
    }

    public record Issued(long id, String token, Principal principal, Optional<Instant> expiresAt) {
        @Override
        public String toString() {
            return "Issued[id=" + id + ", principal=" + principal.encoded() + "]";
        }
    }

    public record TokenInfo(long id, String principal, Instant createdAt, Optional<Instant> expiresAt,
                            Optional<Instant> revokedAt) {
        public String state(Instant now) {
            if (revokedAt.isPresent()) {
                return "revoked";
            }
            return expiresAt.filter(at -> !at.isAfter(now)).isPresent() ? "expired" : "active";
        }
    }

    public Issued create(Actor operator, Principal principal, Optional<Instant> expiresAt) {
        Instant now = clock.instant();
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(now)) {
            throw new IllegalArgumentException("the expiry must be in the future");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return jdbc.inTransaction("store the token", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into api_token (token_hash, principal, created_at, expires_at) values (?, ?, ?, ?) returning id")) {
                insert.setBytes(1, hash(token));
                insert.setString(2, principal.encoded());
                insert.setTimestamp(3, Timestamp.from(now));
                insert.setTimestamp(4, expiresAt.map(Timestamp::from).orElse(null));
                try (ResultSet rows = insert.executeQuery()) {
                    rows.next();
                    long id = rows.getLong(1);
                    audit.record(connection, operator, "create_token", "token:" + id,
                            Map.of("principal", principal.encoded(), "expires_at", expiresAt.map(Instant::toString).orElse("never")), "created");
                    return new Issued(id, token, principal, expiresAt);
                }
            }
        });
    }

    /** The principal of a live token; empty for unknown, revoked or expired tokens alike. */
    public Optional<Principal> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        return byDigest(hash(token));
    }

    /** Keeps the token's digest only, as the table does. */
    public java.util.function.Supplier<Optional<Principal>> liveness(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Optional::empty;
        }
        byte[] digest = hash(token);
        return () -> byDigest(digest);
    }

    /** From now on, live tokens are answered from {@code liveTokens} (a long-running server's choice). */
    public void cacheIn(TokenCache liveTokens) {
        this.cache = liveTokens;
    }

    private Optional<Principal> byDigest(byte[] digest) {
        Instant now = clock.instant();
        TokenCache liveTokens = cache;
        if (liveTokens != null) {
            Optional<TokenCache.Entry> hit = liveTokens.get(digest, now);
            if (hit.isPresent()) {
                return Optional.of(hit.get().principal());
            }
        }
        long generation = liveTokens == null ? 0 : liveTokens.generation();
        Optional<TokenCache.Entry> live = jdbc.query("check the token", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select principal, expires_at from api_token where token_hash = ? and revoked_at is null"
                            + " and (expires_at is null or expires_at > ?)")) {
                select.setBytes(1, digest);
                select.setTimestamp(2, Timestamp.from(now));
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next()
                            ? Optional.of(new TokenCache.Entry(Principal.parse(rows.getString(1)), instant(rows.getTimestamp(2))))
                            : Optional.<TokenCache.Entry>empty();
                }
            }
        });
        if (live.isPresent() && liveTokens != null) {
            liveTokens.put(digest, live.get(), generation);
        }
        return live.map(TokenCache.Entry::principal);
    }

    public List<TokenInfo> list() {
        return jdbc.query("list tokens", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select id, principal, created_at, expires_at, revoked_at from api_token order by id");
                 ResultSet rows = select.executeQuery()) {
                List<TokenInfo> tokens = new ArrayList<>();
                while (rows.next()) {
                    tokens.add(new TokenInfo(rows.getLong(1), rows.getString(2), rows.getTimestamp(3).toInstant(),
                            instant(rows.getTimestamp(4)), instant(rows.getTimestamp(5))));
                }
                return tokens;
            }
        });
    }

    /** Revokes a token; false when there is no such live token. */
    public boolean revoke(Actor operator, long id) {
        boolean revoked = jdbc.inTransaction("revoke the token", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update api_token set revoked_at = ? where id = ? and revoked_at is null")) {
                update.setTimestamp(1, Timestamp.from(clock.instant()));
                update.setLong(2, id);
                boolean done = update.executeUpdate() == 1;
                if (done) {
                    audit.record(connection, operator, "revoke_token", "token:" + id, Map.of(), "revoked");
                    // delivered at commit to every process that keeps live tokens in memory
                    try (PreparedStatement notify = connection.prepareStatement("select pg_notify(?, '')")) {
                        notify.setString(1, TokenCache.CHANNEL);
                        notify.execute();
                    }
                }
                return done;
            }
        });
        TokenCache liveTokens = cache;
        if (revoked && liveTokens != null) {
            liveTokens.forgetAll(); // this process need not wait for its own notification
        }
        return revoked;
    }

    private static Optional<Instant> instant(Timestamp timestamp) {
        return Optional.ofNullable(timestamp).map(Timestamp::toInstant);
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
