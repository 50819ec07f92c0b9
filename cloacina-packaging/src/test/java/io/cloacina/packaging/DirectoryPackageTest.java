package io.cloacina.packaging;

import io.cloacina.spi.PackageFormat;
import io.cloacina.spi.PythonPackage;

import io.cloacina.error.PackageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectoryPackageTest {

    @TempDir
    Path dir;

    private final PackageReader loader = new PackageReader();

    @Test
    void loadsAFolderAndLeavesItInPlaceOnClose() {
        Path root = PackageFixtures.validPackage(dir.resolve("orders"));
        OpenedPackage opened = loader.open(root);
        PythonPackage pkg = opened.pythonPackage();
        assertEquals(new PythonPackage("orders", "1.2.0", root, root.resolve("workflow"),
                root.resolve("vendor"), "orders.pipeline", PackageFormat.MANIFEST, "orders", ">=3.10"), pkg);
        assertEquals("Order pipeline", opened.manifest().description());
        assertTrue(opened.extractionDir().isEmpty());
        opened.close();
        assertTrue(Files.isRegularFile(root.resolve("workflow/orders/pipeline.py")));
    }

    @Test
    void vendorIsOptional() throws IOException {
        Path root = PackageFixtures.validPackage(dir.resolve("orders"));
        FileTrees.deleteRecursively(root.resolve("vendor"));
        try (OpenedPackage opened = loader.open(root)) {
            assertNull(opened.pythonPackage().vendorDir());
        }
    }

    @Test
    void entryModuleMayBeAPackageInit() throws IOException {
        Path root = PackageFixtures.validPackage(dir.resolve("orders"));
        Files.delete(root.resolve("workflow/orders/pipeline.py"));
        PackageFixtures.write(root.resolve("workflow/orders/pipeline/__init__.py"), PackageFixtures.PIPELINE);
        try (OpenedPackage opened = loader.open(root)) {
            assertEquals("orders.pipeline", opened.pythonPackage().entryModule());
        }
    }

    @Test
    void relativePathsAreMadeAbsolute() {
        Path root = PackageFixtures.validPackage(dir.resolve("orders"));
        Path relative = Path.of("").toAbsolutePath().relativize(root);
        try (OpenedPackage opened = loader.open(relative)) {
            assertEquals(root, opened.pythonPackage().root());
        }
    }

    @Test
    void missingManifest() throws IOException {
        Path root = PackageFixtures.validPackage(dir.resolve("orders"));
        Files.delete(root.resolve("manifest.json"));
        PackageException e = assertThrows(PackageException.class, () -> loader.open(root));
        assertEquals(root.resolve("manifest.json") + ": not found: every package needs a manifest.json (or Cloacina's package.toml)",
                e.getMessage());
    }

    @Test
    void missingWorkflowFolder() throws IOException {
        Path root = PackageFixtures.validPackage(dir.resolve("orders"));
        FileTrees.deleteRecursively(root.resolve("workflow"));
        PackageException e = assertThrows(PackageException.class, () -> loader.open(root));
        assertEquals(root.resolve("workflow")
                + ": missing: a package keeps its Python sources in a workflow/ folder", e.getMessage());
    }

    @Test
    void entryModuleFileMissing() throws IOException {
        Path root = PackageFixtures.validPackage(dir.resolve("orders"));
        Files.delete(root.resolve("workflow/orders/pipeline.py"));
        PackageException e = assertThrows(PackageException.class, () -> loader.open(root));
        assertEquals(root.resolve("manifest.json") + ": field 'python.entry_module': module 'orders.pipeline' "
                + "not found: looked for workflow/orders/pipeline.py and workflow/orders/pipeline/__init__.py",
                e.getMessage());
    }

    @Test
    void vendorMustBeAFolder() throws IOException {
        Path root = PackageFixtures.validPackage(dir.resolve("orders"));
        FileTrees.deleteRecursively(root.resolve("vendor"));
        PackageFixtures.write(root.resolve("vendor"), "not a folder");
        PackageException e = assertThrows(PackageException.class, () -> loader.open(root));
        assertEquals(root.resolve("vendor") + ": must be a folder", e.getMessage());
    }

    @Test
    void missingPath() {
        Path nowhere = dir.resolve("nowhere");
        PackageException e = assertThrows(PackageException.class, () -> loader.open(nowhere));
        assertEquals(nowhere + ": no such file or folder", e.getMessage());
    }
}
