package dev.agentbank.customers.application;

import dev.agentbank.customers.Customer;
import dev.agentbank.customers.jdbc.Customers;
import dev.agentbank.identity.Principal;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.InvalidRequest;
import java.util.List;

/** Customers as a principal may see them: another customer reads exactly like one that does not exist. */
public final class CustomerDirectory {
    private final Customers customers;

    public CustomerDirectory(Customers customers) {
        this.customers = customers;
    }

    public Customer visible(Principal principal, long customerId) {
        if (customerId <= 0 || !principal.canSee(customerId)) {
            throw notAvailable(customerId);
        }
        return customers.find(customerId).orElseThrow(() -> notAvailable(customerId));
    }

    /** The customer a call is about: a customer's own id by default, a required argument for staff. */
    public long resolve(Principal principal, Long requested) {
        if (principal instanceof Principal.CustomerPrincipal self) {
            return requested == null ? self.customerId() : visible(principal, requested).id();
        }
        if (requested == null) {
            throw new InvalidRequest("customer_id is required: staff act for a named customer (list_customers shows them).");
        }
        return visible(principal, requested).id();
    }

    public Customer register(Actor actor, String fullName, String email) {
        return customers.register(actor, fullName, email);
    }

    public List<Customer> list(int limit, int offset) {
        return customers.list(limit, offset);
    }

    private static InvalidRequest notAvailable(long customerId) {
        return new InvalidRequest("No customer " + customerId + " is available to you.");
    }
}
