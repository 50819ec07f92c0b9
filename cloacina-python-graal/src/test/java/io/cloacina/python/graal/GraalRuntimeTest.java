package io.cloacina.python.graal;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.tck.TaskErrorAssert;
import io.cloacina.tck.TckEnvironment;
import io.cloacina.runtime.PythonRuntimes;
import io.cloacina.runtime.RuntimeCandidate;
import io.cloacina.spi.Capability;
import io.cloacina.spi.ExecutionOptions;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.TaskDescriptor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The GraalPy backend against real GraalPy. One runtime (one engine) and one loaded package serve every
 * test, because each context costs seconds to start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class GraalRuntimeTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private GraalRuntime runtime;
    private LoadedPackage basics;
    private Path scratch;

    @BeforeAll
    void load() throws IOException {
        scratch = Files.createTempDirectory("graal-scratch-");
        runtime = new GraalRuntime(GraalSettings.defaults().withContextsPerPackage(2)
                .withSandbox(SandboxPolicy.SANDBOXED.withWritableFolders(List.of(scratch))));
        long start = System.nanoTime();
        basics = runtime.load(GraalFixtures.pkg("basics", "graal-basics", "basics.tasks"));
        System.out.printf("first GraalPy context (engine included) loaded its package in %d ms%n",
                (System.nanoTime() - start) / 1_000_000);
    }

    @AfterAll
    void close() throws InterruptedException, IOException {
        runtime.close();
        try (var files = Files.walk(scratch)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
        // Every thread the backend started must be gone once it is closed.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                    .filter(name -> name.startsWith("cloacina-graal-")).toList();
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        fail("threads still alive after close(): " + left);
    }

    @Test
    void isFoundByServiceLoaderAndAvailable() {
        RuntimeCandidate graal = PythonRuntimes.discover().stream().filter(c -> c.name().equals("graal")).findFirst()
                .orElseThrow(() -> new AssertionError("graal backend not registered: " + PythonRuntimes.discover()));
        assertTrue(graal.available(), graal.reason());
        assertTrue(runtime.capabilities().contains(Capability.SANDBOX));
        assertFalse(runtime.capabilities().contains(Capability.NATIVE_EXTENSIONS));
    }

    @Test
    void discoversTasksInDeclarationOrder() {
        List<TaskDescriptor> tasks = basics.discovery().tasks();
        assertEquals(List.of("echo", "fails", "exits", "crashes", "spin", "interval", "gathered", "probe"),
                tasks.stream().map(TaskDescriptor::id).toList());
        assertEquals(List.of("echo"), basics.discovery().task("fails").orElseThrow().dependencies());
        assertTrue(basics.discovery().task("gathered").orElseThrow().async());
    }

    @Test
    void roundTripsBigIntegersAndNonBmpUnicodeExactly() {
        BigInteger big = BigInteger.TWO.pow(100).add(BigInteger.valueOf(7));
        Context input = Context.fromJson("{\"big\": " + big + ", \"text\": \"\\ud834\\udd1e caf\\u00e9 \"}");
        Context out = run("echo", input);
        assertEquals(big.multiply(BigInteger.TWO), out.get("doubled").orElseThrow().bigIntegerValue());
        assertEquals("\uD834\uDD1E caf\u00e9 \uD83D\uDE00", out.get("text").orElseThrow().asText());
    }

    @Test
    void asyncTasksRunOnTheSandboxEventLoop() {
        Context out = run("gathered", new Context());
        assertEquals("[\"a\",\"b\"]", out.get("names").orElseThrow().toString());
        assertEquals(7, out.get("threaded").orElseThrow().asInt());
    }

    @Test
    void pythonExceptionCarriesTypeAndTracebackNamingTheUserLine() {
        TaskError error = failure("fails", Duration.ofSeconds(30));
        assertInstanceOf(TaskError.ExecutionFailed.class, error, error.describe());
        assertEquals("ValueError", error.pythonType().orElseThrow());
        String traceback = error.traceback().orElseThrow();
        assertTrue(traceback.contains("basics/tasks.py\", line 19, in fails"), traceback);
        assertFalse(traceback.contains("_host.py"), traceback);
    }

    @Test
    void sysExitIsAnExecutionFailureAndThePackageStillWorks() {
        TaskError error = failure("exits", Duration.ofSeconds(30));
        assertInstanceOf(TaskError.ExecutionFailed.class, error, error.describe());
        assertEquals("SystemExit", error.pythonType().orElseThrow());
        run("echo", Context.fromJson("{\"big\": 1, \"text\": \"\"}"));
    }

    @Test
    void osExitIsAWorkerCrashAndTheContextIsReplaced() {
        TaskError error = failure("crashes", Duration.ofSeconds(30));
        assertInstanceOf(TaskError.WorkerCrashed.class, error, error.describe());
        for (int i = 0; i < 3; i++) { // whichever context runs them, they work
            assertEquals(2, run("echo", Context.fromJson("{\"big\": 1, \"text\": \"\"}")).get("doubled").orElseThrow().asInt());
        }
    }

    @Test
    void runawayTaskIsStoppedAtItsTimeoutAndTheNextTaskRuns() {
        long start = System.nanoTime();
        TaskError error = failure("spin", Duration.ofMillis(500));
        assertInstanceOf(TaskError.Timeout.class, error, error.describe());
        assertEquals("spin", error.taskId());
        // Both contexts must still serve: run more tasks than there are contexts.
        for (int i = 0; i < 3; i++) {
            run("echo", Context.fromJson("{\"big\": 2, \"text\": \"\"}"));
        }
        System.out.printf("timeout, interrupt and three more tasks took %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void cancellingARunningTaskStopsIt() throws InterruptedException {
        CompletableFuture<Context> running = basics.executor().execute("spin", new Context(),
                ExecutionOptions.withTimeout(Duration.ofMinutes(5)));
        Thread.sleep(300);
        assertTrue(running.cancel(true));
        run("echo", Context.fromJson("{\"big\": 3, \"text\": \"\"}"));
        run("echo", Context.fromJson("{\"big\": 3, \"text\": \"\"}"));
    }

    @Test
    void tasksOfOnePackageOverlapInTime() {
        awaitAllContexts();
        Context input = new Context().set("seconds", 1);
        CompletableFuture<Context> a = basics.executor().execute("interval", input);
        CompletableFuture<Context> b = basics.executor().execute("interval", input);
        Context outA = a.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        Context outB = b.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        double startA = outA.get("start").orElseThrow().asDouble();
        double endA = outA.get("end").orElseThrow().asDouble();
        double startB = outB.get("start").orElseThrow().asDouble();
        double endB = outB.get("end").orElseThrow().asDouble();
        assertTrue(startA < endB && startB < endA, "ran one after the other: a=[" + startA + ", " + endA + "] b=["
                + startB + ", " + endB + "]");
    }

    @Test
    void sandboxRefusesHostAccessProcessesAndFilesOutsideThePackage() {
        Map<String, String> probes = Map.ofEntries(
                Map.entry("java_type", "import java; java.type('java.lang.Runtime')"),
                Map.entry("polyglot_eval", "import polyglot; polyglot.eval(language='js', string='1')"),
                Map.entry("graalpython_read", "__graalpython__.read_file('/etc/hostname')"),
                Map.entry("subprocess", "import subprocess; subprocess.run(['/bin/true'])"),
                Map.entry("os_system", "import os; os.system('true')"),
                Map.entry("read_etc", "open('/etc/hostname').read()"),
                Map.entry("write_package", "open(here + '/written.txt', 'w').write('x')"),
                Map.entry("socket", "import socket; socket.create_connection(('127.0.0.1', 9), timeout=1)"),
                Map.entry("urlopen", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:9', timeout=1)"),
                Map.entry("environment_hidden", "import os; assert 'PATH' not in os.environ, 'PATH is visible'"),
                Map.entry("read_own_source", "open(here + '/tasks.py').read()"),
                Map.entry("relative_to_package_root", "import os; os.path.abspath('x'); assert 'graal-basics' in open('manifest.json').read()"),
                Map.entry("write_scratch", "open(" + pythonString(scratch.resolve("out.txt")) + ", 'w').write('x')"));
        JsonNode outcomes = probe(probes);
        assertEquals("allowed", outcomes.path("read_own_source").asText(), outcomes.toString());
        assertEquals("allowed", outcomes.path("environment_hidden").asText(), outcomes.toString());
        assertEquals("allowed", outcomes.path("relative_to_package_root").asText(), outcomes.toString());
        assertEquals("allowed", outcomes.path("write_scratch").asText(), outcomes.toString());
        assertTrue(Files.exists(scratch.resolve("out.txt")), "the embedder's writable folder is writable");
        for (String refused : List.of("java_type", "polyglot_eval", "graalpython_read", "subprocess", "os_system",
                "read_etc", "write_package", "socket", "urlopen")) {
            assertFalse(outcomes.path(refused).asText("allowed").equals("allowed"), refused + " was allowed: " + outcomes);
        }
        // Refusals are ordinary Python exceptions (the task saw and caught them), not GraalPy internal errors.
        for (String permission : List.of("os_system", "subprocess", "socket", "read_etc", "write_package")) {
            assertTrue(outcomes.path(permission).asText().startsWith("PermissionError"), permission + ": " + outcomes);
        }
    }

    @Test
    void posixCallsGraalPyLacksAreOsErrorsTheTaskCanCatch() {
        // Before: os.getppid() raised a Java exception no except clause caught, and the context was replaced.
        JsonNode outcomes = probe(Map.of(
                "getppid", "import os; os.getppid()",
                "getpgrp", "import os; os.getpgrp()",
                "setsid", "import os; os.setsid()",
                "chown", "import os; os.chown(here, 0, 0)",
                "access_effective", "import os; os.access(here, os.R_OK, effective_ids=True)",
                "caught", "import os\ntry:\n    os.getppid()\nexcept OSError:\n    pass",
                "access_plain", "import os; assert os.access(here, os.R_OK)"));
        for (String unsupported : List.of("getppid", "getpgrp", "setsid", "chown", "access_effective")) {
            assertTrue(outcomes.path(unsupported).asText().startsWith("UnsupportedOperation"), unsupported + ": " + outcomes);
            assertTrue(outcomes.path(unsupported).asText().contains("not supported by GraalPy"), unsupported + ": " + outcomes);
        }
        assertEquals("allowed", outcomes.path("caught").asText(), outcomes.toString());
        assertEquals("allowed", outcomes.path("access_plain").asText(), outcomes.toString());
    }

    @Test
    void tasksCannotWriteIntoGraalPysStandardLibrary() {
        // Before the fix both writes succeeded: a module planted beside os.py was imported by later, unrelated
        // packages (GraalPy's home is a per-user cache shared by every JVM). The planting probe removes its file
        // again when it could write it, so a failing run leaves nothing behind.
        JsonNode outcomes = probe(Map.of(
                "plant_module", "import os\np = os.path.join(os.path.dirname(os.__file__), 'cloacina_planted_probe.py')\n"
                        + "try:\n    open(p, 'w').write('planted = True')\nfinally:\n"
                        + "    try:\n        os.remove(p)\n    except OSError:\n        pass",
                "append_os_py", "import os; open(os.__file__, 'a').close()",
                "read_os_py", "import os; assert 'def ' in open(os.__file__).read()"));
        assertEquals("allowed", outcomes.path("read_os_py").asText(), outcomes.toString());
        for (String write : List.of("plant_module", "append_os_py")) {
            assertTrue(outcomes.path(write).asText().startsWith("PermissionError")
                    || outcomes.path(write).asText().startsWith("OSError"), write + ": " + outcomes);
        }
    }

    @Test
    void tasksCannotChangeOrRaiseTheJvmsSignals() throws Exception {
        Map<String, String> before = TckEnvironment.jvmSignalHandlers();
        JsonNode outcomes = probe(Map.of(
                // Virtualised: recorded for the context, never installed in the JVM.
                "ignore_sigint", "import signal\nassert signal.signal(signal.SIGINT, signal.SIG_IGN) is not None\n"
                        + "assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN",
                "handle_sigterm", "import signal; signal.signal(signal.SIGTERM, lambda *args: None)",
                "reimported", "import sys\nsys.modules.pop('_signal', None)\nimport _signal\n_signal.signal(2, _signal.SIG_IGN)",
                "reloaded", "import importlib, _signal\nimportlib.reload(_signal)\n_signal.signal(15, _signal.SIG_IGN)",
                // What would signal the JVM itself is refused.
                "raise_signal", "import signal; signal.raise_signal(signal.SIGTERM)",
                "alarm", "import signal; signal.alarm(1)",
                "setitimer", "import signal; signal.setitimer(signal.ITIMER_REAL, 0.5)",
                "kill_host", "import os, signal; os.kill(os.getpid(), signal.SIGTERM)",
                "kill_group", "import os, signal; os.kill(0, signal.SIGTERM)",
                "stdin", "input()"));
        assertEquals(before, TckEnvironment.jvmSignalHandlers(), "a task changed the JVM's signal handlers: " + outcomes);
        for (String allowed : List.of("ignore_sigint", "handle_sigterm", "reimported", "reloaded")) {
            assertEquals("allowed", outcomes.path(allowed).asText(), allowed + ": " + outcomes);
        }
        for (String refused : List.of("raise_signal", "alarm", "setitimer", "kill_host", "kill_group")) {
            assertTrue(outcomes.path(refused).asText().startsWith("PermissionError"), refused + ": " + outcomes);
        }
        // The host's standard input is never the task's: input() ends at once instead of blocking the context.
        assertTrue(outcomes.path("stdin").asText().startsWith("EOFError"), "stdin: " + outcomes);
    }


    private JsonNode probe(Map<String, String> probes) {
        StringBuilder json = new StringBuilder("{\"probes\": {");
        probes.forEach((name, code) -> json.append('"').append(name).append("\": ")
                .append(com.fasterxml.jackson.databind.node.TextNode.valueOf(code)).append(','));
        json.setLength(json.length() - 1);
        return run("probe", Context.fromJson(json.append("}}").toString())).get("outcomes").orElseThrow();
    }

    @Test
    void packagesWithTheSameModuleNamesAreIsolated() {
        long start = System.nanoTime();
        try (LoadedPackage a = runtime.load(GraalFixtures.pkg("twin_a", "graal-twin-a", "twin"));
             LoadedPackage b = runtime.load(GraalFixtures.pkg("twin_b", "graal-twin-b", "twin"))) {
            System.out.printf("two more packages loaded on the shared engine in %d ms%n",
                    (System.nanoTime() - start) / 1_000_000);
            for (int round = 0; round < 2; round++) {
                assertEquals("twin-a", await(a.executor().execute("which", new Context())).get("which").orElseThrow().asText());
                assertEquals("twin-b", await(b.executor().execute("which", new Context())).get("which").orElseThrow().asText());
            }
        }
    }

    @Test
    void closingAPackageCancelsItsRunningAndQueuedTasks() {
        LoadedPackage own = runtime.load(GraalFixtures.pkg("basics", "graal-basics-closing", "basics.tasks"));
        List<CompletableFuture<Context>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) { // two contexts: two run, two wait in the queue
            futures.add(own.executor().execute("spin", new Context(), ExecutionOptions.withTimeout(Duration.ofMinutes(5))));
        }
        own.close();
        for (CompletableFuture<Context> future : futures) {
            CompletionException error = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                    () -> future.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join());
            assertInstanceOf(TaskError.Cancelled.class, error.getCause(), String.valueOf(error.getCause()));
        }
        assertInstanceOf(TaskError.Cancelled.class, org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> own.executor().execute("echo", new Context()).join()).getCause(), "execute after close");
    }

    @Test
    void runningTasksRetainsNothingPerTaskAndStartsNoThreads() {
        // Each task carries ~4 KB of text in and out: if anything kept a task's input, output, reply or a
        // source parsed for it, 2,000 tasks would keep over 8 MB. Measured: a few KB (Truffle and GraalPy settle
        // within the warm-up). Two rounds, and the larger growth counts: what earlier tests of this class
        // release late (their closed contexts) can lower one round, but a leak raises both. The margin is wide
        // on purpose: this catches a leak, it does not weigh bytes.
        String text = "x".repeat(4096);
        int tasks = 2_000;
        awaitAllContexts(); // the second context is built in the background after the load: ~11 MB, once
        for (int i = 0; i < 200; i++) {
            runPair(text);
        }
        long controlThreadsBefore = controlThreads();
        long[] heap = new long[3];
        heap[0] = heapAfterGc();
        for (int round = 1; round <= 2; round++) {
            for (int i = 0; i < tasks / 2; i++) {
                runPair(text);
            }
            heap[round] = heapAfterGc();
        }
        long controlThreadsAfter = controlThreads();
        long grown = Math.max(heap[1] - heap[0], heap[2] - heap[1]);
        System.out.printf("heap after GC: %,d kB, then %,d kB and %,d kB after %,d more tasks each%n",
                heap[0] / 1024, heap[1] / 1024, heap[2] / 1024, tasks);
        assertTrue(grown < 6L * 1024 * 1024, "the heap kept " + grown / 1024 + " kB more after " + tasks
                + " tasks (" + grown / tasks + " bytes per task)");
        // Tasks that end by themselves need no control thread (those stop timed-out and cancelled tasks).
        assertTrue(controlThreadsAfter <= controlThreadsBefore, "control threads went from " + controlThreadsBefore
                + " to " + controlThreadsAfter + " while tasks only finished normally");
    }

    private static long controlThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().startsWith("cloacina-graal-control-")).count();
    }

    /**
     * Contexts are pre-started in the background after a load; waits (bounded) until both exist. Sleeps rather
     * than spins: on two cores a spinning test thread would slow down the very start it waits for.
     */
    private void awaitAllContexts() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            while (((GraalPackage) basics).contexts() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the package's contexts", e);
        }
        assertEquals(2, ((GraalPackage) basics).contexts(), "contexts started within " + WAIT);
    }

    /** Two tasks at once, so that both contexts of the package serve tasks. */
    private void runPair(String text) {
        Context input = new Context().set("big", 1).set("text", text);
        CompletableFuture<Context> a = basics.executor().execute("echo", input);
        CompletableFuture<Context> b = basics.executor().execute("echo", input);
        assertEquals(text.length() + 2, await(a).get("text").orElseThrow().asText().length());
        assertEquals(text.length() + 2, await(b).get("text").orElseThrow().asText().length());
    }

    /**
     * Heap in use once garbage is gone: collects until three collections in a row agree within 256 kB, so that
     * what earlier tests released late (closed contexts, references cleared in the next cycle) is gone too.
     * (Runtime's figures, not java.management's: this module does not read java.management.)
     */
    private static long heapAfterGc() {
        java.lang.ref.WeakReference<Object> canary = new java.lang.ref.WeakReference<>(new Object());
        Runtime jvm = Runtime.getRuntime();
        long previous = Long.MAX_VALUE;
        long used = 0;
        int agreeing = 0;
        try {
            for (int round = 0; round < 20 && agreeing < 2; round++) {
                System.gc();
                Thread.sleep(100); // cleaner threads get to drop what the collection made unreachable
                used = jvm.totalMemory() - jvm.freeMemory();
                agreeing = Math.abs(previous - used) < 256 * 1024 ? agreeing + 1 : 0;
                previous = used;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while measuring the heap", e);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(canary.get() == null,
                "System.gc() did not collect in this JVM (-XX:+DisableExplicitGC?): heap growth cannot be measured");
        return used;
    }

    @Test
    void unknownTaskIsTaskNotFound() {
        TaskError error = failure("no_such_task", Duration.ofSeconds(30));
        assertInstanceOf(TaskError.TaskNotFound.class, error, error.describe());
    }

    private static String pythonString(Path path) {
        return "'" + path.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private Context run(String taskId, Context input) {
        return await(basics.executor().execute(taskId, input));
    }

    private static Context await(CompletableFuture<Context> future) {
        try {
            return future.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof TaskError error) {
                throw new AssertionError(error.describe(), error);
            }
            throw e;
        }
    }

    private TaskError failure(String taskId, Duration timeout) {
        return TaskErrorAssert.failureOf(basics.executor().execute(taskId, new Context(),
                ExecutionOptions.withTimeout(timeout)), WAIT);
    }
}
