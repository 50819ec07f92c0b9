package io.cloacina.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import io.cloacina.runtime.PythonRuntimes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code cloacina package}: the archive it writes runs as the folder does, a bad package is refused naming the
 * file and field, and stdout carries only the archive's path.
 */
class CliPackageTest {

    @TempDir
    Path temp;

    private static void assertNoStackTrace(Cli.Result result) {
        assertFalse(result.err().contains("\tat "), result::toString);
        assertFalse(result.err().contains("Exception:"), result::toString);
    }

    private static List<String> entryNames(Path archive) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream file = Files.newInputStream(archive);
             TarArchiveInputStream tar = new TarArchiveInputStream(new BZip2CompressorInputStream(file),
                     StandardCharsets.UTF_8.name())) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else if (!path.getFileName().toString().endsWith(".pyc")) {
                    Files.copy(path, target);
                }
            }
        }
        return to;
    }

    @Test
    void the_archive_of_a_cloacina_format_package_runs_as_the_folder_does() throws Exception {
        Cli.assumeSubprocessBackend();
        Path archive = temp.resolve("acme.cloacina");
        Cli.Result packed = Cli.run("package", Cli.example("cloacina-format"), "-o", archive.toString());
        assertEquals(0, packed.code(), packed::toString);
        assertEquals(archive + System.lineSeparator(), packed.out(), "stdout carries only the path written");
        assertEquals("BZh9", new String(Files.readAllBytes(archive), 0, 4, StandardCharsets.US_ASCII));
        List<String> names = entryNames(archive);
        assertEquals("acme-orders-0.3.0/", names.get(0));
        assertTrue(names.stream().allMatch(name -> name.startsWith("acme-orders-0.3.0/")), names::toString);
        assertTrue(names.contains("acme-orders-0.3.0/package.toml"), names::toString);

        Cli.Result fromFolder = Cli.run("run", Cli.example("cloacina-format"));
        Cli.Result fromArchive = Cli.run("run", archive.toString());
        assertEquals(0, fromFolder.code(), fromFolder::toString);
        assertEquals(0, fromArchive.code(), fromArchive::toString);
        JsonNode context = fromArchive.json();
        assertTrue(context.has("totals_cents"), fromArchive::toString);
        assertEquals(fromFolder.json(), context);
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"jep", "graal"})
    void the_archive_of_the_cloacina_example_gives_the_same_final_context_on_every_backend(String backend) {
        Cli.assumeSubprocessBackend();
        assumeTrue(PythonRuntimes.discover().stream().anyMatch(c -> c.name().equals(backend) && c.available()),
                () -> "backend " + backend + " is not available here: " + PythonRuntimes.discover());
        Path archive = temp.resolve("acme.cloacina");
        assertEquals(0, Cli.run("package", Cli.example("cloacina-format"), "-o", archive.toString()).code());
        Cli.Result reference = Cli.run("run", Cli.example("cloacina-format"));
        Cli.Result fromFolder = Cli.run("run", Cli.example("cloacina-format"), "--backend", backend);
        Cli.Result fromArchive = Cli.run("run", archive.toString(), "--backend", backend);
        assertEquals(0, fromFolder.code(), fromFolder::toString);
        assertEquals(0, fromArchive.code(), fromArchive::toString);
        assertTrue(fromArchive.err().contains("on backend '" + backend + "'"), fromArchive::toString);
        assertEquals(reference.json(), fromFolder.json(), "folder on " + backend + " vs folder on subprocess");
        assertEquals(reference.json(), fromArchive.json(), "archive on " + backend + " vs folder on subprocess");
    }

    @Test
    void an_existing_folder_as_output_gets_the_name_dash_version_file() {
        Cli.Result packed = Cli.run("package", Cli.example("cloacina-format"), "--output", temp.toString());
        assertEquals(0, packed.code(), packed::toString);
        Path expected = temp.resolve("acme-orders-0.3.0.cloacina");
        assertEquals(expected.toString(), packed.out().strip());
        assertTrue(Files.isRegularFile(expected));
    }

    @Test
    void a_manifest_json_package_in_the_manifest_format_keeps_the_root_layout_and_runs() throws Exception {
        Cli.assumeSubprocessBackend();
        Path archive = temp.resolve("etl.cloacina");
        Cli.Result packed = Cli.run("package", Cli.example("etl"), "--format", "manifest", "-o", archive.toString());
        assertEquals(0, packed.code(), packed::toString);
        assertEquals(archive.toString(), packed.out().strip());
        List<String> names = entryNames(archive);
        assertEquals("manifest.json", names.get(0), names::toString);
        assertTrue(names.contains("workflow/"), names::toString);

        Cli.Result fromArchive = Cli.run("run", archive.toString());
        assertEquals(0, fromArchive.code(), fromArchive::toString);
        assertEquals(Cli.run("run", Cli.example("etl")).json(), fromArchive.json());
    }

    @Test
    void the_cloacina_format_is_refused_for_a_manifest_json_package() {
        Path archive = temp.resolve("etl.cloacina");
        Cli.Result result = Cli.run("package", Cli.example("etl"), "--format", "cloacina", "-o", archive.toString());
        assertEquals(2, result.code(), result::toString);
        assertTrue(result.err().contains(Cli.EXAMPLES.resolve("etl/manifest.json") + ": Cloacina's archive layout "
                + "needs a package.toml"), result::toString);
        assertEquals("", result.out());
        assertFalse(Files.exists(archive));
    }

    @Test
    void a_broken_package_exits_2_naming_the_file_and_field() throws Exception {
        Path source = copy(Cli.EXAMPLES.resolve("cloacina-format"), temp.resolve("broken"));
        Path toml = source.resolve("package.toml");
        Files.writeString(toml, Files.readString(toml) + "package_type = \"python\"\n");
        Path archive = temp.resolve("broken.cloacina");
        Cli.Result result = Cli.run("package", source.toString(), "-o", archive.toString());
        assertEquals(2, result.code(), result::toString);
        assertTrue(result.err().contains(toml + ": field 'metadata.package_type': unknown field"), result::toString);
        assertEquals("", result.out());
        assertNoStackTrace(result);
        assertFalse(Files.exists(archive));

        Cli.Result manifest = Cli.run("package", Cli.pkg("badmanifest"), "-o", archive.toString());
        assertEquals(2, manifest.code(), manifest::toString);
        assertTrue(manifest.err().contains("manifest.json") && manifest.err().contains("python.entry_module"),
                manifest::toString);
        assertFalse(Files.exists(archive));
    }

    @Test
    void the_archive_may_not_be_written_inside_the_package() throws Exception {
        Path source = copy(Cli.EXAMPLES.resolve("cloacina-format"), temp.resolve("acme"));
        Cli.Result result = Cli.run("package", source.toString(), "-o", source.resolve("acme.cloacina").toString());
        assertEquals(2, result.code(), result::toString);
        assertTrue(result.err().contains("would be inside the package " + source), result::toString);
        assertFalse(Files.exists(source.resolve("acme.cloacina")));
        // An existing folder inside the package as the output is inside too.
        Cli.Result intoFolder = Cli.run("package", source.toString(), "-o", source.resolve("workflow").toString());
        assertEquals(2, intoFolder.code(), intoFolder::toString);
        assertEquals("", intoFolder.out());
    }

    @Test
    void usage_errors_exit_2() throws Exception {
        Cli.Result format = Cli.run("package", Cli.example("etl"), "--format", "zip", "-o", temp.resolve("x").toString());
        assertEquals(2, format.code(), format::toString);
        assertTrue(format.err().contains("--format must be cloacina or manifest, found 'zip'"), format::toString);
        assertFalse(Files.exists(temp.resolve("x")));

        Path file = Files.writeString(temp.resolve("not-a-folder.cloacina"), "x");
        Cli.Result notFolder = Cli.run("package", file.toString(), "-o", temp.resolve("y").toString());
        assertEquals(2, notFolder.code(), notFolder::toString);
        assertTrue(notFolder.err().contains(file + ": not a folder"), notFolder::toString);

        Cli.Result noParent = Cli.run("package", Cli.example("etl"), "-o", temp.resolve("no/such/x.cloacina").toString());
        assertEquals(2, noParent.code(), noParent::toString);
        assertTrue(noParent.err().contains("no such folder " + temp.resolve("no/such")), noParent::toString);

        Cli.Result missing = Cli.run("package");
        assertEquals(2, missing.code(), missing::toString);
        assertTrue(missing.err().contains("SOURCE_DIR"), missing::toString);
    }
}
