package io.cloacina.packaging;

import io.cloacina.error.PackageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ManifestReaderTest {

    @TempDir
    Path dir;

    private final ManifestReader reader = new ManifestReader();

    private PackageException failure(String json) {
        Path file = dir.resolve("manifest.json");
        PackageFixtures.write(file, json);
        PackageException e = assertThrows(PackageException.class, () -> reader.read(file));
        assertEquals(file, e.file());
        return e;
    }

    private void assertFieldProblem(String json, String field, String problem) {
        PackageException e = failure(json);
        assertEquals(field, e.field().orElseThrow());
        assertEquals(dir.resolve("manifest.json") + ": field '" + field + "': " + problem, e.getMessage());
    }

    @Test
    void readsEveryField() {
        Path file = dir.resolve("manifest.json");
        PackageFixtures.write(file, PackageFixtures.MANIFEST);
        PackageManifest manifest = reader.read(file);
        assertEquals(new PackageManifest("orders", "1.2.0", "Order pipeline", "orders.pipeline", ">=3.10"), manifest);
    }

    @Test
    void optionalFieldsMayBeAbsentAndUnknownFieldsAreIgnored() {
        Path file = dir.resolve("manifest.json");
        PackageFixtures.write(file, """
                {"format_version":"2","language":"python","future":{"x":1},
                 "package":{"name":"p","version":"0.1","authors":["a"]},"python":{"entry_module":"main"}}""");
        PackageManifest manifest = reader.read(file);
        assertNull(manifest.description());
        assertNull(manifest.requiresPython());
        assertEquals("main", manifest.entryModule());
    }

    @Test
    void missingEntryModule() {
        assertFieldProblem("""
                {"format_version":"2","language":"python","package":{"name":"p","version":"1"},"python":{}}""",
                "python.entry_module", "missing");
    }

    @Test
    void missingFormatVersion() {
        assertFieldProblem("""
                {"language":"python","package":{"name":"p","version":"1"},"python":{"entry_module":"m"}}""",
                "format_version", "missing");
    }

    @Test
    void wrongFormatVersion() {
        assertFieldProblem("""
                {"format_version":"1","language":"python","package":{"name":"p","version":"1"},"python":{"entry_module":"m"}}""",
                "format_version", "must be \"2\", found \"1\"");
    }

    @Test
    void formatVersionAsNumberIsRefused() {
        assertFieldProblem("""
                {"format_version":2,"language":"python","package":{"name":"p","version":"1"},"python":{"entry_module":"m"}}""",
                "format_version", "must be \"2\", found a number 2");
    }

    @Test
    void wrongLanguage() {
        assertFieldProblem("""
                {"format_version":"2","language":"rust","package":{"name":"p","version":"1"},"python":{"entry_module":"m"}}""",
                "language", "must be \"python\", found \"rust\"");
    }

    @Test
    void missingPackageSection() {
        assertFieldProblem("""
                {"format_version":"2","language":"python","python":{"entry_module":"m"}}""",
                "package", "missing");
    }

    @Test
    void packageSectionMustBeAnObject() {
        assertFieldProblem("""
                {"format_version":"2","language":"python","package":"orders","python":{"entry_module":"m"}}""",
                "package", "must be a JSON object, found a string");
    }

    @Test
    void missingName() {
        assertFieldProblem("""
                {"format_version":"2","language":"python","package":{"version":"1"},"python":{"entry_module":"m"}}""",
                "package.name", "missing");
    }

    @Test
    void emptyName() {
        assertFieldProblem("""
                {"format_version":"2","language":"python","package":{"name":" ","version":"1"},"python":{"entry_module":"m"}}""",
                "package.name", "must not be empty");
    }

    @Test
    void missingVersion() {
        assertFieldProblem("""
                {"format_version":"2","language":"python","package":{"name":"p"},"python":{"entry_module":"m"}}""",
                "package.version", "missing");
    }

    @Test
    void versionMustBeAString() {
        assertFieldProblem("""
                {"format_version":"2","language":"python","package":{"name":"p","version":1.2},"python":{"entry_module":"m"}}""",
                "package.version", "must be a string, found a number");
    }

    @Test
    void descriptionMustBeAStringWhenPresent() {
        assertFieldProblem("""
                {"format_version":"2","language":"python","package":{"name":"p","version":"1","description":[]},
                 "python":{"entry_module":"m"}}""",
                "package.description", "must be a string, found an array");
    }

    @Test
    void missingPythonSection() {
        assertFieldProblem("""
                {"format_version":"2","language":"python","package":{"name":"p","version":"1"}}""",
                "python", "missing");
    }

    @Test
    void requiresPythonMustBeAStringWhenPresent() {
        assertFieldProblem("""
                {"format_version":"2","language":"python","package":{"name":"p","version":"1"},
                 "python":{"entry_module":"m","requires_python":3}}""",
                "python.requires_python", "must be a string, found a number");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "orders/pipeline | 'orders/pipeline' is not a dotted Python module name (each part must be an ASCII identifier)",
            "orders..pipeline | 'orders..pipeline' is not a dotted Python module name (each part must be an ASCII identifier)",
            ".orders | '.orders' is not a dotted Python module name (each part must be an ASCII identifier)",
            "1orders | '1orders' is not a dotted Python module name (each part must be an ASCII identifier)",
            "orders.class | 'orders.class' is not importable: 'class' is a Python keyword",
    })
    void entryModuleMustBeADottedModuleName(String module, String problem) {
        assertFieldProblem("""
                {"format_version":"2","language":"python","package":{"name":"p","version":"1"},
                 "python":{"entry_module":"%s"}}""".formatted(module),
                "python.entry_module", problem);
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        PackageException e = failure("{\"format_version\":\"2\",\n  \"language\": python}");
        assertEquals(null, e.field().orElse(null));
        String prefix = dir.resolve("manifest.json") + ": malformed JSON at line 2, column ";
        assertEquals(prefix, e.getMessage().substring(0, prefix.length()), e.getMessage());
    }

    @Test
    void duplicateKeysAreMalformed() {
        PackageException e = failure("""
                {"format_version":"2","format_version":"3"}""");
        assertEquals(true, e.getMessage().contains("malformed JSON at line 1"), e.getMessage());
        assertEquals(true, e.getMessage().contains("format_version"), e.getMessage());
    }

    @Test
    void topLevelMustBeAnObject() {
        PackageException e = failure("[1,2]");
        assertEquals(dir.resolve("manifest.json") + ": must be a JSON object, found an array", e.getMessage());
    }

    @Test
    void emptyFile() {
        PackageException e = failure("");
        assertEquals(dir.resolve("manifest.json") + ": is empty, expected a JSON object", e.getMessage());
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("manifest.json");
        PackageException e = assertThrows(PackageException.class, () -> reader.read(file));
        assertEquals(file + ": not found: every package needs a manifest.json (or Cloacina's package.toml)", e.getMessage());
    }
}
