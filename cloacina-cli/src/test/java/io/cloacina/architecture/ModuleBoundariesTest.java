package io.cloacina.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module layout is the architecture: the API knows no backend, backends know only the API (never each
 * other, the CLI or the TCK), and the CLI reaches backends only through the SPI and ServiceLoader.
 */
@DisplayName("module boundaries")
class ModuleBoundariesTest {

    private static final String SUBPROCESS = "io.cloacina.python.subprocess..";
    private static final String JEP = "io.cloacina.python.jep..";
    private static final String GRAAL = "io.cloacina.python.graal..";
    private static final String CLI = "io.cloacina.cli..";
    private static final String TCK = "io.cloacina.tck..";

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cloacina");

    @Test
    void the_subprocess_backend_depends_on_no_other_backend() {
        noClasses().that().resideInAPackage(SUBPROCESS)
                .should().dependOnClassesThat().resideInAnyPackage(JEP, GRAAL, CLI, TCK, "jep..", "org.graalvm..")
                .as("cloacina-python-subprocess depends only on the API").check(classes);
    }

    @Test
    void the_jep_backend_depends_on_no_other_backend() {
        noClasses().that().resideInAPackage(JEP)
                .should().dependOnClassesThat().resideInAnyPackage(SUBPROCESS, GRAAL, CLI, TCK, "org.graalvm..")
                .as("cloacina-python-jep depends only on the API and Jep").check(classes);
    }

    @Test
    void the_graal_backend_depends_on_no_other_backend() {
        noClasses().that().resideInAPackage(GRAAL)
                .should().dependOnClassesThat().resideInAnyPackage(SUBPROCESS, JEP, CLI, TCK, "jep..")
                .as("cloacina-python-graal depends only on the API and GraalPy").check(classes);
    }

    @Test
    void the_cli_reaches_backends_only_through_the_spi() {
        noClasses().that().resideInAPackage(CLI)
                .should().dependOnClassesThat().resideInAnyPackage(SUBPROCESS, JEP, GRAAL, TCK, "jep..", "org.graalvm..")
                .as("the CLI chooses backends with ServiceLoader, never by class").check(classes);
    }

    @Test
    void the_api_knows_no_backend() {
        noClasses().that().resideInAnyPackage("io.cloacina.context..", "io.cloacina.error..", "io.cloacina.pkg..",
                        "io.cloacina.spi..", "io.cloacina.runtime..", "io.cloacina.python", "io.cloacina.runner..")
                .should().dependOnClassesThat().resideInAnyPackage(SUBPROCESS, JEP, GRAAL, CLI, TCK)
                .as("cloacina-api knows no backend, the CLI or the TCK").check(classes);
    }
}
