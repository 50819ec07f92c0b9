package io.cloacina.packaging;

import io.cloacina.error.PackageException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PackageArchiver} in both layouts: a {@code package.toml} package as Cloacina's packer writes it (bzip2
 * at block size 9, one {@code {name}-{version}/} folder, {@code target/} and {@code .git/} left out), a
 * {@code manifest.json} package at the archive's root as before.
 */
class CloacinaLayoutArchiverTest {

    @TempDir
    Path tmp;

    private final PackageArchiver archiver = new PackageArchiver();

    static final String TOML = """
            [package]
            name = "acme-etl"
            version = "0.4.0"
            interface = "cloacina-workflow-plugin"
            interface_version = 1

            [metadata]
            language = "python"
            workflow_name = "nightly"
            """;

    static final String FOLDER = "acme-etl-0.4.0";

    /** What the archive of {@link #cloacinaPackage} holds, in order, without the folder prefix. */
    static final List<String> KEPT = List.of(
            "package.sig",
            "package.toml",
            "vendor/",
            "vendor/helper/",
            "vendor/helper/__init__.py",
            "workflow/",
            "workflow/acme_etl/",
            "workflow/acme_etl/__init__.py",
            "workflow/acme_etl/target", // a file named target: only folders are left out
            "workflow/acme_etl/tasks.py",
            "workflow/acme_etl/x/",
            "workflow/acme_etl/x/keep.py");

