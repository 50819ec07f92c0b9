package io.cloacina.tck;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** The kit knows only the API: a backend on its class path would be tested against itself by accident. */
class TckArchitectureTest {

    private final JavaClasses kit = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cloacina.tck");

    @Test
    void kitDependsOnlyOnTheApiJavaJunitJacksonAndSlf4j() {
        classes().that().resideInAPackage("io.cloacina.tck..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "io.cloacina.tck..", "io.cloacina.context..", "io.cloacina.error..", "io.cloacina.packaging..",
                        "io.cloacina.spi..", "io.cloacina.runtime..", "io.cloacina.python..",
                        "java..", "org.junit..", "com.fasterxml.jackson..", "org.slf4j..")
                .as("the TCK depends only on the Cloacina API, the JDK, JUnit, Jackson and SLF4J's API (never on a backend)")
                .check(kit);
    }
}
