package dev.agentbank.customers.jdbc;

import dev.agentbank.customers.Customer;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.audit.AuditLog;
import dev.agentbank.shared.jdbc.Transactions;
import dev.agentbank.shared.text.PlainText;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hibernate.SessionFactory;

/** Registers and looks up customers. */
public final class Customers {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,190}\\.[^@\\s]{2,63}");

    private final SessionFactory sessionFactory;
    private final Transactions transactions;
    private final AuditLog audit;
    private final Clock clock;

    public Customers(SessionFactory sessionFactory, AuditLog audit, Clock clock) {
        this.sessionFactory = sessionFactory;
        this.transactions = new Transactions(sessionFactory);
        this.audit = audit;
        this.clock = clock;
    }

    public Customer register(Actor actor, String fullName, String email) {
        String name = cleanName(fullName);
        String mail = cleanEmail(email);
        return transactions.run(session -> {
            Customer customer = new Customer(name, mail, Instant.now(clock).truncatedTo(ChronoUnit.MICROS));
            session.persist(customer);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("customer_id", customer.id());
            details.put("full_name", name);
            audit.record(session, actor, "register_customer", "customer:" + customer.id(), details, "registered");
            return customer;
        });
    }

    public Optional<Customer> find(long id) {
        return Optional.ofNullable(sessionFactory.fromTransaction(session -> session.find(Customer.class, id)));
    }

    /** A page of customers in registration order; {@code limit} from 1 to 500. */
    public List<Customer> list(int limit, int offset) {
        if (limit < 1 || limit > 500) {
            throw new InvalidRequest("limit must be from 1 to 500, got " + limit + ".");
        }
        if (offset < 0) {
            throw new InvalidRequest("offset must be zero or more, got " + offset + ".");
        }
        return sessionFactory.fromTransaction(session -> session
                .createSelectionQuery("from Customer order by id", Customer.class)
                .setFirstResult(offset).setMaxResults(limit).getResultList());
    }

    static String cleanName(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidRequest("name is required.");
        }
        String name = raw.strip().replaceAll("\\s+", " ");
        if (name.codePointCount(0, name.length()) > 200) {
            throw new InvalidRequest("name is limited to 200 characters.");
        }
        if (PlainText.hasControlCharacters(name)) {
            throw new InvalidRequest("name must not contain control characters.");
        }
        return name;
    }

    static String cleanEmail(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String email = raw.strip();
        if (!EMAIL.matcher(email).matches()) {
            throw new InvalidRequest("email must look like name@example.com.");
        }
        return email;
    }
}
