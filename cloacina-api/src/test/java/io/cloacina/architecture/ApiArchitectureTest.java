package io.cloacina.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@DisplayName("cloacina-api architecture")
class ApiArchitectureTest {

    private final JavaClasses api = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cloacina");

    @Test
    void the_api_knows_no_backend_and_no_front_end() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "io.cloacina.python.subprocess..", "io.cloacina.python.jep..", "io.cloacina.python.graal..",
                        "io.cloacina.cli..", "io.cloacina.tck..", "jep..", "org.graalvm..")
                .as("cloacina-api depends on no backend, the CLI or the TCK")
                .check(api);
    }

    @Test
    void the_api_packages_have_no_cycles() {
        slices().matching("io.cloacina.(*)..").should().beFreeOfCycles()
                .as("API packages (context, error, pkg, spi, runtime, python, runner) form no cycle")
                .check(api);
    }
}
