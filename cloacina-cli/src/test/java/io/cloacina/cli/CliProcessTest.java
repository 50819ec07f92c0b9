package io.cloacina.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloacina.context.ContextJson;
import io.cloacina.runtime.PythonRuntimes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real launcher, {@code bin/cloacina}, as a person runs it. Runs in Maven's {@code integration-test}
 * phase, after {@code package} has built the jar the launcher starts (so it does not rebuild).
 */
class CliProcessTest {

    private static final Path LAUNCHER = Cli.ROOT.resolve("bin/cloacina");

    @TempDir
    Path temp;

    @BeforeEach
    void needsPython() {
        Cli.assumeSubprocessBackend();
    }

    private record Finished(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Process start(String... args) throws IOException {
        return start(List.of(), args);
    }

    /**
     * Starts the launcher with SIGINT at its default disposition. A process started with SIGINT ignored (any
     * background job of a non-interactive shell, as a CI runner may be) passes that on, and a JVM that
     * inherits an ignored SIGINT rightly keeps ignoring it (as under nohup): the Ctrl-C test would then test
     * the shell, not us. python3 resets the signal and execs the launcher in its place.
     */
    private Process startWithDefaultSigint(String... args) throws IOException {
        return start(List.of("python3", "-c",
                "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])"),
                args);
    }

    private Process start(List<String> prefix, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(prefix);
        command.addAll(concat(LAUNCHER.toString(), args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(Cli.ROOT.toFile())
                .redirectOutput(temp.resolve("stdout").toFile())
                .redirectError(temp.resolve("stderr").toFile());
        builder.environment().put("CLOACINA_PROGRESS", "plain");
        return builder.start();
    }

    private Finished finish(Process process) throws Exception {
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("bin/cloacina did not finish within 180s; stderr:\n" + read("stderr"));
        }
        return new Finished(process.exitValue(), read("stdout"), read("stderr"));
    }

    private String read(String name) throws IOException {
        return Files.readString(temp.resolve(name), StandardCharsets.UTF_8);
    }

    @Test
    void runs_the_etl_example_with_only_json_on_stdout() throws Exception {
        Finished result = finish(start("run", "examples/etl"));
        assertEquals(0, result.code(), result::toString);
        JsonNode context = ContextJson.MAPPER.readTree(result.out());
        assertEquals(905.34, context.get("report").get("total_eur").asDouble(), result::toString);
        assertTrue(result.err().contains("succeeded load"), result::toString);
        // `package` just built the jar: the launcher must see it as fresh and not build again.
        assertFalse(result.err().contains("building the CLI"), result::toString);
        // What tasks print arrives on stderr, never on stdout.
        assertTrue(result.err().contains("loaded report"), result::toString);
        assertFalse(result.out().contains("loaded report"), result::toString);
    }

    /**
     * Start-up: the launcher records a class-data archive for the jar the build just made (bin/lib/class-archive.sh)
     * and the JVM then takes most classes from it, the chosen backend's included (the training run uses both
     * backends the CI machine has). The JVM's own class-loading log says where each class came from; without a
     * usable archive every one of ours would come from a jar.
     */
    @ParameterizedTest
    @ValueSource(strings = {"subprocess", "jep"})
    void the_launcher_records_a_class_data_archive_and_starts_from_it(String backend) throws Exception {
        assumeTrue(PythonRuntimes.discover().stream().anyMatch(c -> c.name().equals(backend) && c.available()),
                "the " + backend + " backend is not available");
        Path log = temp.resolve("classes-" + backend + ".log");
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "run", "examples/etl", "--backend", backend)
                .directory(Cli.ROOT.toFile())
                .redirectOutput(temp.resolve("stdout").toFile())
                .redirectError(temp.resolve("stderr").toFile());
        builder.environment().put("CLOACINA_PROGRESS", "plain");
        builder.environment().put("CLOACINA_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
        Finished result = finish(builder.start());
        assertEquals(0, result.code(), result::toString);

        Path archives = Cli.ROOT.resolve("cloacina-cli/target/class-archive");
        try (var made = Files.list(archives)) {
            assertTrue(made.anyMatch(f -> f.getFileName().toString().matches("cloacina-cli-.*\\.(aot|jsa)")),
                    "no archive under " + archives);
        }
        List<String> lines = Files.readAllLines(log);
        List<String> ours = lines.stream()
                .filter(line -> line.contains(" io.cloacina.cli.") || line.contains(" com.fasterxml.jackson.")).toList();
        long mapped = ours.stream().filter(line -> line.contains("source: shared objects file")).count();
        assertTrue(ours.size() > 100, "too few classes logged to judge: " + ours.size());
        assertTrue(mapped > ours.size() * 0.8, mapped + " of " + ours.size()
                + " CLI and Jackson classes came from the archive; stderr:\n" + result.err());
        List<String> backendClasses = lines.stream().filter(line -> line.contains(" io.cloacina.python." + backend + ".")).toList();
        long backendMapped = backendClasses.stream().filter(line -> line.contains("source: shared objects file")).count();
        assertTrue(backendClasses.size() > 5, "too few " + backend + " classes logged to judge: " + backendClasses.size());
        assertTrue(backendMapped > backendClasses.size() * 0.8, backendMapped + " of " + backendClasses.size() + " "
                + backend + " backend classes came from the archive");
    }

    /** Without -o the archive lands in the current folder as {name}-{version}.cloacina; stdout is its path alone. */
    @Test
    void package_writes_name_dash_version_into_the_current_folder_and_that_runs() throws Exception {
        Path work = Files.createDirectories(temp.resolve("work"));
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "package", Cli.example("cloacina-format"))
                .directory(work.toFile())
                .redirectOutput(temp.resolve("stdout").toFile())
                .redirectError(temp.resolve("stderr").toFile());
        Finished packed = finish(builder.start());
        assertEquals(0, packed.code(), packed::toString);
        Path archive = work.toRealPath().resolve("acme-orders-0.3.0.cloacina");
        assertEquals(archive + "\n", packed.out(), packed::toString);
        assertTrue(Files.isRegularFile(archive), packed::toString);
        // stderr may hold the launcher's one-off class-archive note, never an error.
        assertFalse(packed.err().contains("cloacina: bad") || packed.err().contains("Exception"), packed::toString);

        Finished ran = finish(start("run", archive.toString()));
        assertEquals(0, ran.code(), ran::toString);
        assertTrue(ContextJson.MAPPER.readTree(ran.out()).has("totals_cents"), ran::toString);
    }

    @Test
    void the_failing_example_exits_1_with_the_traceback_on_stderr() throws Exception {
        Finished result = finish(start("run", "examples/failing"));
        assertEquals(1, result.code(), result::toString);
        assertEquals("", result.out(), result::toString);
        assertTrue(result.err().contains("ValueError"), result::toString);
        assertTrue(result.err().contains("Traceback (most recent call last):"), result::toString);
        assertTrue(result.err().contains("skipped 2 tasks: summarize, publish"), result::toString);
    }

    @Test
    void a_bad_package_exits_2_naming_file_and_field() throws Exception {
        Finished result = finish(start("run", "cloacina-cli/src/test/resources/packages/badmanifest"));
        assertEquals(2, result.code(), result::toString);
        assertTrue(result.err().contains("manifest.json") && result.err().contains("python.entry_module"),
                result::toString);
        assertFalse(result.err().contains("\tat "), result::toString);
    }

    @Test
    void a_missing_python_is_explained_in_one_line() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "run", "examples/etl", "--backend", "subprocess")
                .directory(Cli.ROOT.toFile())
                .redirectOutput(temp.resolve("stdout").toFile())
                .redirectError(temp.resolve("stderr").toFile());
        builder.environment().put("CLOACINA_PYTHON", "/nonexistent/python3");
        Finished result = finish(builder.start());
        assertEquals(3, result.code(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().contains("cannot run Python here") && result.err().contains("/nonexistent/python3"),
                result::toString);
    }

