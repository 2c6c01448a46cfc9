package dev.agentbank.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountKind;
import dev.agentbank.accounts.model.AccountStatus;
import dev.agentbank.customers.jdbc.Customers;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.money.Money;
import dev.agentbank.testing.SharedBankTest;
import dev.agentbank.testing.TestBank;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomersAndAccountsTest extends SharedBankTest {
    @Test
    void registersACustomerWithCleanedNameAndAnAuditEvent() {
        TestBank.Snapshot before = bank.snapshot();

        Customer customer = bank.runtime().customers().register(bank.teller, "  Ada   Lovelace ", " ada@example.com ");

        assertThat(customer.id()).isNotNull();
        assertThat(customer.fullName()).isEqualTo("Ada Lovelace");
        assertThat(customer.email()).isEqualTo("ada@example.com");
        assertThat(bank.runtime().customers().find(customer.id())).get().extracting(Customer::fullName).isEqualTo("Ada Lovelace");
        TestBank.Snapshot after = bank.snapshot();
        assertThat(after.customers()).isEqualTo(before.customers() + 1);
        assertThat(after.auditEvents()).isEqualTo(before.auditEvents() + 1);
        assertThat(bank.queryLong("SELECT count(*) FROM audit_event WHERE action = 'register_customer' AND subject = 'customer:"
                + customer.id() + "'")).isEqualTo(1);
    }

    @Test
    void refusesBadNamesAndEmailsWithoutWritingAnything() {
        TestBank.Snapshot before = bank.snapshot();
        Customers customers = bank.runtime().customers();

        assertThatThrownBy(() -> customers.register(bank.teller, " ", null)).isInstanceOf(InvalidRequest.class).hasMessage("name is required.");
        assertThatThrownBy(() -> customers.register(bank.teller, "x".repeat(201), null))
                .isInstanceOf(InvalidRequest.class).hasMessage("name is limited to 200 characters.");
        assertThatThrownBy(() -> customers.register(bank.teller, "Eve\u0000", null))
                .isInstanceOf(InvalidRequest.class).hasMessage("name must not contain control characters.");
        assertThatThrownBy(() -> customers.register(bank.teller, "Eve", "not-an-email"))
                .isInstanceOf(InvalidRequest.class).hasMessage("email must look like name@example.com.");

        assertThat(bank.snapshot()).isEqualTo(before);
    }

    @Test
    void opensAnEmptyOpenAccountWithAValidNumber() {
        long customer = bank.customer();

        Account account = bank.runtime().accounts().open(bank.teller, customer, AccountKind.SAVINGS, Currency.getInstance("EUR"),
                Money.of("25.00", "EUR"));

        Account stored = bank.runtime().accounts().find(account.number()).orElseThrow();
        assertThat(stored.status()).isEqualTo(AccountStatus.OPEN);
        assertThat(stored.kind()).isEqualTo(AccountKind.SAVINGS);
        assertThat(stored.balance()).isEqualTo(Money.of("0", "EUR"));
        assertThat(stored.overdraftLimit()).isEqualTo(Money.of("25", "EUR"));
        assertThat(stored.customerId()).isEqualTo(customer);
        assertThat(bank.runtime().accounts().ofCustomer(customer)).extracting(Account::rawNumber).containsExactly(account.rawNumber());
    }

    @Test
    void refusesAnAccountForAnUnknownCustomer() {
        TestBank.Snapshot before = bank.snapshot();

        assertThatThrownBy(() -> bank.runtime().accounts().open(bank.teller, 987_654_321L, AccountKind.CHECKING,
                Currency.getInstance("EUR"), Money.of("0", "EUR")))
                .isInstanceOf(InvalidRequest.class).hasMessage("No customer 987654321 was found.");
        assertThat(bank.snapshot()).isEqualTo(before);
    }

    @Test
    void accountNumbersAreUniqueAndSettlementAccountsAreNeverFound() {
        long customer = bank.customer();
        Account one = bank.runtime().accounts().open(bank.teller, customer, AccountKind.CHECKING, Currency.getInstance("EUR"), Money.of("0", "EUR"));
        Account two = bank.runtime().accounts().open(bank.teller, customer, AccountKind.CHECKING, Currency.getInstance("EUR"), Money.of("0", "EUR"));
        assertThat(one.number()).isNotEqualTo(two.number());
        bank.deposit(one.number(), "1.00");
        assertThat(bank.queryLong("SELECT count(*) FROM account WHERE kind = 'SETTLEMENT' AND currency = 'EUR'")).isEqualTo(1);
        assertThat(bank.runtime().accounts().ofCustomer(customer)).hasSize(2).noneMatch(Account::isSettlement);
    }

    @Test
    void listsAndLooksUpCustomersPageByPage() {
        Customers customers = bank.runtime().customers();
        Customer first = customers.register(bank.teller, "Page One", null);
        Customer second = customers.register(bank.teller, "Page Two", "two@example.com");

        assertThat(customers.find(second.id())).get().extracting(Customer::fullName).isEqualTo("Page Two");
        assertThat(customers.find(987_654_321L)).isEmpty();
        List<Customer> all = customers.list(500, 0);
        assertThat(all).extracting(Customer::id).contains(first.id(), second.id()).isSorted();
        assertThat(customers.list(1, all.size() - 1)).extracting(Customer::id).containsExactly(all.getLast().id());
        assertThatThrownBy(() -> customers.list(0, 0)).isInstanceOf(InvalidRequest.class).hasMessage("limit must be from 1 to 500, got 0.");
        assertThatThrownBy(() -> customers.list(10, -1)).isInstanceOf(InvalidRequest.class).hasMessage("offset must be zero or more, got -1.");
    }
}
