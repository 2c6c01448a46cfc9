package dev.agentbank.provider;

import dev.agentbank.accounts.AccountNumber;
import dev.agentbank.money.Money;

/** An account as the provider reports it (see docs/provider-openapi.yaml, ProviderAccount). */
public record ProviderAccount(AccountNumber number, long customerId, String productCode, Money openingBalance, String status) {
}
