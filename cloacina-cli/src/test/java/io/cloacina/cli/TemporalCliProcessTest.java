package io.cloacina.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Temporal commands end to end, as a person runs them: {@code bin/cloacina temporal-dev} on a free port, two
 * {@code bin/cloacina worker}s, then {@code bin/cloacina run --temporal} prints what a local run prints.
 */
@Timeout(300)
class TemporalCliProcessTest {

    private static final Path LAUNCHER = Cli.ROOT.resolve("bin/cloacina");

    @TempDir
    Path temp;

    private final List<Process> started = new ArrayList<>();
    private int logs;

    @BeforeEach
    void needsPython() {
        Cli.assumeSubprocessBackend();
    }

    @AfterEach
    void stopAll() throws Exception {
        List<ProcessHandle> children = new ArrayList<>();
        for (Process process : started.reversed()) {
            process.descendants().forEach(children::add);
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private record Finished(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Process launch(Path stderr, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(Cli.ROOT.toFile()).redirectError(stderr.toFile());
        builder.environment().put("CLOACINA_PROGRESS", "plain");
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private Finished run(String... args) throws Exception {
        Path out = temp.resolve("out-" + logs);
        Path err = temp.resolve("err-" + logs++);
        ProcessBuilder builder = new ProcessBuilder(concat(LAUNCHER.toString(), args)).directory(Cli.ROOT.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("CLOACINA_PROGRESS", "plain");
        Process process = builder.start();
        started.add(process);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "bin/cloacina " + String.join(" ", args) + " hung");
        return new Finished(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static List<String> concat(String first, String... rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all;
    }

    private static void awaitLine(Path file, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(file) || !Files.readString(file).contains(text)) {
            assertTrue(System.nanoTime() < deadline, "no '" + text + "' in " + file + ":\n"
                    + (Files.exists(file) ? Files.readString(file) : ""));
            Thread.sleep(100);
        }
    }

    @Test
    void dev_server_two_workers_and_runs_that_print_what_a_local_run_prints() throws Exception {
        Process server = launch(temp.resolve("server.err"), "temporal-dev", "--port", "0");
        String address = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertTrue(address != null && address.startsWith("127.0.0.1:"), "dev server address: " + address);
        for (String name : List.of("a", "b")) {
            launch(temp.resolve("worker-" + name + ".err"), "worker", "examples/etl", "examples/failing",
                    "--temporal", address, "--backend", "subprocess", "--max-concurrent", "2");
        }
        for (String name : List.of("a", "b")) {
            awaitLine(temp.resolve("worker-" + name + ".err"), "connected to Temporal");
        }

        Finished local = run("run", "examples/etl", "--backend", "subprocess");
        Finished remote = run("run", "examples/etl", "--temporal", address);
        assertEquals(0, remote.code(), remote::toString);
        assertEquals(local.out(), remote.out(), "the same final context as a local run");
        assertTrue(remote.err().contains("succeeded load"), remote::toString);
        assertTrue(remote.err().contains("cloacina: run succeeded in"), remote::toString);

        Finished failing = run("run", "examples/failing", "--temporal", address);
        Finished failingLocal = run("run", "examples/failing", "--backend", "subprocess");
        assertEquals(1, failing.code(), failing::toString);
        assertEquals("", failing.out());
        assertEquals(report(failingLocal.err()), report(failing.err()), "the same failure report as a local run");

        Finished noWait = run("run", "examples/etl", "--temporal", address, "--no-wait");
        assertEquals(0, noWait.code(), noWait::toString);
        assertTrue(noWait.out().strip().startsWith("cloacina-etl-1.0.0-"), noWait::toString);
    }

    /** The failure report, without the durations that differ from run to run. */
    private static String report(String stderr) {
        int start = stderr.indexOf("\ncloacina: task '");
        return stderr.substring(Math.max(0, start)).replaceAll("after [0-9.]+m?s", "after T");
    }
}
