package io.cloacina.python.jep;

import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.tck.TaskErrorAssert;
import io.cloacina.spi.PythonPackage;
import io.cloacina.spi.ExecutionOptions;
import io.cloacina.spi.LoadedPackage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JepRuntimeTest {

    private static JepRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = JepBackend.availableRuntime();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    /** A second runtime: this JVM's settings with one of them changed (the caller closes it). */
    private static JepRuntime runtimeWith(String key, String value) {
        java.util.Properties properties = new java.util.Properties();
        properties.putAll(System.getProperties());
        properties.setProperty(key, value);
        return new JepRuntime(properties, System.getenv());
    }

    private static Throwable failureOf(java.util.concurrent.CompletableFuture<Context> future) {
        return TaskErrorAssert.failureOf(future, Duration.ofSeconds(30));
    }

    @Test
    void runsATaskAndReturnsItsContext(@TempDir Path dir) throws Exception {
        PythonPackage pkg = TestPackages.single(dir, "hello", String.join("\n",
                "from cloaca import task",
                "@task(id='greet')",
                "def greet(ctx):",
                "    ctx['greeting'] = 'hello ' + ctx['name']",
                "    ctx['big'] = 2 ** 100",
                "    return ctx"));
        try (LoadedPackage loaded = runtime.load(pkg)) {
            assertEquals("greet", loaded.discovery().tasks().get(0).id());
            Context out = loaded.executor().execute("greet", new Context().set("name", "world"))
                    .get(30, TimeUnit.SECONDS);
            assertEquals("hello world", out.get("greeting").orElseThrow().asText());
            assertEquals("1267650600228229401496703205376", out.get("big").orElseThrow().bigIntegerValue().toString());
        }
    }

    @Test
    void systemExitInATaskIsAFailureNotTheEndOfTheJvm(@TempDir Path dir) throws Exception {
        PythonPackage pkg = TestPackages.single(dir, "exits", String.join("\n",
                "import sys",
                "from cloaca import task",
                "@task(id='leave')",
                "def leave(ctx):",
                "    sys.exit(3)",
                "@task(id='stay')",
                "def stay(ctx):",
                "    return {'alive': True}"));
        try (LoadedPackage loaded = runtime.load(pkg)) {
            Throwable error = failureOf(loaded.executor().execute("leave", new Context()));
            TaskError.ExecutionFailed failed = assertInstanceOf(TaskError.ExecutionFailed.class, error);
            assertEquals("SystemExit", failed.pythonType().orElseThrow());
            assertTrue(loaded.executor().execute("stay", new Context()).get(30, TimeUnit.SECONDS)
                    .get("alive").orElseThrow().asBoolean());
        }
    }

    @Test
    void aPurePythonLoopIsInterruptedAtItsTimeoutAndThePackageStaysUsable(@TempDir Path dir) throws Exception {
        PythonPackage pkg = TestPackages.single(dir, "spins", String.join("\n",
                "from cloaca import task",
                "@task(id='spin')",
                "def spin(ctx):",
                "    n = 0",
                "    while True:",
                "        n += 1",
                "@task(id='after')",
                "def after(ctx):",
                "    return {'ran': True}"));
        try (LoadedPackage loaded = runtime.load(pkg)) {
            Throwable error = failureOf(loaded.executor().execute("spin", new Context(),
                    ExecutionOptions.withTimeout(Duration.ofMillis(300))));
            assertInstanceOf(TaskError.Timeout.class, error);
            // Only answers if the spinning task really stopped: the package has one interpreter thread.
            assertTrue(loaded.executor().execute("after", new Context()).get(30, TimeUnit.SECONDS)
                    .get("ran").orElseThrow().asBoolean());
        }
    }

    @Test
    void twoPackagesWithTheSameModuleNamesStayApart(@TempDir Path dir) throws Exception {
        String task = String.join("\n",
                "from cloaca import task",
                "from helpers import VALUE",
                "@task(id='which')",
                "def which(ctx):",
                "    return {'value': VALUE}");
        PythonPackage first = TestPackages.write(dir.resolve("a"), "a", "tasks",
                Map.of("tasks.py", task, "helpers.py", "VALUE = 'from a'"));
        PythonPackage second = TestPackages.write(dir.resolve("b"), "b", "tasks",
                Map.of("tasks.py", task, "helpers.py", "VALUE = 'from b'"));
        try (LoadedPackage a = runtime.load(first); LoadedPackage b = runtime.load(second)) {
            for (int i = 0; i < 3; i++) {
                assertEquals("from a", a.executor().execute("which", new Context()).get(30, TimeUnit.SECONDS)
                        .get("value").orElseThrow().asText());
                assertEquals("from b", b.executor().execute("which", new Context()).get(30, TimeUnit.SECONDS)
                        .get("value").orElseThrow().asText());
            }
        }
    }

    @Test
    void aPythonExceptionCarriesItsTypeMessageAndTraceback(@TempDir Path dir) throws Exception {
        PythonPackage pkg = TestPackages.single(dir, "raises", String.join("\n",
                "from cloaca import task",
                "@task(id='boom')",
                "def boom(ctx):",
                "    raise ValueError('bad order 42')"));
        try (LoadedPackage loaded = runtime.load(pkg)) {
            TaskError.ExecutionFailed failed = assertInstanceOf(TaskError.ExecutionFailed.class,
                    failureOf(loaded.executor().execute("boom", new Context())));
            assertEquals("ValueError", failed.pythonType().orElseThrow());
            assertTrue(failed.getMessage().contains("bad order 42"), failed.getMessage());
            String traceback = failed.traceback().orElseThrow();
            assertTrue(traceback.contains("tasks.py") && traceback.contains("line 4"), traceback);
        }
    }

    @Test
    void aMissingEntryModuleIsImportFailedAndLeavesNoThreadBehind(@TempDir Path dir) throws Exception {
        PythonPackage pkg = TestPackages.write(dir, "broken", "nothing.here", Map.of("other.py", "x = 1"));
        TaskError.ImportFailed failed = assertThrows(TaskError.ImportFailed.class, () -> runtime.load(pkg));
        assertTrue(failed.getMessage().contains("nothing.here"), failed.getMessage());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (JepThreadingTest.threadNames().stream().anyMatch(n -> n.startsWith("cloacina-jep-broken-"))
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(JepThreadingTest.threadNames().stream().noneMatch(n -> n.startsWith("cloacina-jep-broken-")));
    }

    @Test
    void serviceLoaderFindsItAsJep() {
        assertTrue(io.cloacina.runtime.PythonRuntimes.discover(getClass().getClassLoader()).stream()
                .anyMatch(candidate -> candidate.name().equals("jep") && candidate.available()));
    }

    @Test
    void javaImportsAreRefusedUnlessAskedFor(@TempDir Path dir) throws Exception {
        String source = String.join("\n",
                "from cloaca import task",
                "@task(id='java')",
                "def java(ctx):",
                "    from java.lang import System",
                "    return {'separator': str(System.getProperty('file.separator'))}");
        try (LoadedPackage loaded = runtime.load(TestPackages.single(dir.resolve("off"), "off", source))) {
            TaskError.ImportFailed failed = assertInstanceOf(TaskError.ImportFailed.class,
                    failureOf(loaded.executor().execute("java", new Context())));
            assertTrue(failed.getMessage().contains("No module named 'java'"), failed.getMessage());
        }
        JepRuntime withJava = runtimeWith(JepRuntime.JAVA_IMPORTS_PROPERTY, "true");
        try (LoadedPackage loaded = withJava.load(TestPackages.single(dir.resolve("on"), "on", source))) {
            assertEquals("/", loaded.executor().execute("java", new Context()).get(60, TimeUnit.SECONDS)
                    .get("separator").orElseThrow().asText());
        } finally {
            withJava.close();
        }
    }

    @Test
    void anEntryModuleThatNeverFinishesImportingIsStoppedAtTheLoadTimeout(@TempDir Path dir) throws Exception {
        JepRuntime quick = runtimeWith(JepRuntime.LOAD_TIMEOUT_PROPERTY, "1");
        try {
            PythonPackage hangs = TestPackages.single(dir.resolve("hangs"), "hangs", String.join("\n",
                    "n = 0",
                    "while True:",
                    "    n += 1"));
            TaskError.ImportFailed failed = assertThrows(TaskError.ImportFailed.class, () -> quick.load(hangs));
            assertTrue(failed.getMessage().contains("did not finish importing"), failed.getMessage());
            PythonPackage fine = TestPackages.single(dir.resolve("fine"), "fine", String.join("\n",
                    "from cloaca import task",
                    "@task(id='ok')",
                    "def ok(ctx):",
                    "    return {'ok': True}"));
            try (LoadedPackage loaded = quick.load(fine)) {
                assertTrue(loaded.executor().execute("ok", new Context()).get(30, TimeUnit.SECONDS)
                        .get("ok").orElseThrow().asBoolean());
            }
        } finally {
            quick.close();
        }
    }

    // A task shares the JVM's process under Jep: whatever would end or signal that process must become a task
    // error instead. Before the guard, os._exit(0) ended this very test JVM with status 0 (Surefire then reports
    // the fork as crashed), so each case is its own regression test.
    @Test
    void everyWayOfEndingOrSignallingTheHostIsAWorkerCrashNamingTheCall(@TempDir Path dir) throws Exception {
        List<String[]> cases = List.of(
                new String[] {"os._exit(0)", "os._exit(0)"},
                new String[] {"os._exit(3)", "os._exit(3)"},
                new String[] {"posix._exit(0)", "os._exit(0)"},
                new String[] {"os.abort()", "os.abort()"},
                new String[] {"os.kill(os.getpid(), signal.SIGTERM)", "SIGTERM"},
                new String[] {"os.kill(0, signal.SIGINT)", "os.kill(0, SIGINT)"},
                new String[] {"os.killpg(os.getpgrp(), signal.SIGTERM)", "os.killpg"},
                new String[] {"signal.raise_signal(signal.SIGTERM)", "signal.raise_signal(SIGTERM)"},
                // Swallowing the refusal does not turn the attempt into a success.
                new String[] {"try:\n        os._exit(0)\n    except BaseException:\n        pass", "os._exit(0)"},
                // Nor does asking from another thread of the task.
                new String[] {"t = threading.Thread(target=os._exit, args=(0,)); t.start(); t.join()", "os._exit(0)"});
        StringBuilder source = new StringBuilder(String.join("\n",
                "import os, posix, signal, threading",
                "from cloaca import task",
                "@task(id='alive')",
                "def alive(ctx):",
                "    os.kill(os.getpid(), 0)  # signal 0 only checks the process exists: allowed",
                "    return {'alive': True}",
                ""));
        for (int i = 0; i < cases.size(); i++) {
            source.append("@task(id='case").append(i).append("')\ndef case").append(i).append("(ctx):\n    ")
                    .append(cases.get(i)[0]).append("\n    return {'survived': True}\n");
        }
        try (LoadedPackage loaded = runtime.load(TestPackages.single(dir, "host-exit", source.toString()))) {
            for (int i = 0; i < cases.size(); i++) {
                Throwable error = failureOf(loaded.executor().execute("case" + i, new Context()));
                TaskError.WorkerCrashed crashed = assertInstanceOf(TaskError.WorkerCrashed.class, error,
                        cases.get(i)[0] + " -> " + error);
                assertTrue(crashed.getMessage().contains(cases.get(i)[1]), cases.get(i)[0] + ": " + crashed.getMessage());
                assertTrue(crashed.getMessage().contains("refused"), crashed.getMessage());
                assertEquals("case" + i, crashed.taskId());
                // The next task of the same interpreter runs normally (nothing of the refusal lingers).
                assertTrue(loaded.executor().execute("alive", new Context()).get(30, TimeUnit.SECONDS)
                        .get("alive").orElseThrow().asBoolean(), "after " + cases.get(i)[0]);
            }
        }
    }

    @Test
    void theRefusalShowsTheTasksOwnLine(@TempDir Path dir) throws Exception {
        String source = String.join("\n",
                "import os",
                "from cloaca import task",
                "@task(id='bye')",
                "def bye(ctx):",
                "    os._exit(0)  # line 5",
                "");
        try (LoadedPackage loaded = runtime.load(TestPackages.single(dir, "host-exit-line", source))) {
            TaskError error = (TaskError) failureOf(loaded.executor().execute("bye", new Context()));
            assertEquals("cloaca._host.HostExitRefused", error.pythonType().orElseThrow());
            String traceback = error.traceback().orElseThrow();
            assertTrue(traceback.contains("tasks.py\", line 5, in bye"), traceback);
        }
    }

    @Test
    void aTasksEnvironmentChangesAreUndoneWhenItEnds(@TempDir Path dir) throws Exception {
        String source = String.join("\n",
                "import os",
                "from cloaca import task",
                "@task(id='change')",
                "def change(ctx):",
                "    os.environ['CLOACINA_LEAK_PROBE'] = 'leaked'",
                "    ctx['had_path'] = os.environ.pop('PATH', None) is not None",
                "@task(id='look')",
                "def look(ctx):",
                "    ctx['probe'] = os.environ.get('CLOACINA_LEAK_PROBE')",
                "    ctx['has_path'] = 'PATH' in os.environ",
                "");
        // Before: os.environ writes through to the JVM's process environment, so a later package saw them.
        try (LoadedPackage first = runtime.load(TestPackages.single(dir.resolve("a"), "env-a", source))) {
            assertTrue(first.executor().execute("change", new Context()).get(30, TimeUnit.SECONDS)
                    .get("had_path").orElseThrow().asBoolean());
            Context same = first.executor().execute("look", new Context()).get(30, TimeUnit.SECONDS);
            assertTrue(same.get("probe").orElseThrow().isNull(), "the next task of the package: " + same);
            assertTrue(same.get("has_path").orElseThrow().asBoolean(), "PATH restored: " + same);
        }
        try (LoadedPackage second = runtime.load(TestPackages.single(dir.resolve("b"), "env-b", source))) {
            Context other = second.executor().execute("look", new Context()).get(30, TimeUnit.SECONDS);
            assertTrue(other.get("probe").orElseThrow().isNull(), "a package loaded later: " + other);
            assertTrue(other.get("has_path").orElseThrow().asBoolean(), "a package loaded later: " + other);
        }
    }

    @Test
    void childProcessesATaskLeftRunningAreKilledWhenItEnds(@TempDir Path dir) throws Exception {
        String source = String.join("\n",
                "import subprocess",
                "from cloaca import task",
                "@task(id='spawn')",
                "def spawn(ctx):",
                "    ctx['pid'] = subprocess.Popen(['sleep', '600']).pid",
                "");
        try (LoadedPackage loaded = runtime.load(TestPackages.single(dir, "children", source))) {
            long pid = loaded.executor().execute("spawn", new Context()).get(30, TimeUnit.SECONDS)
                    .get("pid").orElseThrow().asLong();
            // Before: the sleep outlived the task, the package and the JVM.
            java.util.Optional<ProcessHandle> child = ProcessHandle.of(pid);
            assertTrue(child.isEmpty() || !child.get().isAlive(), "child " + pid + " still running after its task");
        }
    }
}
