package io.cloacina.python.subprocess;

import io.cloacina.context.Context;
import io.cloacina.spi.LoadedPackage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("subprocess backend: no worker outlives its JVM")
class JvmExitTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void the_shutdown_hook_ends_workers_when_the_jvm_exits_without_closing(@TempDir Path dir) throws Exception {
        Process child = startChild(dir, "exit");
        try {
            awaitReady(child);
            long worker = Long.parseLong(Files.readString(dir.resolve("worker.pid")));
            assertTrue(child.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the child JVM exited");
            assertTrue(TestPackages.ends(worker, Duration.ofSeconds(10)), "worker " + worker + " ended with its JVM");
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void a_worker_ends_by_itself_when_its_jvm_is_killed_too_hard_to_run_hooks(@TempDir Path dir) throws Exception {
        Process child = startChild(dir, "hang");
        try {
            awaitReady(child);
            long worker = Long.parseLong(Files.readString(dir.resolve("worker.pid")));
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(child.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
            // The worker is busy in a task (not reading stdin); its parent watch notices within a second or so.
            assertTrue(TestPackages.ends(worker, Duration.ofSeconds(15)), "worker " + worker + " outlived its JVM");
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void close_removes_the_shutdown_hook(@TempDir Path dir) throws Exception {
        SubprocessRuntime runtime = TestPackages.runtime(1);
        assertFalse(runtime.registeredShutdownHook().isPresent(), "probing alone registers nothing");
        LoadedPackage demo = runtime.load(DemoPackage.write(dir.resolve("demo")));
        assertEquals(2, demo.executor().execute("double", new Context().set("n", 1)).get(30, TimeUnit.SECONDS)
                .get("n").orElseThrow().asInt());
        Thread hook = runtime.registeredShutdownHook().orElseThrow();
        runtime.close();
        assertFalse(Runtime.getRuntime().removeShutdownHook(hook), "the hook was already removed by close()");
    }

    private static Process startChild(Path dir, String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                ChildJvm.class.getName(), dir.toString(), mode))
                .redirectErrorStream(true)
                .start();
    }

    private static void awaitReady(Process child) throws Exception {
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8));
                StringBuilder seen = new StringBuilder();
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.equals("READY")) {
                        return "READY";
                    }
                    seen.append(line).append('\n');
                }
                return seen.toString();
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
        assertEquals("READY", ready.get(WAIT.toSeconds(), TimeUnit.SECONDS), "child JVM output");
    }
}
