package dev.agentbank.shared.jdbc;

import java.util.function.Function;
import java.util.function.Supplier;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * Runs Hibernate work in one transaction, retrying the transient failures of concurrent writers by the same rules
 * as {@link Jdbc}, which holds them: a deadlock or a serialization failure always; a unique violation only through
 * {@link #runRetryingDuplicates}, where a racing request just committed the row the retry then finds.
 */
public final class Transactions {
    private final SessionFactory sessionFactory;

    public Transactions(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    public <T> T run(Function<Session, T> work) {
        return Jdbc.retrying(false, inSession(work));
    }

    /** As {@link #run}, for work whose duplicate is a racing twin: the first opening in a currency and its settlement account. */
    public <T> T runRetryingDuplicates(Function<Session, T> work) {
        return Jdbc.retrying(true, inSession(work));
    }

    private <T> Supplier<T> inSession(Function<Session, T> work) {
        return () -> sessionFactory.fromTransaction(session -> {
            T result = work.apply(session);
            session.flush();
            return result;
        });
    }
}
