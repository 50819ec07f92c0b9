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
