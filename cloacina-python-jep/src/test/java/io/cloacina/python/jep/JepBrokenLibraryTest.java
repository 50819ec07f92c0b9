package io.cloacina.python.jep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A native library that is there, of the right version, but cannot be loaded (Jep's most common failure,
 * UnsatisfiedLinkError): the first load says why, and the backend reports itself unavailable from then on.
 */
class JepBrokenLibraryTest {

    @Test
    void aLibraryThatCannotBeLoadedMakesTheBackendUnavailableWithTheReason(@TempDir Path dir) throws Exception {
        Path jepDir = Files.createDirectories(dir.resolve("site-packages/jep"));
        Path library = Files.writeString(jepDir.resolve("libjep.so"), "this is not an ELF file");
        Files.writeString(jepDir.resolve("version.py"), "__VERSION__ = '" + JepVersions.javaSide() + "'\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-D" + JepLocator.LIBRARY_PROPERTY + "=" + library, "-cp", System.getProperty("java.class.path"),
                BrokenLibraryChild.class.getName(), dir.resolve("pkg").toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        try {
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child JVM hung");
        } finally {
            child.destroyForcibly();
        }
        String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        assertTrue(out.contains("BEFORE true"), out); // found and versions match: nothing loaded yet
        assertTrue(out.contains("LOAD FAILED") && out.contains("UnsatisfiedLinkError")
                && out.contains(library.toString()), out);
        assertTrue(out.contains("AFTER false") && out.contains("UnsatisfiedLinkError"), out);
    }
}
