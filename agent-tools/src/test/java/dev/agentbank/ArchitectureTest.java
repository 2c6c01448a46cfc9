package dev.agentbank;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The money and security types stay plain Java: no persistence, HTTP, model or protocol libraries. */
class ArchitectureTest {
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
        assertThat(classes.contain("dev.agentbank.money.Money")).isTrue();
        assertThat(classes.contain("dev.agentbank.security.Actor")).isTrue();
        assertThat(classes.contain(ArchitectureTest.class)).isFalse();
    }

    @Test
    void moneyAndSecurityDependOnNoFrameworks() {
        ArchRule rule = noClasses().that().resideInAnyPackage("dev.agentbank.money..", "dev.agentbank.security..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.hibernate..", "jakarta.persistence..", "okhttp3..", "dev.langchain4j..", "io.modelcontextprotocol..")
                .because("money and identity rules must stay testable and portable without any framework");
        rule.check(classes);
    }

    @Test
    void onlyTheProviderPackageSpeaksHttp() {
        ArchRule rule = noClasses().that().resideInAnyPackage("dev.agentbank.accounts..", "dev.agentbank.customers..",
                        "dev.agentbank.ledger..", "dev.agentbank.audit..", "dev.agentbank.money..", "dev.agentbank.security..")
                .should().dependOnClassesThat().resideInAnyPackage("okhttp3..", "com.sun.net.httpserver..", "dev.agentbank.provider..")
                .because("the ledger and its records must not know how accounts are opened at the provider");
        rule.check(classes);
    }

    @Test
    void moneyDoesNotDependOnPersistence() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.agentbank.money..")
                .should().dependOnClassesThat().resideInAPackage("dev.agentbank.persistence..");
        rule.check(classes);
    }
}
