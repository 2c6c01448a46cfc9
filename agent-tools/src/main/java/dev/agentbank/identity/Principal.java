package dev.agentbank.identity;

import dev.agentbank.shared.Actor;
import java.util.EnumSet;
import java.util.Set;

/** Who a tool call acts for. Fixed per token; never taken from tool arguments. */
public sealed interface Principal {

    Actor actor();

    boolean may(Capability capability);

    /** Whether this principal may see or act on the given customer's data. */
    boolean canSee(long customerId);

    /** The stored form, e.g. {@code customer:12} or {@code teller:alice}; parsed back by {@link #parse}. */
    default String encoded() {
        return actor().id();
    }

    static Principal parse(String encoded) {
        int colon = encoded == null ? -1 : encoded.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("principal must look like customer:ID, teller:NAME, analyst:NAME or officer:NAME");
        }
        String kind = encoded.substring(0, colon);
        String name = encoded.substring(colon + 1);
        if (kind.equals("customer")) {
            try {
                return new CustomerPrincipal(Long.parseLong(name));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("customer principal needs a numeric id, e.g. customer:12");
            }
        }
        return new Staff(Role.parse(kind).orElseThrow(
                () -> new IllegalArgumentException("unknown principal kind '" + kind + "'; use customer, teller, analyst or officer")), name);
    }

    /** A customer: sees and moves only their own accounts, and applies for loans only for themself. */
    record CustomerPrincipal(long customerId) implements Principal {
        private static final Set<Capability> CAPABILITIES = EnumSet.of(
                Capability.READ_ACCOUNTS, Capability.MOVE_MONEY, Capability.OPEN_ACCOUNTS, Capability.READ_CUSTOMERS,
                Capability.READ_LOANS, Capability.APPLY_FOR_LOANS, Capability.READ_PAYEES, Capability.MANAGE_PAYEES);

        public CustomerPrincipal {
            if (customerId <= 0) {
                throw new IllegalArgumentException("customer id must be positive");
            }
        }

        @Override
        public Actor actor() {
            return Actor.of("customer", Long.toString(customerId));
        }

        @Override
        public boolean may(Capability capability) {
            return CAPABILITIES.contains(capability);
        }

        @Override
        public boolean canSee(long otherCustomerId) {
            return customerId == otherCustomerId;
        }
    }

    /** A member of staff acting for any customer, within the role's capabilities. */
    record Staff(Role role, String name) implements Principal {
        public Staff {
            Actor.of(role.label(), name); // validates the name's characters and length
        }

        @Override
        public Actor actor() {
            return Actor.of(role.label(), name);
        }

        @Override
        public boolean may(Capability capability) {
            return role.grants(capability);
        }

        @Override
        public boolean canSee(long customerId) {
            return true;
        }
    }
}
