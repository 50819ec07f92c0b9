package io.cloacina.packaging;

import io.cloacina.error.PackageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PackageArchiverTest {

    @TempDir
    Path tmp;

    private final PackageArchiver archiver = new PackageArchiver();

    static final String LONG_PATH = "workflow/orders/" + "deeply_nested_folder/".repeat(7) + "module.py";
    static final String UNICODE_PATH = "workflow/orders/données.py";

    /** A package with vendor/, a name over 100 bytes, a non-ASCII name, an empty folder and a 200 kB file. */
    static Path richPackage(Path dir) throws IOException {
        PackageFixtures.validPackage(dir);
        PackageFixtures.write(dir.resolve(LONG_PATH), "LONG = True\n");
        PackageFixtures.write(dir.resolve(UNICODE_PATH), "ACCENT = 'é'\n");
        PackageFixtures.write(dir.resolve("workflow/orders/data.txt"), "0123456789".repeat(20_000));
        Files.createDirectories(dir.resolve("workflow/empty"));
        return dir;
    }

    /** Relative path → content ("/" for folders) of everything under {@code root}. */
    static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                if (path.equals(root)) {
                    continue;
                }
                String name = root.relativize(path).toString().replace('\\', '/');
                files.put(name, Files.isDirectory(path) ? "/" : Files.readString(path));
            }
        }
        return files;
    }

    @Test
    void roundTripsThroughTheLoader() throws IOException {
        Path source = richPackage(tmp.resolve("orders"));
        Path archive = tmp.resolve("orders.cloacina");
        archiver.archive(source, archive);
        try (OpenedPackage opened = new PackageReader(ExtractionLimits.DEFAULT, tmp.resolve("extract")).open(archive)) {
            assertEquals(contents(source), contents(opened.pythonPackage().root()));
            assertEquals("orders.pipeline", opened.pythonPackage().entryModule());
            assertEquals(opened.pythonPackage().root().resolve("vendor"), opened.pythonPackage().vendorDir());
        }
    }

    @Test
    void sameFolderGivesSameBytes() throws IOException {
        Path source = richPackage(tmp.resolve("orders"));
        archiver.archive(source, tmp.resolve("a.cloacina"));
        archiver.archive(source, tmp.resolve("b.cloacina"));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a.cloacina")), Files.readAllBytes(tmp.resolve("b.cloacina")));
        assertFalse(Files.exists(tmp.resolve("a.cloacina.part")));
    }

    @Test
    void refusesAnInvalidPackage() throws IOException {
        Path source = PackageFixtures.validPackage(tmp.resolve("orders"));
        Files.delete(source.resolve("workflow/orders/pipeline.py"));
        Path archive = tmp.resolve("orders.cloacina");
        PackageException e = assertThrows(PackageException.class, () -> archiver.archive(source, archive));
        assertTrue(e.getMessage().contains("field 'python.entry_module': module 'orders.pipeline' not found"),
                e.getMessage());
        assertFalse(Files.exists(archive));
    }

    @Test
    void refusesLinks() throws IOException {
        Path source = PackageFixtures.validPackage(tmp.resolve("orders"));
        Path link = source.resolve("workflow/alias");
        try {
            Files.createSymbolicLink(link, source.resolve("workflow/orders"));
        } catch (UnsupportedOperationException | IOException e) {
            org.junit.jupiter.api.Assumptions.abort("this file system cannot create symbolic links: " + e);
        }
        Path archive = tmp.resolve("orders.cloacina");
        PackageException e = assertThrows(PackageException.class, () -> archiver.archive(source, archive));
        assertEquals(link + ": is a link: packages may not contain links", e.getMessage());
        assertFalse(Files.exists(archive));
        assertFalse(Files.exists(tmp.resolve("orders.cloacina.part")));
    }

    @Test
    void refusesATargetInsideThePackage() {
        Path source = PackageFixtures.validPackage(tmp.resolve("orders"));
        Path archive = source.resolve("self.cloacina");
        PackageException e = assertThrows(PackageException.class, () -> archiver.archive(source, archive));
        assertEquals(archive + ": the archive cannot be written inside the package it archives (it would end up in "
                + "the next archive): write it outside " + source, e.getMessage());
    }
}
