package dev.agentbank.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class PrincipalTest {

    @ParameterizedTest
    @ValueSource(strings = {"customer:1", "customer:42", "customer:9223372036854775807", "teller:alice", "analyst:bob.smith",
            "teller:ops@bank-1", "analyst:A_b-9"})
    void parsingTheEncodedFormGivesBackAnEqualPrincipal(String encoded) {
        Principal principal = Principal.parse(encoded);
        assertThat(principal.encoded()).isEqualTo(encoded);
        assertThat(Principal.parse(principal.encoded())).isEqualTo(principal);
        assertThat(principal.actor().id()).isEqualTo(encoded);
    }

    @Test
    void parsesEachKindIntoItsOwnRecord() {
        assertThat(Principal.parse("customer:12")).isEqualTo(new Principal.CustomerPrincipal(12));
        assertThat(Principal.parse("teller:alice")).isEqualTo(new Principal.Staff(Role.TELLER, "alice"));
        assertThat(Principal.parse("analyst:bob")).isEqualTo(new Principal.Staff(Role.ANALYST, "bob"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "customer", "customer:", "customer:abc", "customer:0", "customer:-3", "customer: 12",
            "customer:99999999999999999999", "admin:root", "teller:", "teller:a b", "teller:x:y", ":alice", "system:agentbank",
            "teller:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void refusesAnythingThatIsNotACustomerIdOrAStaffRoleAndName(String encoded) {
        assertThatThrownBy(() -> Principal.parse(encoded)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCustomerSeesOnlyThemselvesAndStaffSeeEveryone() {
        Principal customer = new Principal.CustomerPrincipal(7);
        assertThat(customer.canSee(7)).isTrue();
        assertThat(customer.canSee(8)).isFalse();
        assertThat(new Principal.Staff(Role.TELLER, "t").canSee(8)).isTrue();
        assertThat(new Principal.Staff(Role.ANALYST, "a").canSee(8)).isTrue();
    }

    @Test
    void capabilitiesFollowTheRules() {
        Principal customer = new Principal.CustomerPrincipal(7);
        Principal teller = new Principal.Staff(Role.TELLER, "t");
        Principal analyst = new Principal.Staff(Role.ANALYST, "a");
        for (Capability capability : Capability.values()) {
            assertThat(customer.may(capability)).as("customer %s", capability).isEqualTo(EnumSet.of(
                    Capability.READ_ACCOUNTS, Capability.MOVE_MONEY, Capability.OPEN_ACCOUNTS, Capability.READ_CUSTOMERS,
                    Capability.READ_LOANS, Capability.APPLY_FOR_LOANS, Capability.READ_PAYEES, Capability.MANAGE_PAYEES)
                    .contains(capability));
        }
        assertThat(teller.may(Capability.MOVE_MONEY)).isTrue();
        assertThat(teller.may(Capability.REVERSE_TRANSACTIONS)).isTrue();
        assertThat(teller.may(Capability.REGISTER_CUSTOMERS)).isTrue();
        assertThat(teller.may(Capability.VERIFY_AUDIT_LOG)).isFalse();
        assertThat(analyst.may(Capability.VERIFY_AUDIT_LOG)).isTrue();
        assertThat(analyst.may(Capability.LIST_CUSTOMERS)).isTrue();
        assertThat(analyst.may(Capability.MOVE_MONEY)).isFalse();
        assertThat(analyst.may(Capability.REVERSE_TRANSACTIONS)).isFalse();
        assertThat(analyst.may(Capability.OPEN_ACCOUNTS)).isFalse();
        assertThat(analyst.may(Capability.REGISTER_CUSTOMERS)).isFalse();
        assertThat(teller.may(Capability.APPLY_FOR_LOANS)).isTrue();
        assertThat(teller.may(Capability.READ_LOANS)).isTrue();
        assertThat(analyst.may(Capability.READ_LOANS)).isTrue();
        assertThat(analyst.may(Capability.APPLY_FOR_LOANS)).isFalse();
        // payees: tellers manage them, analysts only read them, officers neither
        Principal officer = new Principal.Staff(Role.OFFICER, "o");
        assertThat(teller.may(Capability.MANAGE_PAYEES)).isTrue();
        assertThat(teller.may(Capability.READ_PAYEES)).isTrue();
        assertThat(analyst.may(Capability.READ_PAYEES)).isTrue();
        assertThat(analyst.may(Capability.MANAGE_PAYEES)).isFalse();
        assertThat(officer.may(Capability.READ_PAYEES)).isFalse();
        assertThat(officer.may(Capability.MANAGE_PAYEES)).isFalse();
    }
}
