package dev.agentbank.customers.tools;

import dev.agentbank.customers.application.CustomerDirectory;
import dev.agentbank.identity.Capability;
import dev.agentbank.tools.Effect;
import dev.agentbank.tools.ToolModule;
import dev.agentbank.tools.ToolPolicy;
import dev.agentbank.tools.ToolRefusal;
import dev.agentbank.tools.ToolScope;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.util.List;

/** Customer lookups. */
public final class CustomerTools {
    private static final int MAX_PAGE = 100;

    private final ToolScope scope;
    private final CustomerDirectory customers;

    public CustomerTools(ToolScope scope, CustomerDirectory customers) {
        this.scope = scope;
        this.customers = customers;
    }

    public static ToolModule module(CustomerDirectory customers) {
        return ToolModule.of(CustomerTools.class, scope -> new CustomerTools(scope, customers));
    }

    @Tool(name = "get_customer", value = "Returns a customer's id, name, email and since when they are a customer. Customers may omit customer_id.")
    @ToolPolicy(requires = Capability.READ_CUSTOMERS, effect = Effect.READ, title = "Get customer")
    public CustomerViews.CustomerView getCustomer(
            @P(value = "Customer id; omit to mean the signed-in customer.", required = false) Long customer_id) {
        return CustomerViews.CustomerView.of(customers.visible(scope.principal(), customers.resolve(scope.principal(), customer_id)));
    }

    @Tool(name = "register_customer", value = """
            Registers a new customer with full name and optional email, before opening accounts for them. \
            Check list_customers first so the same person is not registered twice.""")
    @ToolPolicy(requires = Capability.REGISTER_CUSTOMERS, effect = Effect.WRITE, title = "Register customer")
    public CustomerViews.CustomerView registerCustomer(
            @P("The customer's full name, e.g. \"Ada Lovelace\".") String full_name,
            @P(value = "The customer's email address.", required = false) String email) {
        return CustomerViews.CustomerView.of(customers.register(scope.principal().actor(), full_name, email));
    }

    @Tool(name = "list_customers", value = "Lists customers in id order. When next_offset is present, call again with offset = next_offset.")
    @ToolPolicy(requires = Capability.LIST_CUSTOMERS, effect = Effect.READ, title = "List customers")
    public CustomerViews.CustomerList listCustomers(
            @P(value = "Customers per page, 1 to 100; default 20.", required = false) Integer limit,
            @P(value = "How many customers to skip; default 0.", required = false) Integer offset) {
        int pageSize = limit == null ? 20 : limit;
        int skip = offset == null ? 0 : offset;
        if (pageSize < 1 || pageSize > MAX_PAGE) {
            throw new ToolRefusal("limit must be from 1 to " + MAX_PAGE + ".");
        }
        if (skip < 0) {
            throw new ToolRefusal("offset must be 0 or more.");
        }
        List<CustomerViews.CustomerView> page = customers.list(pageSize + 1, skip).stream()
                .map(CustomerViews.CustomerView::of).toList();
        boolean more = page.size() > pageSize;
        return new CustomerViews.CustomerList(more ? page.subList(0, pageSize) : page, more ? skip + pageSize : null);
    }
}