    /**
     * A Cloacina-format package with a signature, and build output and version control at several depths that
     * must stay out of the archive (one of them holding a link, which would otherwise be refused).
     */
    static Path cloacinaPackage(Path dir) throws IOException {
        PackageFixtures.write(dir.resolve("package.toml"), TOML);
        PackageFixtures.write(dir.resolve("package.sig"), "signature bytes\n");
        PackageFixtures.write(dir.resolve("workflow/acme_etl/__init__.py"), "");
        PackageFixtures.write(dir.resolve("workflow/acme_etl/tasks.py"),
                "import cloaca\n\n@cloaca.task(id='extract')\ndef extract(context):\n    return context\n");
        PackageFixtures.write(dir.resolve("workflow/acme_etl/target"), "a file, not a folder\n");
        PackageFixtures.write(dir.resolve("workflow/acme_etl/x/keep.py"), "KEEP = 1\n");
        PackageFixtures.write(dir.resolve("workflow/acme_etl/x/target/built.py"), "BUILT = 1\n");
        PackageFixtures.write(dir.resolve("vendor/helper/__init__.py"), "");
        PackageFixtures.write(dir.resolve("vendor/.git/config"), "[core]\n");
        PackageFixtures.write(dir.resolve("target/release/libacme.so"), "not really\n");
        PackageFixtures.write(dir.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        try {
            Files.createSymbolicLink(dir.resolve("target/latest"), dir.resolve("target/release"));
        } catch (UnsupportedOperationException | IOException e) {
            // Without links the skipped folders are still checked; only the link inside one is not.
        }
        return dir;
    }

    record Entry(String name, TarArchiveEntry header, String text) {
    }

    static List<Entry> readTar(Path archive) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
             TarArchiveInputStream tar = new TarArchiveInputStream(new BZip2CompressorInputStream(file),
                     StandardCharsets.UTF_8.name())) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String text = entry.isDirectory() ? null : new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                entries.add(new Entry(entry.getName(), entry, text));
            }
        }
        return entries;
    }

    static List<String> names(Path archive) throws IOException {
        return readTar(archive).stream().map(Entry::name).toList();
    }

    @Test
    void aPackageTomlPackageIsLaidOutAsCloacinasPackerDoes() throws IOException {
        Path source = cloacinaPackage(tmp.resolve("src"));
        Path archive = tmp.resolve("out.cloacina");
        archiver.archive(source, archive);

        byte[] bytes = Files.readAllBytes(archive);
        assertEquals("BZh9", new String(bytes, 0, 4, StandardCharsets.US_ASCII), "bzip2 at the best level (block size 9)");

        List<String> expected = new ArrayList<>(List.of(FOLDER + "/"));
        KEPT.forEach(name -> expected.add(FOLDER + "/" + name));
        List<Entry> entries = readTar(archive);
        assertEquals(expected, entries.stream().map(Entry::name).toList());

        for (Entry entry : entries) {
            assertEquals(0, entry.header().getModTime().getTime(), entry.name());
            assertEquals(entry.header().isDirectory() ? 0755 : 0644, entry.header().getMode() & 07777, entry.name());
            assertEquals("", entry.header().getUserName(), entry.name());
            assertEquals(0, entry.header().getLongUserId(), entry.name());
            if (!entry.header().isDirectory()) {
                String relative = entry.name().substring(FOLDER.length() + 1);
                assertEquals(Files.readString(source.resolve(relative)), entry.text(), entry.name());
            }
        }
        assertEquals("signature bytes\n", entries.stream().filter(e -> e.name().equals(FOLDER + "/package.sig"))
                .findFirst().orElseThrow().text());
    }

    @Test
    void aPackageTomlWithoutTheFieldsCloacinasPackerRequiresIsNotArchivedForCloacina() throws IOException {
        Path source = cloacinaPackage(tmp.resolve("src"));
        // We read it (interface defaults), but Cloacina's packer and loader would refuse it.
        Files.writeString(source.resolve("package.toml"), TOML.replace("interface_version = 1\n", ""));
        Path archive = tmp.resolve("out.cloacina");
        PackageException refused = assertThrows(PackageException.class, () -> archiver.archive(source, archive));
        assertEquals("package.interface_version", refused.field().orElse(null), refused.getMessage());
        assertTrue(refused.getMessage().contains("interface_version = 1"), refused.getMessage());
        assertFalse(Files.exists(archive));
        // Our own layout does not need them.
        archiver.archive(source, archive, ArchiveLayout.MANIFEST);
        assertTrue(Files.isRegularFile(archive));
    }

    @Test
    void eachFoldersEntriesFollowItInNameOrder() throws IOException {
        Path source = cloacinaPackage(tmp.resolve("src"));
        // '-' sorts before '/': sorting whole names would put x-y.py between x/ and x/keep.py.
        PackageFixtures.write(source.resolve("workflow/acme_etl/x-y.py"), "");
        PackageFixtures.write(source.resolve("workflow/acme_etl/A.py"), "");
        Path archive = tmp.resolve("out.cloacina");
        archiver.archive(source, archive);
        String folder = FOLDER + "/workflow/acme_etl/";
        assertEquals(List.of("A.py", "__init__.py", "target", "tasks.py", "x/", "x/keep.py", "x-y.py"),
                names(archive).stream().filter(name -> name.startsWith(folder) && !name.equals(folder))
                        .map(name -> name.substring(folder.length())).toList());
    }

    @Test
    void theSameFolderGivesTheSameBytesWhereverAndWheneverItIsArchived() throws IOException {
        Path first = cloacinaPackage(tmp.resolve("one/src"));
        Path second = cloacinaPackage(tmp.resolve("two/elsewhere"));
        try (Stream<Path> walk = Files.walk(second)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                if (!Files.isSymbolicLink(path)) {
                    Files.setLastModifiedTime(path, FileTime.fromMillis(1_600_000_000_000L));
                }
            }
        }
        archiver.archive(first, tmp.resolve("a.cloacina"));
        archiver.archive(first, tmp.resolve("b.cloacina"));
        archiver.archive(second, tmp.resolve("c.cloacina"));
        byte[] a = Files.readAllBytes(tmp.resolve("a.cloacina"));
        assertArrayEquals(a, Files.readAllBytes(tmp.resolve("b.cloacina")));
        assertArrayEquals(a, Files.readAllBytes(tmp.resolve("c.cloacina")), "another folder, other times, same package");
        assertFalse(Files.exists(tmp.resolve("a.cloacina.part")));
    }

    @Test
    void theReaderGetsBackWhatWasArchived() throws IOException {
        Path source = cloacinaPackage(tmp.resolve("src"));
        Path archive = tmp.resolve("out.cloacina");
        archiver.archive(source, archive);
        try (OpenedPackage opened = new PackageReader(ExtractionLimits.DEFAULT, tmp.resolve("extract")).open(archive)) {
            assertEquals(FOLDER, opened.pythonPackage().root().getFileName().toString());
            assertEquals(kept(source), PackageArchiverTest.contents(opened.pythonPackage().root()));
            assertEquals("acme_etl.tasks", opened.pythonPackage().entryModule());
            assertEquals("nightly", opened.manifest().workflow());
        }
    }

    /** The source's contents without the folders the archiver leaves out. */
    static Map<String, String> kept(Path source) throws IOException {
        Map<String, String> kept = new TreeMap<>();
        PackageArchiverTest.contents(source).forEach((name, text) -> {
            boolean skipped = Arrays.stream(name.split("/")).anyMatch(part -> part.equals(".git")
                    || (part.equals("target") && !name.equals("workflow/acme_etl/target")));
            if (!skipped) {
                kept.put(name, text);
            }
        });
        assertEquals(KEPT.size(), kept.size(), kept::toString);
        return kept;
    }

    @Test
    void aManifestJsonPackageKeepsTheRootLayout() throws IOException {
        Path source = PackageFixtures.validPackage(tmp.resolve("orders"));
        PackageFixtures.write(source.resolve("workflow/orders/target/out.txt"), "built\n");
        PackageFixtures.write(source.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Path archive = tmp.resolve("orders.cloacina");
        archiver.archive(source, archive);
        assertEquals("BZh9", new String(Files.readAllBytes(archive), 0, 4, StandardCharsets.US_ASCII));
        assertEquals(List.of("manifest.json", "vendor/", "vendor/helper.py", "workflow/", "workflow/orders/",
                "workflow/orders/__init__.py", "workflow/orders/pipeline.py"), names(archive));

        Path forced = tmp.resolve("forced.cloacina");
        archiver.archive(source, forced, ArchiveLayout.MANIFEST);
        assertArrayEquals(Files.readAllBytes(archive), Files.readAllBytes(forced));
    }

    @Test
    void theManifestLayoutCanBeForcedOnAPackageTomlPackage() throws IOException {
        Path source = cloacinaPackage(tmp.resolve("src"));
        Path archive = tmp.resolve("out.cloacina");
        archiver.archive(source, archive, ArchiveLayout.MANIFEST);
        assertEquals(KEPT, names(archive));
        try (OpenedPackage opened = new PackageReader(ExtractionLimits.DEFAULT, tmp.resolve("extract")).open(archive)) {
            assertEquals(kept(source), PackageArchiverTest.contents(opened.pythonPackage().root()));
        }
    }

    @Test
    void cloacinasLayoutIsRefusedForAManifestJsonPackage() {
        Path source = PackageFixtures.validPackage(tmp.resolve("orders"));
        Path archive = tmp.resolve("orders.cloacina");
        PackageException e = assertThrows(PackageException.class,
                () -> archiver.archive(source, archive, ArchiveLayout.CLOACINA));
        assertEquals(source.resolve("manifest.json") + ": Cloacina's archive layout needs a package.toml (Cloacina "
                + "cannot read manifest.json): replace it with a package.toml, or use the manifest layout", e.getMessage());
        assertFalse(Files.exists(archive));
    }

    @Test
    void theDefaultFileNameIsNameDashVersion() throws IOException {
        assertEquals("acme-etl-0.4.0.cloacina", archiver.defaultFileName(cloacinaPackage(tmp.resolve("src"))));
        assertEquals("orders-1.2.0.cloacina", archiver.defaultFileName(PackageFixtures.validPackage(tmp.resolve("orders"))));
    }

    @Test
    void aNameThatIsNotOnePathSegmentIsRefused() throws IOException {
        Path source = cloacinaPackage(tmp.resolve("src"));
        PackageFixtures.write(source.resolve("package.toml"), TOML.replace("\"acme-etl\"", "\"acme/../../etl\"")
                + "entry_module = \"acme_etl.tasks\"\n");
        Path archive = tmp.resolve("out.cloacina");
        PackageException e = assertThrows(PackageException.class, () -> archiver.archive(source, archive));
        assertEquals(source.resolve("package.toml") + ": field 'package.name': contains '/', so it cannot name the "
                + "archive's {name}-{version} folder and file", e.getMessage());
        assertFalse(Files.exists(archive));
        assertThrows(PackageException.class, () -> archiver.defaultFileName(source));
    }

    @Test
    void aBrokenPackageTomlIsNamedAndNothingIsWritten() throws IOException {
        Path source = cloacinaPackage(tmp.resolve("src"));
        PackageFixtures.write(source.resolve("package.toml"), TOML + "package_type = \"python\"\n");
        Path archive = tmp.resolve("out.cloacina");
        PackageException e = assertThrows(PackageException.class, () -> archiver.archive(source, archive));
        assertTrue(e.getMessage().startsWith(source.resolve("package.toml") + ": field 'metadata.package_type': "
                + "unknown field"), e.getMessage());
        assertFalse(Files.exists(archive));
    }

    @Test
    void anArchiveReachedThroughALinkToThePackageIsStillInside() throws IOException {
        Path source = cloacinaPackage(tmp.resolve("src"));
        Path alias = tmp.resolve("alias");
        try {
            Files.createSymbolicLink(alias, source);
        } catch (UnsupportedOperationException | IOException e) {
            org.junit.jupiter.api.Assumptions.abort("this file system cannot create symbolic links: " + e);
        }
        Path archive = alias.resolve("self.cloacina");
        PackageException e = assertThrows(PackageException.class, () -> archiver.archive(source, archive));
        assertTrue(e.getMessage().contains("the archive cannot be written inside the package it archives"), e.getMessage());
        assertFalse(Files.exists(source.resolve("self.cloacina")));
    }

    @Test
    void aFolderAsTheTargetIsRefused() throws IOException {
        Path source = cloacinaPackage(tmp.resolve("src"));
        Path folder = Files.createDirectories(tmp.resolve("out"));
        PackageException e = assertThrows(PackageException.class, () -> archiver.archive(source, folder));
        assertEquals(folder + ": is a folder: give the archive's file name", e.getMessage());
        assertTrue(Files.isDirectory(folder));
    }
}
