package dev.agentbank.onboarding.tools;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.agentbank.accounts.tools.AccountViews;

/** What the onboarding tools return. Small records with snake_case names, amounts as exact decimal strings. */
public final class OnboardingViews {
    private OnboardingViews() {}

    /** The answer to open_account. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Opening(String status, String message,
                          @JsonInclude(JsonInclude.Include.NON_NULL) AccountViews.AccountView account,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String requestId) {}
}
