package io.cloacina.python.jep;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Embedding CPython must leave SIGINT to the JVM: Ctrl-C on a program running a long Python task through
 * Jep still ends it promptly, running its shutdown hooks (exit status 130).
 */
class JepSigintTest {

    @BeforeAll
    static void jepIsThere() {
        JepBackend.availableRuntime();
    }

    @Test
    void sigintEndsAJvmWhosePythonTaskIsSpinning(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Start the child with SIGINT at its default: a JVM started with SIGINT ignored (as background jobs of
        // a non-interactive shell are) keeps ignoring it, which would test nothing. Python resets it and execs.
        List<String> command = List.of(JepLocator.python(System.getProperties(), System.getenv()), "-c",
                "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])",
                // The task's print reaches SLF4J (slf4j-simple on the test class path): shown at INFO.
                java, "--enable-native-access=ALL-UNNAMED", "-Dorg.slf4j.simpleLogger.log.cloacina.python=info", "-cp", System.getProperty("java.class.path"),
                SigintChild.class.getName(), dir.toString());
        Path log = Files.createTempFile(dir, "child", ".log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            // A thread of its own: the common pool has one thread on a 2-core machine, and earlier tests in this
            // JVM may keep it busy, which would starve the reader and fail the test for the wrong reason.
            CompletableFuture<Boolean> spinning = CompletableFuture.supplyAsync(() -> waitFor(child, "SPINNING", log),
                    reader -> Thread.ofPlatform().daemon().name("sigint-child-reader").start(reader));
            boolean started;
            try {
                started = spinning.get(120, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("child printed no SPINNING within 120 s; its output so far:\n" + read(log)
                        + "\n--- its threads:\n" + threadDump(child.pid()), e);
            }
            assertTrue(started, () -> "child never started its task: " + read(log));
            Thread.sleep(200); // well inside the Python loop
            assertTrue(ignoresNothing(child.pid()), "the child ignores SIGINT; the test would prove nothing");
            new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor(10, TimeUnit.SECONDS);
            assertTrue(child.waitFor(15, TimeUnit.SECONDS), () -> "SIGINT did not end the JVM: " + read(log));
            assertEquals(130, child.exitValue(), () -> read(log));
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static boolean waitFor(Process child, String marker, Path log) {
        // Not closed here: once the marker is seen a drain thread reads on, and BufferedReader.close() would
        // wait for the lock its blocked readLine() holds, for ever. The child's end closes the stream.
        BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                Files.writeString(log, line + System.lineSeparator(), java.nio.file.StandardOpenOption.APPEND);
                if (line.contains(marker)) {
                    // keep draining so the child never blocks on a full pipe
                    Thread.ofVirtual().start(() -> drain(lines));
                    return true;
                }
            }
            return false;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void drain(BufferedReader lines) {
        try {
            while (lines.readLine() != null) {
                // discard
            }
        } catch (java.io.IOException ignored) {
            // the child is gone
        }
    }

    /** Whether SIGINT is not in the child's ignored-signal mask (/proc/PID/status, Linux). */
    private static boolean ignoresNothing(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                return (mask & (1L << (2 - 1))) == 0;
            }
        }
        return false;
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log)";
        }
    }

    /** What the child JVM is doing, for a failure message (jstack from this JDK; empty if it cannot run). */
    private static String threadDump(long pid) {
        try {
            Process jstack = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
                    Long.toString(pid)).redirectErrorStream(true).start();
            if (!jstack.waitFor(30, TimeUnit.SECONDS)) {
                jstack.destroyForcibly();
                return "(jstack timed out)";
            }
            return new String(jstack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException | InterruptedException e) {
            return "(no thread dump: " + e + ")";
        }
    }
}
