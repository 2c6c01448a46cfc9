package dev.agentbank.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbank.identity.jdbc.Tokens;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.audit.AuditLog;
import dev.agentbank.testing.MutableClock;
import dev.agentbank.testing.SharedBankTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bearer tokens: shown once, stored as a SHA-256 hash, dead once revoked or expired, and audited. */
class TokensTest extends SharedBankTest {
    private static final Actor OPERATOR = Actor.of("system", "cli");
    private static MutableClock clock;
    private static Tokens tokens;

    @BeforeAll
    static void tokensOnAMovableClock() {
        clock = new MutableClock(Instant.parse("2031-03-01T09:00:00Z"));
        tokens = new Tokens(bank.dataSource(), new AuditLog(clock), clock);
    }

    private static Principal aCustomer() {
        return new Principal.CustomerPrincipal(bank.customer());
    }

    @Test
    void aCreatedTokenAuthenticatesAsItsPrincipal() {
        Principal customer = aCustomer();
        Principal teller = new Principal.Staff(Role.TELLER, "alice");
        Principal analyst = new Principal.Staff(Role.ANALYST, "bob");
        Principal officer = new Principal.Staff(Role.OFFICER, "olga");
        for (Principal principal : List.of(customer, teller, analyst, officer)) {
            Tokens.Issued issued = tokens.create(OPERATOR, principal, Optional.empty());
            assertThat(issued.principal()).isEqualTo(principal);
            assertThat(tokens.authenticate(issued.token())).contains(principal);
        }
    }

    @Test
    void eachTokenIsFreshAndCarriesAtLeast256RandomBits() {
        Principal principal = aCustomer();
        String one = tokens.create(OPERATOR, principal, Optional.empty()).token();
        String two = tokens.create(OPERATOR, principal, Optional.empty()).token();
        assertThat(one).isNotEqualTo(two).startsWith("abk_");
        assertThat(one.length() - "abk_".length()).as("base64url characters").isGreaterThanOrEqualTo(43);
        assertThat(one.substring(4)).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void unknownAlteredAndMalformedTokensAuthenticateToNothing() {
        String token = tokens.create(OPERATOR, aCustomer(), Optional.empty()).token();
        char last = token.charAt(token.length() - 1);
        String altered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        for (String bad : new String[] {null, "", "abk_", altered, token + "x", token.substring(4), " " + token,
                token.toUpperCase(), "abk_" + "A".repeat(5_000), "Bearer " + token}) {
            assertThat(tokens.authenticate(bad)).as("token %s", bad).isEmpty();
        }
        assertThat(tokens.authenticate(token)).isPresent();
    }

    @Test
    void aRevokedTokenAuthenticatesToNothingAndRevokingTwiceReportsFalse() {
        Tokens.Issued issued = tokens.create(OPERATOR, aCustomer(), Optional.empty());
        assertThat(tokens.authenticate(issued.token())).isPresent();

        assertThat(tokens.revoke(OPERATOR, issued.id())).isTrue();

        assertThat(tokens.authenticate(issued.token())).isEmpty();
        assertThat(tokens.revoke(OPERATOR, issued.id())).isFalse();
        assertThat(tokens.revoke(OPERATOR, 987_654_321L)).isFalse();
        assertThat(tokens.list()).filteredOn(info -> info.id() == issued.id()).singleElement()
                .satisfies(info -> assertThat(info.state(clock.instant())).isEqualTo("revoked"));
    }

    @Test
    void aTokenAuthenticatesUntilItsExpiryAndNotFromThenOn() {
        Instant expiry = clock.instant().plus(Duration.ofHours(1));
        Tokens.Issued issued = tokens.create(OPERATOR, aCustomer(), Optional.of(expiry));
        try {
            clock.set(expiry.minusSeconds(1));
            assertThat(tokens.authenticate(issued.token())).isPresent();
            clock.set(expiry);
            assertThat(tokens.authenticate(issued.token())).isEmpty();
            clock.set(expiry.plus(Duration.ofDays(30)));
            assertThat(tokens.authenticate(issued.token())).isEmpty();
            assertThat(tokens.list()).filteredOn(info -> info.id() == issued.id()).singleElement()
                    .satisfies(info -> assertThat(info.state(clock.instant())).isEqualTo("expired"));
        } finally {
            clock.set(expiry.minus(Duration.ofHours(1)));
        }
    }

    @Test
    void aTokenCannotBeCreatedAlreadyExpired() {
        assertThatThrownBy(() -> tokens.create(OPERATOR, aCustomer(), Optional.of(clock.instant())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.create(OPERATOR, aCustomer(), Optional.of(clock.instant().minusSeconds(60))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyTheSha256OfTheTokenIsStoredAndTheClearTokenAppearsNowhere() throws Exception {
        Tokens.Issued issued = tokens.create(OPERATOR, aCustomer(), Optional.empty());
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(issued.token().getBytes(StandardCharsets.UTF_8));
        String secret = issued.token().substring(4);

        try (Connection connection = bank.connect();
             PreparedStatement select = connection.prepareStatement("SELECT token_hash, t::text FROM api_token t WHERE id = ?")) {
            select.setLong(1, issued.id());
            try (ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBytes(1)).hasSize(32).isEqualTo(expected);
                assertThat(rs.getString(2)).doesNotContain(secret);
            }
        }
        assertThat(textOfEveryRow("api_token")).noneMatch(row -> row.contains(secret));
        assertThat(textOfEveryRow("audit_event")).noneMatch(row -> row.contains(secret));
        assertThat(issued.toString()).doesNotContain(secret);
    }

    @Test
    void creatingAndRevokingATokenAreAuditedWithTheOperatorAndWithoutTheToken() throws Exception {
        Principal principal = aCustomer();
        Tokens.Issued issued = tokens.create(OPERATOR, principal, Optional.of(clock.instant().plus(Duration.ofDays(7))));
        tokens.revoke(OPERATOR, issued.id());

        try (Connection connection = bank.connect();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT action, actor, details, outcome FROM audit_event WHERE subject = ? ORDER BY occurred_at, action")) {
            select.setString(1, "token:" + issued.id());
            try (ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("create_token");
                assertThat(rs.getString(2)).isEqualTo(OPERATOR.id());
                assertThat(rs.getString(3)).contains(principal.encoded()).doesNotContain(issued.token().substring(4));
                assertThat(rs.getString(4)).isEqualTo("created");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("revoke_token");
                assertThat(rs.getString(2)).isEqualTo(OPERATOR.id());
                assertThat(rs.getString(4)).isEqualTo("revoked");
                assertThat(rs.next()).as("more events for the token").isFalse();
            }
        }
        assertThat(tokens.revoke(OPERATOR, issued.id())).isFalse();
        assertThat(bank.queryLong("SELECT count(*) FROM audit_event WHERE subject = 'token:" + issued.id() + "'")).isEqualTo(2);
    }

    @Test
    void listingShowsEveryTokenWithItsPrincipalButNeverTheToken() {
        Principal principal = aCustomer();
        Tokens.Issued issued = tokens.create(OPERATOR, principal, Optional.empty());
        assertThat(tokens.list()).filteredOn(info -> info.id() == issued.id()).singleElement().satisfies(info -> {
            assertThat(info.principal()).isEqualTo(principal.encoded());
            assertThat(info.state(clock.instant())).isEqualTo("active");
            assertThat(info.toString()).doesNotContain(issued.token().substring(4));
        });
    }

    private static List<String> textOfEveryRow(String table) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = bank.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT t::text FROM " + table + " t")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
