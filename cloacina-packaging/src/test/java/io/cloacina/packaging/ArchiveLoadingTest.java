package io.cloacina.packaging;

import io.cloacina.spi.PythonPackage;

import io.cloacina.error.PackageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchiveLoadingTest {

    @TempDir
    Path tmp;

    private Path extractionParent() {
        return tmp.resolve("extract");
    }

    private PackageReader loader() {
        return new PackageReader(ExtractionLimits.DEFAULT, extractionParent());
    }

    private void assertValidOrders(OpenedPackage opened) throws IOException {
        PythonPackage pkg = opened.pythonPackage();
        assertEquals("orders", pkg.name());
        assertEquals("1.2.0", pkg.version());
        assertEquals("orders.pipeline", pkg.entryModule());
        assertEquals(pkg.root().resolve("workflow"), pkg.sourceDir());
        assertEquals(PackageFixtures.PIPELINE, Files.readString(pkg.sourceDir().resolve("orders/pipeline.py")));
        Path extraction = opened.extractionDir().orElseThrow();
        assertEquals(extractionParent(), extraction.getParent());
        assertTrue(pkg.root().startsWith(extraction));
    }

    private long filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.count();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders.cloacina", "orders.tar.gz", "orders.tgz", "ORDERS.TAR.GZ"})
    void gzipTarAtTheRoot(String fileName) throws IOException {
        Path archive = new TestTar().validPackage("").file("vendor/helper.py", "X = 1\n")
                .writeTarGz(tmp.resolve(fileName));
        try (OpenedPackage opened = loader().open(archive)) {
            assertValidOrders(opened);
            assertEquals(opened.extractionDir().orElseThrow(), opened.pythonPackage().root());
            assertEquals(opened.pythonPackage().root().resolve("vendor"), opened.pythonPackage().vendorDir());
        }
    }

    @Test
    void gzipTarInsideASingleTopFolderWithFolderEntries() throws IOException {
        Path archive = new TestTar().dir("orders-1.2.0/").dir("orders-1.2.0/workflow/")
                .dir("orders-1.2.0/workflow/orders/").validPackage("orders-1.2.0/")
                .writeTarGz(tmp.resolve("orders.tgz"));
        try (OpenedPackage opened = loader().open(archive)) {
            assertValidOrders(opened);
            assertEquals("orders-1.2.0", opened.pythonPackage().root().getFileName().toString());
            assertNull(opened.pythonPackage().vendorDir());
        }
    }

    @Test
    void zipAtTheRoot() throws IOException {
        Path archive = new TestZip().validPackage("").write(tmp.resolve("orders.zip"));
        try (OpenedPackage opened = loader().open(archive)) {
            assertValidOrders(opened);
        }
    }

    @Test
    void zipInsideASingleTopFolderNextToFinderMetadata() throws IOException {
        Path archive = new TestZip().dir("orders/").validPackage("orders/")
                .file("__MACOSX/orders/._manifest.json", "resource fork").write(tmp.resolve("orders.zip"));
        try (OpenedPackage opened = loader().open(archive)) {
            assertValidOrders(opened);
            assertEquals("orders", opened.pythonPackage().root().getFileName().toString());
        }
    }

    @Test
    void dotSlashNamesAsWrittenByTarDashC() throws IOException {
        Path archive = new TestTar().dir("./").validPackage("./").writeTarGz(tmp.resolve("orders.cloacina"));
        try (OpenedPackage opened = loader().open(archive)) {
            assertValidOrders(opened);
        }
    }

    @Test
    void gnuLongNamesAndPaxPathsAreApplied() throws IOException {
        String deep = "workflow/" + "very_long_folder_name_/".repeat(6) + "module.py";
        String unicode = "workflow/données/été.py";
        Path archive = new TestTar().validPackage("")
                .gnuLongNameFile(deep, "deep = True\n")
                .paxFile(Map.of("path", unicode, "mtime", "1700000000.5"), "ignored-name", "accent = True\n")
                .writeTarGz(tmp.resolve("orders.cloacina"));
        try (OpenedPackage opened = loader().open(archive)) {
            Path root = opened.pythonPackage().root();
            assertEquals("deep = True\n", Files.readString(root.resolve(deep)));
            assertEquals("accent = True\n", Files.readString(root.resolve(unicode)));
            assertFalse(Files.exists(root.resolve("ignored-name")));
        }
    }

    @Test
    void fifosAndGlobalHeadersAreSkipped() throws IOException {
        Path archive = new TestTar().entry("pax_global_header", 'g', "", "19 comment=skipped\n".getBytes())
                .entry("workflow/pipe", '6', "", new byte[0])
                .entry("workflow/device", '3', "", new byte[0])
                .validPackage("").writeTarGz(tmp.resolve("orders.cloacina"));
        try (OpenedPackage opened = loader().open(archive)) {
            assertFalse(Files.exists(opened.pythonPackage().sourceDir().resolve("pipe")));
            assertFalse(Files.exists(opened.pythonPackage().sourceDir().resolve("device")));
            assertFalse(Files.exists(opened.pythonPackage().root().resolve("pax_global_header")));
            assertValidOrders(opened);
        }
    }

    @Test
    void closeDeletesTheExtractionAndIsIdempotent() throws IOException {
        Path archive = new TestTar().validPackage("pkg/").writeTarGz(tmp.resolve("orders.cloacina"));
        OpenedPackage opened = loader().open(archive);
        Path extraction = opened.extractionDir().orElseThrow();
        assertTrue(Files.isRegularFile(opened.pythonPackage().root().resolve("manifest.json")));
        opened.close();
        assertFalse(Files.exists(extraction));
        assertEquals(0, filesUnder(extractionParent()));
        opened.close();
        assertTrue(Files.isRegularFile(archive), "the archive itself is kept");
    }

    @Test
    void eachLoadGetsItsOwnFolder() throws IOException {
        Path archive = new TestZip().validPackage("").write(tmp.resolve("orders.zip"));
        try (OpenedPackage first = loader().open(archive); OpenedPackage second = loader().open(archive)) {
            assertFalse(first.pythonPackage().root().equals(second.pythonPackage().root()));
        }
        assertEquals(0, filesUnder(extractionParent()));
    }

    @Test
    void manifestErrorsInsideAnArchiveNameTheArchive() throws IOException {
        Path archive = new TestTar().file("orders/manifest.json", """
                {"format_version":"2","language":"python","package":{"name":"p","version":"1"},"python":{}}""")
                .file("orders/workflow/m.py", "").writeTarGz(tmp.resolve("orders.cloacina"));
        PackageException e = assertThrows(PackageException.class, () -> loader().open(archive));
        assertEquals(archive + "!/orders/manifest.json: field 'python.entry_module': missing", e.getMessage());
        assertEquals(0, filesUnder(extractionParent()));
    }

    @Test
    void missingWorkflowInsideAnArchive() throws IOException {
        Path archive = new TestZip().file("manifest.json", PackageFixtures.MANIFEST).write(tmp.resolve("o.zip"));
        PackageException e = assertThrows(PackageException.class, () -> loader().open(archive));
        assertEquals(archive + "!/workflow: missing: a package keeps its Python sources in a workflow/ folder",
                e.getMessage());
        assertEquals(0, filesUnder(extractionParent()));
    }

    @Test
    void noManifestAtTheTopOrInOneFolder() throws IOException {
        Path archive = new TestTar().validPackage("a/").validPackage("b/").writeTarGz(tmp.resolve("two.tgz"));
        PackageException e = assertThrows(PackageException.class, () -> loader().open(archive));
        assertEquals(archive + ": no manifest.json or package.toml at the top of the archive or inside a single top-level folder",
                e.getMessage());
        assertEquals(0, filesUnder(extractionParent()));
    }

    @Test
    void unknownExtension() throws IOException {
        Path file = tmp.resolve("orders.rar");
        Files.writeString(file, "not a package");
        PackageException e = assertThrows(PackageException.class, () -> loader().open(file));
        assertEquals(file + ": not a package: expected a folder or a .cloacina, .tar.gz, .tgz, .tar.bz2, .tbz2 or .zip archive",
                e.getMessage());
    }

    @Test
    void gzipExtensionOnSomethingElse() throws IOException {
        Path file = tmp.resolve("orders.tar.gz");
        Files.writeString(file, "plain text, not gzip");
        PackageException e = assertThrows(PackageException.class, () -> loader().open(file));
        assertEquals(file + ": not a gzip- or bzip2-compressed tar archive (the file starts with neither "
                + "compression's signature)", e.getMessage());
        assertEquals(0, filesUnder(extractionParent()));
    }

    @Test
    void zipExtensionOnSomethingElse() throws IOException {
        Path file = tmp.resolve("orders.zip");
        Files.write(file, new TestTar().validPackage("").tarGz());
        PackageException e = assertThrows(PackageException.class, () -> loader().open(file));
        assertTrue(e.getMessage().startsWith(file + ": not a zip archive, or a corrupt one ("), e.getMessage());
    }

    @Test
    void gzipOfSomethingThatIsNotTar() throws IOException {
        Path file = tmp.resolve("orders.cloacina");
        byte[] text = new byte[1024];
        java.util.Arrays.fill(text, (byte) 'a');
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text);
        }
        PackageException e = assertThrows(PackageException.class, () -> loader().open(file));
        assertTrue(e.getMessage().startsWith(file + ": corrupt archive: "), e.getMessage());
        assertEquals(0, filesUnder(extractionParent()));
    }

    @Test
    void truncatedArchive() throws IOException {
        byte[] whole = new TestTar().validPackage("").file("workflow/big.py", "x".repeat(50_000)).tarGz();
        Path file = tmp.resolve("orders.cloacina");
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));
        PackageException e = assertThrows(PackageException.class, () -> loader().open(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertEquals(0, filesUnder(extractionParent()));
    }
}
