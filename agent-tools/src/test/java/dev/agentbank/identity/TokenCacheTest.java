package dev.agentbank.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.identity.jdbc.TokenCache;
import dev.agentbank.identity.jdbc.Tokens;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.audit.AuditLog;
import dev.agentbank.testing.MutableClock;
import dev.agentbank.testing.SharedBankTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Live tokens answered from memory, with revocation heard at once by every process: two token stores with caches of
 * their own stand for two server processes on one database.
 */
class TokenCacheTest extends SharedBankTest {
    private static final Actor OPERATOR = Actor.of("system", "cli");
    private final MutableClock clock = new MutableClock(Instant.parse("2031-03-01T09:00:00Z"));
    private final Tokens first = new Tokens(bank.dataSource(), new AuditLog(clock), clock);
    private final Tokens second = new Tokens(bank.dataSource(), new AuditLog(clock), clock);
    private TokenCache firstCache;
    private TokenCache secondCache;

    @BeforeEach
    void twoProcessesListening() throws InterruptedException {
        firstCache = TokenCache.start(bank::connect);
        secondCache = TokenCache.start(bank::connect);
        first.cacheIn(firstCache);
        second.cacheIn(secondCache);
        awaitListening();
    }

    @AfterEach
    void stop() throws InterruptedException {
        firstCache.close();
        secondCache.close();
        // the next test counts and signals listeners: these must be gone first
        awaitTrue(() -> bank.queryLong("select count(*) from pg_stat_activity where application_name = '"
                + TokenCache.APPLICATION_NAME + "' and datname = current_database()") == 0, Duration.ofSeconds(5));
    }

    private Principal customer() {
        return new Principal.CustomerPrincipal(bank.customer());
    }

    @Test
    void aLiveTokenIsAnsweredFromMemoryOnceChecked() {
        Tokens.Issued issued = first.create(OPERATOR, customer(), Optional.empty());
        assertThat(second.authenticate(issued.token())).contains(issued.principal());
        // Behind the cache's back and without a notification: only memory can still say yes.
        bank.update("update api_token set revoked_at = now() where id = " + issued.id());
        assertThat(second.authenticate(issued.token())).contains(issued.principal());
    }

    @Test
    void aRevocationInOneProcessEndsTheTokenInTheOtherAtOnce() throws InterruptedException {
        Tokens.Issued issued = first.create(OPERATOR, customer(), Optional.empty());
        assertThat(second.authenticate(issued.token())).contains(issued.principal());
        assertThat(first.authenticate(issued.token())).contains(issued.principal());

        assertThat(first.revoke(OPERATOR, issued.id())).isTrue();

        assertThat(first.authenticate(issued.token())).as("the revoking process").isEmpty();
        awaitTrue(() -> second.authenticate(issued.token()).isEmpty(), Duration.ofSeconds(2));
    }

    @Test
    void aCachedTokenStillExpiresOnTime() {
        Tokens.Issued issued = first.create(OPERATOR, customer(), Optional.of(clock.instant().plus(Duration.ofMinutes(5))));
        assertThat(first.authenticate(issued.token())).contains(issued.principal());
        clock.advance(Duration.ofMinutes(5));
        assertThat(first.authenticate(issued.token())).isEmpty();
    }

    @Test
    void whileTheListenerIsCutOffNothingIsServedFromMemory() throws InterruptedException {
        Tokens.Issued issued = first.create(OPERATOR, customer(), Optional.empty());
        assertThat(second.authenticate(issued.token())).contains(issued.principal());

        // The listeners lose their connections, and a revocation happens that nobody hears.
        bank.queryLong("select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = '"
                + TokenCache.APPLICATION_NAME + "' and datname = current_database()");
        Thread.sleep(300); // the listeners notice the cut
        bank.update("update api_token set revoked_at = now() where id = " + issued.id());

        assertThat(second.authenticate(issued.token())).as("right after the cut").isEmpty();
        awaitListening();
        assertThat(second.authenticate(issued.token())).as("after listening again").isEmpty();
    }

    @Test
    void aListenerWhoseConnectionFallsSilentStopsServingFromMemory() throws Exception {
        Tokens.Issued issued = first.create(OPERATOR, customer(), Optional.empty());
        assertThat(second.authenticate(issued.token())).contains(issued.principal());
        List<Long> listeners = new java.util.ArrayList<>();
        try (var connection = bank.connect(); var statement = connection.createStatement();
             var rows = statement.executeQuery("select pid from pg_stat_activity where application_name = '" + TokenCache.APPLICATION_NAME
                     + "' and datname = current_database()")) {
            while (rows.next()) {
                listeners.add(rows.getLong(1));
            }
        }
        // The listeners' server processes freeze: their connections stay open and say nothing, as after a lost host.
        // Every one is woken again whatever happens: a frozen backend would hold up the database's drop for ever.
        try {
            List<Long> frozen = signal("-STOP", listeners);
            assertThat(frozen).as("listeners frozen").isNotEmpty();
            bank.update("update api_token set revoked_at = now() where id = " + issued.id()); // unheard either way
            awaitTrue(() -> second.authenticate(issued.token()).isEmpty(), Duration.ofSeconds(6));
        } finally {
            signal("-CONT", listeners);
        }
    }

    /** The pids that took the signal; one that has ended meanwhile (a listener of an earlier test closing) is skipped. */
    private static List<Long> signal(String signal, List<Long> pids) throws Exception {
        List<Long> signalled = new java.util.ArrayList<>();
        for (long pid : pids) {
            if (new ProcessBuilder("kill", signal, Long.toString(pid)).start().waitFor() == 0) {
                signalled.add(pid);
            }
        }
        return signalled;
    }

    private void awaitListening() throws InterruptedException {
        awaitTrue(() -> bank.queryLong("select count(*) from pg_stat_activity where application_name = '" + TokenCache.APPLICATION_NAME
                + "' and datname = current_database()") >= List.of(firstCache, secondCache).size(), Duration.ofSeconds(5));
        Thread.sleep(200); // named, then LISTEN answered: the listener marks itself serving right after
    }

    private static void awaitTrue(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s", limit).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
