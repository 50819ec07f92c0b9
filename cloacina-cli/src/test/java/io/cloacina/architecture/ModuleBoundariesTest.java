package io.cloacina.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The module boundaries, checked on the production classes of every module (the CLI's test class path holds
 * them all). Each rule is one line of the architecture: api <- packaging, bridge <- runner, backends; the CLI
 * on top; backends reached only through the SPI.
 */
@DisplayName("module boundaries")
class ModuleBoundariesTest {

    private static final String[] API = {"io.cloacina.context..", "io.cloacina.error..", "io.cloacina.spi..",
            "io.cloacina.runtime.."};
    private static final String[] BACKENDS = {"io.cloacina.python.subprocess..", "io.cloacina.python.jep..",
            "io.cloacina.python.graal.."};

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cloacina");

    @Test
    void the_api_depends_on_no_other_module() {
        noClasses().that().resideInAnyPackage(API).should().dependOnClassesThat().resideInAnyPackage(
                        "io.cloacina.packaging..", "io.cloacina.bridge..", "io.cloacina.runner..", "io.cloacina.python..",
                        "io.cloacina.cli..", "io.cloacina.tck..", "io.cloacina.bench..", "jep..", "org.graalvm..")
                .as("cloacina-api (context, error, spi, runtime) depends on no other Cloacina module")
                .check(CLASSES);
    }

    @Test
    void packaging_depends_only_on_the_api() {
        noClasses().that().resideInAPackage("io.cloacina.packaging..").should().dependOnClassesThat()
                .resideInAnyPackage("io.cloacina.bridge..", "io.cloacina.runner..", "io.cloacina.python..",
                        "io.cloacina.cli..")
                .as("cloacina-packaging depends only on cloacina-api")
                .check(CLASSES);
    }

    @Test
    void the_bridge_depends_only_on_the_api() {
        noClasses().that().resideInAPackage("io.cloacina.bridge..").should().dependOnClassesThat()
                .resideInAnyPackage("io.cloacina.packaging..", "io.cloacina.runner..", "io.cloacina.python..",
                        "io.cloacina.cli..")
                .as("cloacina-bridge depends only on cloacina-api")
                .check(CLASSES);
    }

    @Test
    void the_runner_knows_no_package_format_and_no_backend() {
        noClasses().that().resideInAPackage("io.cloacina.runner..").should().dependOnClassesThat()
                .resideInAnyPackage("io.cloacina.packaging..", "io.cloacina.python..", "io.cloacina.cli..")
                .as("cloacina-runner runs any backend through the SPI and reads no package itself")
                .check(CLASSES);
    }

    @Test
    void backends_depend_on_the_api_and_the_bridge_only() {
        noClasses().that().resideInAnyPackage(BACKENDS).should().dependOnClassesThat()
                .resideInAnyPackage("io.cloacina.packaging..", "io.cloacina.runner..", "io.cloacina.cli..",
                        "io.cloacina.tck..")
                .as("a backend needs the API and the bridge, nothing of the packaging, runner or CLI")
                .check(CLASSES);
    }

    @Test
    void backends_do_not_know_each_other() {
        slices().matching("io.cloacina.python.(*)..").should().notDependOnEachOther()
                .as("backends are interchangeable: none uses another")
                .check(CLASSES);
    }

    @Test
    void each_backend_uses_only_its_own_python_library() {
        noClasses().that().resideInAPackage("io.cloacina.python.subprocess..").should().dependOnClassesThat()
                .resideInAnyPackage("jep..", "org.graalvm..").as("the subprocess backend needs neither Jep nor GraalPy")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.cloacina.python.jep..").should().dependOnClassesThat()
                .resideInAnyPackage("org.graalvm..").as("the Jep backend does not need GraalPy").check(CLASSES);
        noClasses().that().resideInAPackage("io.cloacina.python.graal..").should().dependOnClassesThat()
                .resideInAnyPackage("jep..").as("the GraalPy backend does not need Jep").check(CLASSES);
        noClasses().that().resideInAnyPackage("io.cloacina.cli..", "io.cloacina.runner..", "io.cloacina.packaging..")
                .should().dependOnClassesThat().resideInAnyPackage("jep..", "org.graalvm..")
                .as("only backends touch a Python library").check(CLASSES);
    }

    @Test
    void the_cli_reaches_backends_only_through_the_spi() {
        noClasses().that().resideInAPackage("io.cloacina.cli..").should().dependOnClassesThat()
                .resideInAnyPackage(BACKENDS)
                .as("the CLI selects backends with ServiceLoader, never by class")
                .check(CLASSES);
    }

    @Test
    void only_cloacina_temporal_and_the_cli_know_temporal() {
        noClasses().that().resideInAnyPackage("io.cloacina.context..", "io.cloacina.error..", "io.cloacina.spi..",
                        "io.cloacina.runtime..", "io.cloacina.packaging..", "io.cloacina.bridge..", "io.cloacina.runner..",
                        "io.cloacina.python..", "io.cloacina.tck..")
                .should().dependOnClassesThat().resideInAnyPackage("io.temporal..", "io.grpc..", "io.cloacina.temporal..")
                .as("the core modules and the backends run without Temporal; only cloacina-temporal (and the CLI) use it")
                .check(CLASSES);
    }

    @Test
    void cloacina_temporal_uses_the_runner_and_the_api_only() {
        noClasses().that().resideInAPackage("io.cloacina.temporal..").should().dependOnClassesThat()
                .resideInAnyPackage("io.cloacina.packaging..", "io.cloacina.cli..", "io.cloacina.python..")
                .as("cloacina-temporal drives the runner's decisions over the SPI: no package format, no backend, no CLI")
                .check(CLASSES);
    }

    @Test
    void no_package_cycles() {
        slices().matching("io.cloacina.(*)..").should().beFreeOfCycles()
                .as("Cloacina's packages form no cycle")
                .check(CLASSES);
    }
}
