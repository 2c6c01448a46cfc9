package dev.agentbank.mcp;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The MCP server is a front end: it uses tools and application services, never a context's JDBC adapter. */
class McpArchitectureTest {
    private static final JavaClasses MCP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.agentbank.mcp");

    /** The shared database (pool, embedded server) is infrastructure every process opens, not a context's adapter. */
    private static final DescribedPredicate<JavaClass> A_CONTEXTS_JDBC_ADAPTER = resideInAPackage("dev.agentbank..jdbc..")
            .and(not(resideInAPackage("dev.agentbank.shared.jdbc..")));

    @Test
    void usesNoJdbcAdapterOfAnyContext() {
        // The bench is not the product path: it creates its own scratch database and tokens to measure.
        noClasses().that().resideInAPackage("dev.agentbank.mcp..").and().doNotHaveSimpleName("McpBench")
                .should().dependOnClassesThat(A_CONTEXTS_JDBC_ADAPTER)
                .because("front ends go through tools and application services").check(MCP);
    }

    @Test
    void neverImportsTheChatAssistant() {
        noClasses().that().resideInAPackage("dev.agentbank.mcp..")
                .should().dependOnClassesThat().resideInAPackage("dev.agentbank.chat..")
                .because("the chat and MCP modules never import each other").check(MCP);
    }
}
