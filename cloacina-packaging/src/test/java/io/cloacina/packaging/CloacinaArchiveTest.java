package io.cloacina.packaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cloacina's own {@code .cloacina} archives are bzip2-compressed tars; ours used to be gzip. Both open, and
 * so do zips whose symbolic links only the central directory records.
 */
class CloacinaArchiveTest {

    @TempDir
    Path tmp;

    @Test
    void aBzip2TarWrittenByPythonOpens() throws Exception {
        Path source = PackageArchiverTest.richPackage(tmp.resolve("orders"));
        Path archive = tmp.resolve("orders.cloacina");
        python("import sys, tarfile\nwith tarfile.open(sys.argv[1], 'w:bz2') as t:\n    t.add(sys.argv[2], arcname='.')\n",
                archive.toString(), source.toString());
        try (OpenedPackage opened = new PackageReader().open(archive)) {
            assertEquals(PackageArchiverTest.contents(source), PackageArchiverTest.contents(opened.pythonPackage().root()));
        }
    }

    @Test
    void aGzipTarNamedCloacinaStillOpens() throws Exception {
        Path source = PackageArchiverTest.richPackage(tmp.resolve("orders"));
        Path archive = tmp.resolve("orders.cloacina");
        python("import sys, tarfile\nwith tarfile.open(sys.argv[1], 'w:gz') as t:\n    t.add(sys.argv[2], arcname='.')\n",
                archive.toString(), source.toString());
        try (OpenedPackage opened = new PackageReader().open(archive)) {
            assertEquals(PackageArchiverTest.contents(source), PackageArchiverTest.contents(opened.pythonPackage().root()));
        }
    }

