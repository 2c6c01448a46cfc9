package dev.agentbank.onboarding.model;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.shared.money.Money;

/** An account as the provider reports it (see docs/provider-openapi.yaml, ProviderAccount). */
public record ProviderAccount(AccountNumber number, long customerId, String productCode, Money openingBalance, String status) {
}
