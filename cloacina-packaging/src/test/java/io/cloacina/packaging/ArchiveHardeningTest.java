package io.cloacina.packaging;

import io.cloacina.error.PackageException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile archives: each must be refused with a message naming the archive and the entry, leaving nothing in
 * the extraction parent and nothing outside it. The layout is {@code tmp/{archives,extract,...}} so a write
 * that escaped by one or two levels would land in {@code extract/} or {@code tmp/} and be seen.
 */
class ArchiveHardeningTest {

    @TempDir
    Path tmp;

    private Path archives;
    private Path extractionParent;
    private List<Path> before;

    @BeforeEach
    void layout() throws IOException {
        archives = Files.createDirectories(tmp.resolve("archives"));
        extractionParent = Files.createDirectories(tmp.resolve("extract"));
    }

    private PackageException refused(Path archive, ExtractionLimits limits) throws IOException {
        before = everythingUnder(tmp);
        PackageReader loader = new PackageReader(limits, extractionParent);
        PackageException e = assertThrows(PackageException.class, () -> loader.open(archive));
        assertEquals(archive, e.file());
        assertTrue(e.getMessage().startsWith(archive + ": "), e.getMessage());
        assertEquals(before, everythingUnder(tmp), "the failed extraction changed the file system");
        try (Stream<Path> left = Files.list(extractionParent)) {
            assertEquals(List.of(), left.toList(), "partial extraction left behind");
        }
        return e;
    }

    private PackageException refused(Path archive) throws IOException {
        return refused(archive, ExtractionLimits.DEFAULT);
    }