    @Test
    void aZipSymlinkIsRefusedAsALink() throws Exception {
        Path source = PackageArchiverTest.richPackage(tmp.resolve("orders"));
        Path archive = tmp.resolve("orders.zip");
        // Info-ZIP style: the link's Unix mode in the central directory's external attributes, target as data.
        python(String.join("\n",
                "import os, sys, zipfile",
                "with zipfile.ZipFile(sys.argv[1], 'w') as z:",
                "    for folder, _, files in os.walk(sys.argv[2]):",
                "        for name in files:",
                "            path = os.path.join(folder, name)",
                "            z.write(path, os.path.relpath(path, sys.argv[2]))",
                "    link = zipfile.ZipInfo('workflow/escape')",
                "    link.external_attr = (0o120777 << 16)",
                "    z.writestr(link, '../../../etc')",
                ""), archive.toString(), source.toString());
        io.cloacina.error.PackageException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.cloacina.error.PackageException.class, () -> new PackageReader().open(archive));
        assertTrue(e.getMessage().endsWith("entry 'workflow/escape': symbolic link to '../../../etc' refused: "
                + "packages may not contain links"), e.getMessage());
    }

    /** A package as Cloacina 0.12 lays it out: package.toml, workflow/<module>/tasks.py, a vendored helper. */
    private static Path cloacinaPackage(Path dir, String toml) throws IOException {
        Files.createDirectories(dir.resolve("workflow/acme_etl"));
        Files.createDirectories(dir.resolve("vendor/helper"));
        Files.writeString(dir.resolve("package.toml"), toml);
        Files.writeString(dir.resolve("workflow/acme_etl/__init__.py"), "");
        Files.writeString(dir.resolve("workflow/acme_etl/tasks.py"), "import cloaca\n\n@cloaca.task(id='extract')\n"
                + "def extract(context):\n    return context\n");
        Files.writeString(dir.resolve("vendor/helper/__init__.py"), "");
        return dir;
    }

    private static final String MINIMAL_TOML = """
            [package]
            name = "acme-etl"
            version = "1.2.0"

            [metadata]
            language = "python"
            workflow_name = "nightly"
            """;

    @Test
    void aPackageTomlFolderOpensWithCloacinasDefaults() throws Exception {
        Path dir = cloacinaPackage(tmp.resolve("acme"), MINIMAL_TOML);
        try (OpenedPackage opened = new PackageReader().open(dir)) {
            assertEquals("acme-etl", opened.pythonPackage().name());
            assertEquals("1.2.0", opened.pythonPackage().version());
            // Cloacina's registry default: the name with '-' as '_', plus .tasks
            assertEquals("acme_etl.tasks", opened.pythonPackage().entryModule());
            assertEquals("nightly", opened.manifest().workflow());
            assertTrue(opened.pythonPackage().vendor().isPresent());
        }
    }

    @Test
    void aCloacinaArchiveWithItsNameVersionFolderOpens() throws Exception {
        Path dir = cloacinaPackage(tmp.resolve("acme"), MINIMAL_TOML + "entry_module = \"acme_etl.tasks\"\n");
        Path archive = tmp.resolve("acme-etl-1.2.0.cloacina");
        // As Cloacina's packer writes it: bzip2, everything inside {name}-{version}/.
        python("import sys, tarfile\nwith tarfile.open(sys.argv[1], 'w:bz2') as t:\n"
                + "    t.add(sys.argv[2], arcname='acme-etl-1.2.0')\n", archive.toString(), dir.toString());
        try (OpenedPackage opened = new PackageReader().open(archive)) {
            assertEquals("acme_etl.tasks", opened.pythonPackage().entryModule());
            assertTrue(Files.isRegularFile(opened.pythonPackage().sourceDir().resolve("acme_etl/tasks.py")));
        }
    }

    @Test
    void aModuleShadowingTheStandardLibraryIsRefusedBeforeAnyImport() throws Exception {
        Path dir = cloacinaPackage(tmp.resolve("acme"), MINIMAL_TOML);
        Files.writeString(dir.resolve("workflow/json.py"), "loads = None\n");
        io.cloacina.error.PackageException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.cloacina.error.PackageException.class, () -> new PackageReader().open(dir));
        assertEquals(dir.resolve("workflow/json.py") + ": shadows the standard library's 'json' module: refused "
                + "before anything is imported (Cloacina refuses it too); rename it", e.getMessage());
        Files.delete(dir.resolve("workflow/json.py"));
        Files.createDirectories(dir.resolve("vendor/subprocess"));
        e = org.junit.jupiter.api.Assertions.assertThrows(io.cloacina.error.PackageException.class,
                () -> new PackageReader().open(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("vendor/subprocess") + ": shadows the standard library's "
                + "'subprocess' module"), e.getMessage());
    }

    @Test
    void badPackageTomlFieldsAreNamed() throws Exception {
        Path unknown = cloacinaPackage(tmp.resolve("unknown"), MINIMAL_TOML + "package_type = \"python\"\n");
        assertEquals(unknown.resolve("package.toml") + ": field 'metadata.package_type': unknown field", firstPart(unknown));
        Path noVersion = cloacinaPackage(tmp.resolve("noversion"), "[package]\nname = \"x\"\n");
        assertTrue(firstPart(noVersion).startsWith(noVersion.resolve("package.toml") + ": field 'package.version'"), firstPart(noVersion));
        Path rust = cloacinaPackage(tmp.resolve("rust"), MINIMAL_TOML.replace("\"python\"", "\"rust\""));
        assertTrue(firstPart(rust).contains("field 'metadata.language': must be 'python', found 'rust'"), firstPart(rust));
        Path both = cloacinaPackage(tmp.resolve("both"), MINIMAL_TOML);
        Files.writeString(both.resolve("manifest.json"), "{}");
        assertTrue(firstPart(both).contains("holds both manifest.json and package.toml"), firstPart(both));
        Path broken = cloacinaPackage(tmp.resolve("broken"), "[package\nname=");
        assertTrue(firstPart(broken).startsWith(broken.resolve("package.toml") + ": malformed TOML"), firstPart(broken));
    }

    /** The refusal's message up to the first " (", or whole. */
    private static String firstPart(Path dir) {
        io.cloacina.error.PackageException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.cloacina.error.PackageException.class, () -> new PackageReader().open(dir));
        String message = e.getMessage();
        int cut = message.indexOf(" (");
        return cut < 0 ? message : message.substring(0, cut);
    }

    private static void python(String code, String... args) throws IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("python3", "-c", code));
        command.addAll(java.util.List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "python did not finish");
        assertEquals(0, process.exitValue(), output);
        assertTrue(Files.exists(Path.of(args[0])));
    }
}
