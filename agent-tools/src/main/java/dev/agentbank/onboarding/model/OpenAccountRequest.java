package dev.agentbank.onboarding.model;

import dev.agentbank.onboarding.application.Onboarding;
import java.util.Objects;

/** The body of {@code POST /v1/accounts}. Onboarding validates the fields before one is made. */
public record OpenAccountRequest(long customerId, String name, String productCode) {
    public OpenAccountRequest {
        if (customerId <= 0) {
            throw new IllegalArgumentException("customer_id must be positive");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(productCode, "productCode");
    }
}
