package dev.agentbank;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules of agent-tools: bounded contexts without cycles, domain models free of infrastructure,
 * no context reading another's tables, and HTTP only where the provider is called.
 */
class ArchitectureTest {
    /** The bounded contexts and the shared kernel; app, demo, bench and sandbox sit outside and may use them all. */
    static final List<String> CONTEXTS = List.of(
            "shared", "identity", "audit", "customers", "accounts", "ledger", "approvals", "onboarding", "tools", "jobs", "lending", "payments", "fraud");

    /**
     * The one exception: a posting locks its accounts and updates their balances in its own transaction (that is
     * what makes it exact under concurrency), so the ledger's SQL reads account rows through the accounts' mapper.
     */
    private static final String ACCOUNT_ROWS = "dev.agentbank.accounts.jdbc.AccountRows";

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("dev.agentbank");
    }

    @Test
    void importsTheDomainItChecks() {
        assertThat(classes.contain("dev.agentbank.shared.money.Money")).isTrue();
        assertThat(classes.contain("dev.agentbank.ledger.model.Commands")).isTrue();
        assertThat(classes.contain("dev.agentbank.accounts.model.Account")).isTrue();
        assertThat(classes.contain(ArchitectureTest.class)).isFalse();
    }

    @Test
    void contextsFormNoCycles() {
        slices().matching("dev.agentbank.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void modelsKnowNoInfrastructure() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.agentbank..model..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "jakarta.persistence..",
                        "org.hibernate..", "okhttp3..", "dev.langchain4j..", "io.modelcontextprotocol..",
                        "dev.agentbank..jdbc..", "dev.agentbank..http..", "dev.agentbank..application..", "dev.agentbank..tools..")
                .because("business rules must stay testable without a database, a network or a model");
        rule.check(classes);
    }

    @Test
    void sharedValuesAndIdentityKnowNoFrameworks() {
        ArchRule rule = noClasses().that().resideInAnyPackage("dev.agentbank.shared.money..", "dev.agentbank.shared.text..")
                .or().resideInAPackage("dev.agentbank.identity")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.hibernate..", "jakarta.persistence..", "okhttp3..", "dev.langchain4j..", "io.modelcontextprotocol..")
                .because("money and identity rules must stay testable and portable without any framework");
        rule.check(classes);
    }

    @Test
    void noContextReadsAnotherContextsTables() {
        for (String context : CONTEXTS) {
            ArchRule rule = noClasses().that().resideInAPackage("dev.agentbank." + context + "..")
                    .should().dependOnClassesThat(inAnotherContextsJdbcPackage(context))
                    .because("contexts talk through application services and events, never through each other's tables");
            rule.check(classes);
        }
    }

    @Test
    void onlyTheProviderClientsSpeakHttp() {
        ArchRule rule = noClasses().that().resideInAnyPackage("dev.agentbank.accounts..", "dev.agentbank.customers..",
                        "dev.agentbank.ledger..", "dev.agentbank.audit..", "dev.agentbank.shared..", "dev.agentbank.identity..",
                        "dev.agentbank.approvals..", "dev.agentbank.tools..", "dev.agentbank.lending..")
                // the provider clients' shared plumbing (timeouts, bearer header, retries), which knows no context,
                // and lending's adapter to the provider's credit bureau
                .and().resideOutsideOfPackages("dev.agentbank.shared.http..", "dev.agentbank.lending.http..")
                .should().dependOnClassesThat().resideInAnyPackage("okhttp3..", "com.sun.net.httpserver..", "dev.agentbank.onboarding..")
                .because("the ledger and its records must not know how accounts are opened at the provider, "
                        + "and lending's rules and use cases see the credit bureau only through their port");
        rule.check(classes);
    }

    @Test
    void theProductPathDoesNotUseDemoBenchOrSandbox() {
        ArchRule rule = noClasses().that().resideInAnyPackage(CONTEXTS.stream().map(c -> "dev.agentbank." + c + "..").toArray(String[]::new))
                .should().dependOnClassesThat().resideInAnyPackage("dev.agentbank.demo..", "dev.agentbank.bench..",
                        "dev.agentbank.sandbox..", "dev.agentbank.app..")
                .because("the sandbox provider, the demo data and the benches stand apart from the product path");
        rule.check(classes);
    }

    static DescribedPredicate<JavaClass> inAnotherContextsJdbcPackage(String context) {
        return DescribedPredicate.describe("in another context's jdbc package", target -> {
            String name = target.getPackageName();
            return name.startsWith("dev.agentbank.") && name.contains(".jdbc")
                    && !name.startsWith("dev.agentbank." + context + ".") && !name.startsWith("dev.agentbank.shared.jdbc")
                    && !(context.equals("ledger") && target.getName().equals(ACCOUNT_ROWS));
        });
    }
}