    private static List<Path> everythingUnder(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.sorted().toList();
        }
    }

    private Path tar(TestTar tar) {
        return tar.writeTarGz(archives.resolve("hostile.cloacina"));
    }

    private Path zip(TestZip zip) {
        return zip.write(archives.resolve("hostile.zip"));
    }

    @Test
    void parentTraversalInTar() throws IOException {
        Path archive = tar(new TestTar().validPackage("").file("../evil.py", "owned")
                .file("../../evil.py", "owned"));
        PackageException e = refused(archive);
        assertEquals(archive + ": entry '../evil.py': path leaves the package folder ('..' is not allowed)",
                e.getMessage());
    }

    @Test
    void traversalHiddenInsideAPath() throws IOException {
        PackageException e = refused(tar(new TestTar().validPackage("").file("workflow/../../evil.py", "owned")));
        assertTrue(e.getMessage().endsWith(
                "entry 'workflow/../../evil.py': path leaves the package folder ('..' is not allowed)"),
                e.getMessage());
    }

    @Test
    void parentTraversalInZip() throws IOException {
        Path archive = zip(new TestZip().validPackage("").file("../evil.py", "owned"));
        PackageException e = refused(archive);
        assertEquals(archive + ": entry '../evil.py': path leaves the package folder ('..' is not allowed)",
                e.getMessage());
    }

    @Test
    void backslashTraversalInZip() throws IOException {
        PackageException e = refused(zip(new TestZip().validPackage("").file("..\\evil.py", "owned")));
        // Commons Compress reads a zip's backslashes as the separators they were meant to be.
        assertTrue(e.getMessage().endsWith("entry '../evil.py': path leaves the package folder ('..' is not allowed)"),
                e.getMessage());
    }

    @Test
    void absolutePathInTar() throws IOException {
        String absolute = tmp.resolve("absolute.py").toString();
        Path archive = tar(new TestTar().validPackage("").file(absolute, "owned"));
        PackageException e = refused(archive);
        assertEquals(archive + ": entry '" + absolute + "': absolute path", e.getMessage());
    }

    @Test
    void absolutePathInPaxHeaderStaysInsideThePackage() throws IOException {
        // Commons Compress drops the leading '/' of a pax path (the header's own name field keeps it, and is
        // refused above): the file lands inside the package, never at the absolute path.
        Path absolute = tmp.resolve("absolute.py");
        Path archive = tar(new TestTar().validPackage("").paxFile(Map.of("path", absolute.toString()), "harmless.py", "owned"));
        try (OpenedPackage opened = new PackageReader(ExtractionLimits.DEFAULT, extractionParent).open(archive)) {
            assertFalse(Files.exists(absolute), "written at the absolute path");
            assertTrue(Files.exists(opened.pythonPackage().root().resolve(absolute.toString().substring(1))));
        }
    }

    @Test
    void traversalInGnuLongName() throws IOException {
        // Over 100 bytes so it needs the 'L' record, yet resolves to tmp/evil.py: were the guard ever broken,
        // this test must still not write outside its own temporary folder.
        String name = "a/".repeat(50) + "../".repeat(52) + "evil.py";
        PackageException e = refused(tar(new TestTar().validPackage("").gnuLongNameFile(name, "owned")));
        assertTrue(e.getMessage().contains("path leaves the package folder"), e.getMessage());
    }

    @Test
    void driveLetterInZip() throws IOException {
        PackageException e = refused(zip(new TestZip().validPackage("").file("C:/Windows/evil.py", "owned")));
        assertTrue(e.getMessage().endsWith("entry 'C:/Windows/evil.py': path starts with a drive letter"),
                e.getMessage());
    }

    @Test
    void symlinkEscapingThenWrittenThrough() throws IOException {
        // The classic: a link to outside, then a file "through" it.
        Path archive = tar(new TestTar().validPackage("").symlink("escape", "../../")
                .file("escape/evil.py", "owned"));
        PackageException e = refused(archive);
        assertEquals(archive + ": entry 'escape': symbolic link to '../../' refused: packages may not contain links",
                e.getMessage());
    }

    @Test
    void symlinkToAnAbsoluteTarget() throws IOException {
        PackageException e = refused(tar(new TestTar().validPackage("").symlink("workflow/passwd", "/etc/passwd")));
        assertTrue(e.getMessage().endsWith(
                "entry 'workflow/passwd': symbolic link to '/etc/passwd' refused: packages may not contain links"),
                e.getMessage());
    }

    @Test
    void symlinkInsideThePackageIsRefusedToo() throws IOException {
        // Policy: no links at all, so no later entry can ever write through one.
        PackageException e = refused(tar(new TestTar().validPackage("").symlink("workflow/alias", "orders")));
        assertTrue(e.getMessage().endsWith("symbolic link to 'orders' refused: packages may not contain links"),
                e.getMessage());
    }

    @Test
    void hardLink() throws IOException {
        PackageException e = refused(tar(new TestTar().validPackage("").hardLink("workflow/copy.py", "/etc/passwd")));
        assertTrue(e.getMessage().endsWith(
                "entry 'workflow/copy.py': hard link to '/etc/passwd' refused: packages may not contain links"),
                e.getMessage());
    }

    @Test
    void duplicateEntry() throws IOException {
        PackageException e = refused(tar(new TestTar().validPackage("")
                .file("workflow/orders/pipeline.py", "replaced")));
        assertTrue(e.getMessage().endsWith(
                "entry 'workflow/orders/pipeline.py': duplicate entry: the path was already written by an earlier entry"),
                e.getMessage());
    }

    @Test
    void fileWhereAFolderIsNeeded() throws IOException {
        PackageException e = refused(tar(new TestTar().validPackage("").file("vendor", "a file")
                .file("vendor/x.py", "")));
        assertTrue(e.getMessage().endsWith("entry 'vendor/x.py': 'vendor' is a file, not a folder"), e.getMessage());
    }

    @Test
    void tooManyEntries() throws IOException {
        TestTar tar = new TestTar().validPackage("");
        for (int i = 0; i < 10; i++) {
            tar.file("workflow/m" + i + ".py", "");
        }
        PackageException e = refused(tar(tar), new ExtractionLimits(1 << 20, 8, 1 << 20));
        assertTrue(e.getMessage().endsWith("entry 'workflow/m5.py': more than 8 entries "
                + "(raise ExtractionLimits.maxEntries if the package really is this big)"), e.getMessage());
    }

    @Test
    void tooManyEntriesInZip() throws IOException {
        TestZip zip = new TestZip().validPackage("");
        for (int i = 0; i < 10; i++) {
            zip.dir("workflow/d" + i);
        }
        PackageException e = refused(zip(zip), new ExtractionLimits(1 << 20, 8, 1 << 20));
        assertTrue(e.getMessage().contains("more than 8 entries"), e.getMessage());
    }

    @Test
    void singleEntryOverItsLimitInTar() throws IOException {
        PackageException e = refused(tar(new TestTar().validPackage("").file("workflow/big.py", "x".repeat(5000))),
                new ExtractionLimits(1 << 20, 100, 4096));
        assertTrue(e.getMessage().endsWith(
                "entry 'workflow/big.py': larger than 4096 bytes (ExtractionLimits.maxEntryBytes)"), e.getMessage());
    }

    @Test
    void singleEntryOverItsLimitInZipIsCaughtWhileStreaming() throws IOException {
        // ZipOutputStream declares no size up front for deflated entries: only counting written bytes catches it.
        PackageException e = refused(zip(new TestZip().validPackage("").file("workflow/big.py", "x".repeat(100_000))),
                new ExtractionLimits(1 << 20, 100, 4096));
        assertTrue(e.getMessage().endsWith(
                "entry 'workflow/big.py': larger than 4096 bytes (ExtractionLimits.maxEntryBytes)"), e.getMessage());
    }

    @Test
    void totalOverItsLimit() throws IOException {
        TestTar tar = new TestTar().validPackage("");
        for (int i = 0; i < 5; i++) {
            tar.file("workflow/part" + i + ".py", "#".repeat(3000));
        }
        PackageException e = refused(tar(tar), new ExtractionLimits(10_000, 100, 4096));
        assertTrue(e.getMessage().endsWith(
                "entry 'workflow/part3.py': archive expands to more than 10000 bytes (ExtractionLimits.maxTotalBytes)"),
                e.getMessage());
    }

    @Test
    void zipBombFailsFast() throws IOException {
        // 256 MiB of zeros deflates to about a quarter of a MiB; the limit is 1 MiB.
        Path archive = zip(new TestZip().validPackage("").zeros("workflow/bomb.bin", 256L << 20));
        assertTrue(Files.size(archive) < (1 << 20), "the test archive should be small: " + Files.size(archive));
        PackageException e = refused(archive, new ExtractionLimits(1 << 20, 100, 1L << 40));
        assertTrue(e.getMessage().endsWith(
                "entry 'workflow/bomb.bin': archive expands to more than 1048576 bytes (ExtractionLimits.maxTotalBytes)"),
                e.getMessage());
    }

    @Test
    void skippedEntriesStillCountTowardsTheTotal() throws IOException {
        // A FIFO is read past, not written; the bytes its header declares still cost: all tar data read,
        // headers and skipped data included, is bounded at twice the extraction limit.
        PackageException e = refused(tar(new TestTar().validPackage("")
                        .entry("workflow/pipe", '6', "", new byte[20_000])),
                new ExtractionLimits(10_000, 100, 1 << 20));
        assertTrue(e.getMessage().endsWith("archive expands to more than 20000 bytes of tar data "
                + "(2 x ExtractionLimits.maxTotalBytes)"), e.getMessage());
    }

    @Test
    void sparseFilesAreRefused() throws IOException {
        PackageException e = refused(tar(new TestTar().validPackage("").entry("workflow/sparse", 'S', "", new byte[512])));
        assertTrue(e.getMessage().endsWith("entry 'workflow/sparse': sparse file: not supported in packages"),
                e.getMessage());
    }

    @Test
    void nameTooLongForTheFileSystem() throws IOException {
        String name = "workflow/" + "n".repeat(4000) + ".py";
        PackageException e = refused(tar(new TestTar().validPackage("").paxFile(Map.of("path", name), "x.py", "")));
        assertTrue(e.getMessage().contains("entry '" + name + "': cannot be written: "), e.getMessage());
        assertTrue(!e.getMessage().contains(extractionParent.toString()), "names a deleted temporary path");
    }
}
