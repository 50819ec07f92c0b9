package io.cloacina.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code bin/cloacina serve} as a real process, stopped by a signal while a run it started is going. The package,
 * {@code gated}, fires once and its run waits for a file (the "gate", named by {@code CLOACINA_VAR_GATE}) the test
 * creates or not. Runs in {@code integration-test}, after the jar is built.
 */
class CliServeProcessTest {

    private static final Path LAUNCHER = Cli.ROOT.resolve("bin/cloacina");

    @TempDir
    Path temp;

    @BeforeEach
    void needsPython() {
        Cli.assumeSubprocessBackend();
    }

    /** Starts serve on the gated package, SIGINT at its default disposition (see CliProcessTest). */
    private Process serve(String backend, String grace) throws IOException {
        List<String> command = new ArrayList<>(List.of("python3", "-c",
                "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])",
                LAUNCHER.toString(), "serve", Cli.pkg("gated"), "--grace", grace));
        if (!backend.equals("default")) {
            command.addAll(List.of("--backend", backend));
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(Cli.ROOT.toFile())
                .redirectOutput(temp.resolve("stdout").toFile())
                .redirectError(temp.resolve("stderr").toFile());
        builder.environment().put("CLOACINA_PROGRESS", "plain");
        builder.environment().put("CLOACINA_VAR_GATE", temp.resolve("gate").toString());
        return builder.start();
    }

    private String stderr() throws IOException {
        return Files.readString(temp.resolve("stderr"), StandardCharsets.UTF_8);
    }

    private void awaitStderr(Process process, String text) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(150));
        while (!stderr().contains(text)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                fail("never saw '" + text + "' on stderr:\n" + stderr());
            }
            Thread.sleep(50);
        }
    }

    private void signal(Process process, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
    }

    private void assertExits0LeavingNoWorker(Process process, List<ProcessHandle> workers, Duration within) throws Exception {
        if (!process.waitFor(within.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("serve still running " + within.toSeconds() + " s after the stop; stderr:\n" + stderr());
        }
        assertEquals(0, process.exitValue(), () -> "a requested stop is a normal end; stderr:\n" + quietly());
        for (ProcessHandle worker : workers) {
            worker.onExit().get(10, TimeUnit.SECONDS);
            assertFalse(worker.isAlive(), "python worker " + worker.pid() + " outlived serve");
        }
        assertEquals("", Files.readString(temp.resolve("stdout")), "stdout stays empty");
    }

    private String quietly() {
        try {
            return stderr();
        } catch (IOException e) {
            return e.toString();
        }
    }

    @ParameterizedTest(name = "backend {0}, {1}")
    @CsvSource({"subprocess, TERM", "default, INT"})
    void a_stop_during_a_run_gives_it_the_grace_period_and_exits_0(String backend, String signal) throws Exception {
        Process process = serve(backend, "60s");
        awaitStderr(process, "run #1 of workflow 'gated' started");
        assertTrue(stderr().contains("trigger gated/gate_watch fired with {\"gate\":"), this::quietly);
        List<ProcessHandle> workers = process.descendants().toList();
        signal(process, signal);
        awaitStderr(process, "stopping (SIG" + signal + "): no new polls or runs; 1 run still going, given up to 1m00s");
        // The run waits for the gate: serve waits for the run, within its grace period.
        assertFalse(process.waitFor(1, TimeUnit.SECONDS), "serve did not wait for the running run:\n" + stderr());
        Files.createFile(temp.resolve("gate"));
        assertExits0LeavingNoWorker(process, workers, Duration.ofSeconds(60));
        String err = stderr();
        assertTrue(err.contains("run #1 of workflow 'gated' (trigger gate_watch) succeeded in"), err);
        assertTrue(err.strip().endsWith("] stopped"), err);
        assertFalse(err.contains("run #2"), "no run starts after the stop:\n" + err);
    }

    @ParameterizedTest(name = "backend {0}, {1}")
    @CsvSource({"subprocess, TERM", "default, INT"})
    void a_run_still_going_after_the_grace_period_is_cancelled_and_serve_exits_0(String backend, String signal)
            throws Exception {
        Process process = serve(backend, "1s");
        awaitStderr(process, "run #1 of workflow 'gated' started");
        List<ProcessHandle> workers = process.descendants().toList();
        Instant stopped = Instant.now();
        signal(process, signal);
        assertExits0LeavingNoWorker(process, workers, Duration.ofSeconds(30));
        Duration took = Duration.between(stopped, Instant.now());
        String err = stderr();
        assertTrue(took.compareTo(Duration.ofSeconds(1)) >= 0, "the grace period was given: " + took);
        assertTrue(err.contains("run #1 of workflow 'gated' (trigger gate_watch) cancelled after"), err);
        assertTrue(err.contains("stopped; runs still going after the grace period were cancelled"), err);
    }
}
