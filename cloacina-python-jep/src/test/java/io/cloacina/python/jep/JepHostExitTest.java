package io.cloacina.python.jep;

import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.spi.LoadedPackage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A task shares the JVM's process under Jep: whatever would end or signal that process must become a task
 * error instead. Before the guard, {@code os._exit(0)} ended this very test JVM with status 0 (Surefire then
 * reports the fork as crashed), so each case here is its own regression test.
 */
class JepHostExitTest {

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

    private static Throwable failureOf(CompletableFuture<Context> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
        return e.getCause();
    }
}
