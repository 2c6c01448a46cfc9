package dev.agentbank.customers.tools;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.agentbank.customers.Customer;
import java.time.Instant;
import java.util.List;

/** What the customer tools return. Small records with snake_case names, amounts as exact decimal strings. */
public final class CustomerViews {
    private CustomerViews() {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CustomerView(long customerId, String fullName, @JsonInclude(JsonInclude.Include.NON_NULL) String email,
                               Instant createdAt) {
        public static CustomerView of(Customer customer) {
            return new CustomerView(customer.id(), customer.fullName(), customer.email(), customer.createdAt());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CustomerList(List<CustomerView> customers,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Integer nextOffset) {}
}
