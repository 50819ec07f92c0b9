package io.cloacina.packaging;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Archives made by another implementation (CPython's tarfile and zipfile) load, and ours read back in CPython.
 * Skipped, saying so, where no python3 is on the PATH.
 */
class PythonTarInteropTest {

    @TempDir
    Path tmp;

    private static String python;

    @BeforeAll
    static void findPython() {
        for (String candidate : List.of("python3", "python")) {
            try {
                Result r = run(List.of(candidate, "-c", "import sys; print(sys.version_info >= (3, 8))"));
                if (r.exit == 0 && r.out.strip().equals("True")) {
                    python = candidate;
                    return;
                }
            } catch (IOException e) {
                // not on PATH; try the next name
            }
        }
    }

    private record Result(int exit, String out) {
    }

    private static Result run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            // Reading all output first cannot block forever: the script is short and the pipe is drained.
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IOException("timed out: " + command);
            }
            return new Result(process.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            process.destroyForcibly();
        }
    }

    private String python(String script, String... args) throws IOException {
        assumeTrue(python != null, "no python3 on the PATH: cannot check interoperability with CPython's tarfile");
        List<String> command = new ArrayList<>(List.of(python, "-c", script));
        command.addAll(List.of(args));
        Result r = run(command);
        assertEquals(0, r.exit, r.out);
        return r.out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"pax", "gnu", "ustar"})
    void loadsTarsWrittenByCPython(String format) throws IOException {
        Path source = PackageArchiverTest.richPackage(tmp.resolve("orders"));
        Path archive = tmp.resolve("orders-" + format + ".tar.gz");
        python("""
                import sys, tarfile
                fmt = {"pax": tarfile.PAX_FORMAT, "gnu": tarfile.GNU_FORMAT, "ustar": tarfile.USTAR_FORMAT}[sys.argv[1]]
                with tarfile.open(sys.argv[2], "w:gz", format=fmt) as t:
                    t.add(sys.argv[3], arcname="orders-1.2.0")
                """, format, archive.toString(), source.toString());
        try (OpenedPackage opened = new PackageReader(ExtractionLimits.DEFAULT, tmp.resolve("x")).open(archive)) {
            assertEquals(PackageArchiverTest.contents(source), PackageArchiverTest.contents(opened.pythonPackage().root()));
        }
    }

    @Test
    void loadsZipsWrittenByCPython() throws IOException {
        Path source = PackageArchiverTest.richPackage(tmp.resolve("orders"));
        Path archive = tmp.resolve("orders.zip");
        python("""
                import os, sys, zipfile
                root = sys.argv[2]
                with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
                    for folder, dirs, files in os.walk(root):
                        for name in dirs + files:
                            path = os.path.join(folder, name)
                            z.write(path, os.path.relpath(path, root))
                """, archive.toString(), source.toString());
        try (OpenedPackage opened = new PackageReader(ExtractionLimits.DEFAULT, tmp.resolve("x")).open(archive)) {
            assertEquals(PackageArchiverTest.contents(source), PackageArchiverTest.contents(opened.pythonPackage().root()));
        }
    }

    @Test
    void cpythonReadsWhatPackageArchiverWrites() throws IOException {
        Path source = PackageArchiverTest.richPackage(tmp.resolve("orders"));
        Path archive = tmp.resolve("orders.cloacina");
        new PackageArchiver().archive(source, archive);
        Path out = tmp.resolve("by-python");
        // The 'data' filter (3.12, backported to 3.11.4) also refuses anything unsafe, a check of our headers.
        python("""
                import sys, tarfile
                with tarfile.open(sys.argv[1], "r:bz2") as t:
                    if hasattr(tarfile, "data_filter"):
                        t.extractall(sys.argv[2], filter="data")
                    else:
                        t.extractall(sys.argv[2])
                """, archive.toString(), out.toString());
        assertEquals(PackageArchiverTest.contents(source), PackageArchiverTest.contents(out));
    }

    @Test
    void cpythonFindsThePackageWhereCloacinasUnpackerLooks() throws IOException {
        Path source = CloacinaLayoutArchiverTest.cloacinaPackage(tmp.resolve("src"));
        Path archive = tmp.resolve("acme.cloacina");
        new PackageArchiver().archive(source, archive);
        Path out = tmp.resolve("by-python");
        // Cloacina's unpacker uses the first folder directly under the root that holds package.toml, and never
        // looks at the root itself: exactly one such folder, and no package.toml at the root.
        String report = python("""
                import os, sys, tarfile
                with tarfile.open(sys.argv[1], "r:bz2") as t:
                    for member in t.getmembers():
                        print("ENTRY " + member.name + ("/" if member.isdir() else ""))
                    if hasattr(tarfile, "data_filter"):
                        t.extractall(sys.argv[2], filter="data")
                    else:
                        t.extractall(sys.argv[2])
                root = sys.argv[2]
                found = [d for d in sorted(os.listdir(root))
                         if os.path.isdir(os.path.join(root, d)) and os.path.isfile(os.path.join(root, d, "package.toml"))]
                print("FOUND " + ",".join(found))
                print("AT_ROOT " + str(os.path.exists(os.path.join(root, "package.toml"))))
                """, archive.toString(), out.toString());
        List<String> entries = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (String line : report.strip().split("\n")) {
            (line.startsWith("ENTRY ") ? entries : other).add(line);
        }
        List<String> expected = new ArrayList<>(List.of("ENTRY " + CloacinaLayoutArchiverTest.FOLDER + "/"));
        CloacinaLayoutArchiverTest.KEPT.forEach(name -> expected.add("ENTRY " + CloacinaLayoutArchiverTest.FOLDER + "/" + name));
        assertEquals(expected, entries);
        assertEquals(List.of("FOUND " + CloacinaLayoutArchiverTest.FOLDER, "AT_ROOT False"), other);
        assertEquals(CloacinaLayoutArchiverTest.kept(source),
                PackageArchiverTest.contents(out.resolve(CloacinaLayoutArchiverTest.FOLDER)));
    }
}
