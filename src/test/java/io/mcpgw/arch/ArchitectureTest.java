package io.mcpgw.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Package rules, checked on the compiled classes (fully qualified uses included): the OAuth core
 * ({@code io.mcpgw.oauth..}), the access guard ({@code io.mcpgw.access..}) and the async failure helper
 * ({@code io.mcpgw.concurrent..}) use neither Camel nor Vert.x, and the sub-packages of {@code io.mcpgw.mcp} depend on
 * each other without cycles (the root package {@code io.mcpgw.mcp} wires them and is used by none of them).
 */
class ArchitectureTest {
    static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.mcpgw");
    }

    @Test
    void theOAuthCoreHasNoCamelOrVertxDependency() {
        noClasses().that().resideInAPackage("io.mcpgw.oauth..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "io.vertx..")
                .check(main);
    }

    @Test
    void theAccessGuardAndTheAsyncFailureHelperHaveNoCamelOrVertxDependency() {
        noClasses().that().resideInAnyPackage("io.mcpgw.access..", "io.mcpgw.concurrent..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "io.vertx..")
                .check(main);
    }

    @Test
    void mcpSubPackagesAreFreeOfCycles() {
        slices().matching("io.mcpgw.mcp.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void noMcpSubPackageDependsOnTheBridgeThatWiresThem() {
        noClasses().that().resideInAPackage("io.mcpgw.mcp.*..")
                .should().dependOnClassesThat().resideInAPackage("io.mcpgw.mcp")
                .check(main);
    }
}