    /**
     * The GraalPy backend needs no Python on the machine: with a PATH holding only the shell tools the
     * launcher uses, and no python3 among them, the example still runs (sandboxed, in the JVM).
     */
    @Test
    void runs_the_etl_example_on_graal_with_no_python_on_the_path() throws Exception {
        Path tools = Files.createDirectories(temp.resolve("tools"));
        for (String tool : List.of("bash", "env", "dirname", "readlink", "cksum", "cut", "mktemp", "find", "flock",
                "rm", "cat", "sed", "head", "printf")) {
            for (String dir : List.of("/usr/bin", "/bin")) {
                Path found = Path.of(dir, tool);
                if (Files.isExecutable(found) && !Files.exists(tools.resolve(tool))) {
                    Files.createSymbolicLink(tools.resolve(tool), found);
                }
            }
        }
        assertFalse(Files.exists(tools.resolve("python3")) || Files.exists(tools.resolve("python")));
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "run", "examples/etl", "--backend", "graal")
                .directory(Cli.ROOT.toFile())
                .redirectOutput(temp.resolve("stdout").toFile())
                .redirectError(temp.resolve("stderr").toFile());
        builder.environment().clear();
        builder.environment().put("PATH", tools.toString());
        builder.environment().put("HOME", System.getProperty("user.home"));
        builder.environment().put("CLOACINA_PROGRESS", "plain");
        Finished result = finish(builder.start());
        assertEquals(0, result.code(), result::toString);
        assertTrue(result.err().contains("on backend 'graal'"), result::toString);
        JsonNode context = ContextJson.MAPPER.readTree(result.out());
        assertEquals(905.34, context.get("report").get("total_eur").asDouble(), result::toString);
    }

    /** On every backend: the default one (Jep, in the JVM, when installed) cannot interrupt {@code time.sleep}. */
    @ParameterizedTest(name = "backend: {0}")
    @ValueSource(strings = {"subprocess", "default"})
    void ctrl_c_stops_the_run_and_its_python_workers_promptly(String backend) throws Exception {
        Process process = backend.equals("default")
                ? startWithDefaultSigint("run", "cloacina-cli/src/test/resources/packages/sleepy")
                : startWithDefaultSigint("run", "cloacina-cli/src/test/resources/packages/sleepy", "--backend", backend);
        // The launcher execs java, so this is the JVM; wait until the 60-second task is running.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (!read("stderr").contains("started   sleeper")) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                process.destroyForcibly();
                fail("the sleeper task never started:\n" + read("stderr"));
            }
            Thread.sleep(50);
        }
        assertFalse(ignoresSigint(process.pid()), "the JVM ignores SIGINT; the test would prove nothing");
        List<ProcessHandle> workers = process.descendants().toList();
        Instant interrupted = Instant.now();
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "cloacina still running 20s after Ctrl-C");
        Duration took = Duration.between(interrupted, Instant.now());
        assertEquals(130, process.exitValue(), () -> "exit code after SIGINT; stderr:\n" + stderrQuietly());
        for (ProcessHandle worker : workers) {
            worker.onExit().get(10, TimeUnit.SECONDS);
            assertFalse(worker.isAlive(), "worker " + worker.pid() + " outlived cloacina");
        }
        assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0);
    }

    @Test
    void a_graalpy_task_that_sets_sig_ign_does_not_make_the_cli_deaf_to_ctrl_c() throws Exception {
        // Before: GraalPy's signal.signal acted on the JVM; Ctrl-C and SIGTERM were ignored for the whole run.
        assumeTrue(PythonRuntimes.discover().stream().anyMatch(c -> c.name().equals("graal") && c.available()),
                "the graal backend is not available");
        Process process = startWithDefaultSigint("run", "cloacina-cli/src/test/resources/packages/deaf",
                "--backend", "graal");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(150));
        while (!read("stderr").contains("started   deaf")) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                process.destroyForcibly();
                fail("the deaf task never started:\n" + read("stderr"));
            }
            Thread.sleep(50);
        }
        // The task calls signal.signal first thing; give it ample time, then the JVM must still hear SIGINT.
        Thread.sleep(2_000);
        assertFalse(ignoresSigint(process.pid()), "a GraalPy task made the JVM ignore SIGINT");
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "cloacina still running 30s after Ctrl-C");
        assertEquals(130, process.exitValue(), () -> "exit code after SIGINT; stderr:\n" + stderrQuietly());
    }

    @Test
    void os_exit_in_a_jep_task_fails_the_run_instead_of_ending_the_cli_with_status_0() throws Exception {
        // Before: exit status 0, empty stdout, the dependent task never ran: `cloacina run ... && deploy` deployed.
        assumeTrue(PythonRuntimes.discover().stream().anyMatch(c -> c.name().equals("jep") && c.available()),
                "the jep backend is not available");
        Finished result = finish(start("run", "cloacina-cli/src/test/resources/packages/quitter", "--backend", "jep"));
        assertEquals(1, result.code(), result::toString);
        assertTrue(result.err().contains("WorkerCrashed"), result::toString);
        assertTrue(result.err().contains("os._exit(0) would end the JVM"), result::toString);
        assertTrue(result.err().contains("deploy"), result::toString); // named among the skipped
        assertTrue(result.out().isBlank(), result::toString);
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"subprocess", "jep", "graal"})
    void a_cloacina_retry_policy_runs_the_task_three_times_and_a_task_failed_rule_runs_the_clean_up(String backend)
            throws Exception {
        assumeTrue(PythonRuntimes.discover().stream().anyMatch(c -> c.name().equals(backend) && c.available()),
                "the " + backend + " backend is not available");
        Finished result = finish(start("run", "cloacina-cli/src/test/resources/packages/flakyload", "--backend", backend));
        assertEquals(1, result.code(), result::toString);
        // retry_delay_ms=20 with Cloacina's default jitter: 15 to 25 ms.
        assertTrue(java.util.regex.Pattern.compile("retry +load +2/3 in (1[5-9]|2[0-5])ms: ConnectionError: "
                + "warehouse unreachable").matcher(result.err()).find(), result::toString);
        assertTrue(java.util.regex.Pattern.compile("retry +load +3/3 in (1[5-9]|2[0-5])ms").matcher(result.err())
                .find(), result::toString);
        assertTrue(result.err().contains("Attempts (3):"), result::toString);
        assertEquals(3, result.err().split("on_failure called: load: Python task execution failed: "
                + "ConnectionError: warehouse unreachable", -1).length - 1, result::toString);
        assertTrue(result.err().contains("succeeded cleanup"), result::toString);
        assertTrue(result.err().contains("report: dependency 'load' failed"), result::toString);
        assertTrue(result.out().isBlank(), result::toString);
    }

    private String stderrQuietly() {
        try {
            return read("stderr");
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static List<String> concat(String first, String... rest) {
        java.util.ArrayList<String> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(List.of(rest));
        return all;
    }

    /** Whether SIGINT (signal 2) is in the process's ignored set, read from /proc. */
    private static boolean ignoresSigint(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }
}
