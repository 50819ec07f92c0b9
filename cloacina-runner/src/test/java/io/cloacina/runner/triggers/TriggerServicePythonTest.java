package io.cloacina.runner.triggers;

import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.packaging.OpenedPackage;
import io.cloacina.packaging.PackageReader;
import io.cloacina.python.subprocess.SubprocessRuntime;
import io.cloacina.python.subprocess.SubprocessSettings;
import io.cloacina.runner.WorkflowResult;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.PythonRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The trigger service polling real Python on the subprocess backend. Each test writes its own small package; runs
 * that must stay running wait for a file the test creates. Every wait is bounded.
 *
 * <p>Triggers that count their polls in a module global run on one worker: a package on the subprocess backend
 * has a Python per worker, each with its own globals, and a poll goes to whichever is idle. The concurrency test
 * has three, so that two runs and a poll can be under way at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TriggerServicePythonTest {

    /** One worker: module globals see every poll. */
    private PythonRuntime runtime;
    /** Three workers per package. */
    private PythonRuntime wide;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @TempDir
    Path temp;

    @BeforeAll
    void startBackend() {
        runtime = new SubprocessRuntime(SubprocessSettings.fromEnvironment().withWorkers(1));
        wide = new SubprocessRuntime(SubprocessSettings.fromEnvironment().withWorkers(3));
        assumeTrue(runtime.availability().available(), () -> "python3 is needed: " + runtime.availability());
    }

    @AfterAll
    void stopBackend() {
        if (runtime != null) {
            runtime.close();
            wide.close();
        }
    }

    @AfterEach
    void closePackages() throws Exception {
        for (AutoCloseable closeable : toClose.reversed()) {
            closeable.close();
        }
        toClose.clear();
    }

    /** Writes a manifest.json package named {@code name} whose entry module is {@code source}, and loads it. */
    private LoadedPackage load(String name, String source) throws IOException {
        return load(runtime, name, source);
    }

    private LoadedPackage load(PythonRuntime backend, String name, String source) throws IOException {
        Path root = temp.resolve(name);
        Files.createDirectories(root.resolve("workflow"));
        Files.writeString(root.resolve("manifest.json"), """
                {"format_version": "2", "language": "python",
                 "package": {"name": "%s", "version": "1.0.0"},
                 "python": {"entry_module": "%s_tasks"}}""".formatted(name, name));
        Files.writeString(root.resolve("workflow").resolve(name + "_tasks.py"), source);
        OpenedPackage opened = new PackageReader().open(root);
        toClose.add(opened);
        LoadedPackage loaded = backend.load(opened.pythonPackage());
        toClose.add(loaded);
        return loaded;
    }

    /** Python that waits (at most 60 s) for the file {@code gate}. */
    private static String holdUntil(Path gate) {
        return """
                @cloaca.task(id="hold")
                def hold(context):
                    deadline = time.time() + 60
                    while not os.path.exists(%s) and time.time() < deadline:
                        time.sleep(0.02)
                    context["released"] = os.path.exists(%s)
                    return context
                """.formatted(pyString(gate), pyString(gate));
    }

    private static String pyString(Path path) {
        return "'" + path.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Test
    void a_trigger_that_fires_on_its_third_poll_starts_exactly_one_run_with_the_fired_context() throws Exception {
        LoadedPackage pkg = load("intake", """
                import cloaca

                POLLS = []

                @cloaca.task(id="ingest")
                def ingest(context):
                    context["ingested"] = len(context.get("files", []))
                    return context

                @cloaca.trigger(name="third_time", poll_interval="50ms")
                def third_time():
                    POLLS.append(1)
                    if len(POLLS) == 3:
                        return cloaca.TriggerResult.fire(cloaca.Context({"files": ["a.csv", "b.csv"], "poll": len(POLLS)}))
                    return cloaca.TriggerResult.skip()
                """);
        Recorder recorder = new Recorder();
        TriggerService service = TriggerService.builder().add(runtime, pkg).listener(recorder).build();
        assertEquals("every 50ms", service.triggers().get(0).schedule());
        assertEquals("intake", service.triggers().get(0).workflow(), "no on=: the package's only workflow");
        service.start();
        try {
            // Three polls after the run's end: had a later poll fired too, its run would have started by then.
            recorder.await("the run's end and 6 polls", () -> recorder.finished.size() == 1 && recorder.polls.size() >= 6);
        } finally {
            assertTrue(service.shutdown(Duration.ofSeconds(30)));
        }
        recorder.read(() -> {
            assertEquals(List.of(new PollOutcome.Skipped(), new PollOutcome.Skipped()), recorder.polls.subList(0, 2));
            PollOutcome.Fired fired = assertInstanceOf(PollOutcome.Fired.class, recorder.polls.get(2));
            assertEquals("{\"files\":[\"a.csv\",\"b.csv\"],\"poll\":3}", fired.context().orElseThrow().toJson());
            assertTrue(recorder.polls.subList(3, recorder.polls.size()).stream().allMatch(PollOutcome.Skipped.class::isInstance),
                    recorder.log::toString);
            assertEquals(1, recorder.started.size(), recorder.log::toString);
            TriggeredRun run = recorder.started.get(0);
            assertEquals("{\"files\":[\"a.csv\",\"b.csv\"],\"poll\":3}", run.initial().toJson());
            WorkflowResult result = recorder.finished.get(run.number());
            assertTrue(result.succeeded(), result::toString);
            assertEquals("{\"files\":[\"a.csv\",\"b.csv\"],\"poll\":3,\"ingested\":2}",
                    result.finalContext().orElseThrow().toJson());
            return null;
        });
    }

    @Test
    void without_allow_concurrent_a_trigger_is_not_polled_while_its_run_is_going() throws Exception {
        Path gate = temp.resolve("serial.gate");
        LoadedPackage pkg = load("serial", """
                import os, time
                import cloaca

                CALLS = []
                """ + holdUntil(gate) + """

                @cloaca.trigger(name="always", on="serial", poll_interval="50ms")
                def always():
                    CALLS.append(1)
                    return cloaca.TriggerResult.fire(cloaca.Context({"call": len(CALLS)}))
                """);
        Recorder recorder = new Recorder();
        TriggerService service = TriggerService.builder().add(runtime, pkg).listener(recorder).build();
        service.start();
        try {
            recorder.await("5 polls skipped during the first run", () -> recorder.skips.size() >= 5);
            recorder.read(() -> {
                assertEquals(1, recorder.started.size(), recorder.log::toString);
                assertEquals(1, recorder.polls.size(), "the function is not called while the run goes on");
                assertTrue(recorder.finished.isEmpty(), recorder.log::toString);
                assertTrue(recorder.skips.get(0).contains("allow_concurrent=False"), recorder.skips.get(0));
                return null;
            });
            Files.createFile(gate);
            // Once the run is over the trigger is polled again, and it fires again: the next run starts.
            recorder.await("the first run's end and a second run", () -> recorder.finished.size() >= 1
                    && recorder.started.size() >= 2);
            recorder.read(() -> {
                assertEquals("{\"call\":2}", recorder.started.get(1).initial().toJson(),
                        "the second call of the function fired the second run");
                return null;
            });
        } finally {
            assertTrue(service.shutdown(Duration.ofSeconds(30)), "runs end by themselves once the gate is open");
        }
    }

    @Test
    void with_allow_concurrent_every_fire_starts_another_run() throws Exception {
        Path gate = temp.resolve("parallel.gate");
        LoadedPackage pkg = load(wide, "parallel", """
                import os, time
                import cloaca
                """ + holdUntil(gate) + """

                @cloaca.trigger(name="always", on="parallel", poll_interval="50ms", allow_concurrent=True)
                def always():
                    return True
                """);
        Recorder recorder = new Recorder();
        TriggerService service = TriggerService.builder().add(wide, pkg).listener(recorder).build();
        service.start();
        try {
            recorder.await("two runs under way at once", () -> recorder.started.size() >= 2);
            recorder.read(() -> {
                assertTrue(recorder.finished.isEmpty(), "both runs wait for the gate: " + recorder.log);
                assertTrue(recorder.skips.isEmpty(), recorder.log::toString);
                return null;
            });
            assertTrue(service.runningRuns().size() >= 2, () -> "running: " + service.runningRuns());
            Files.createFile(gate);
        } finally {
            assertTrue(service.shutdown(Duration.ofSeconds(30)));
        }
        recorder.read(() -> {
            assertEquals(recorder.started.size(), recorder.finished.size(), "every run reported its end");
            assertTrue(recorder.finished.values().stream().allMatch(WorkflowResult::succeeded), recorder.log::toString);
            return null;
        });
    }

    @Test
    void a_trigger_that_raises_is_reported_with_its_python_type_and_polled_again() throws Exception {
        LoadedPackage pkg = load("flaky", """
                import cloaca

                POLLS = []

                @cloaca.task(id="mark")
                def mark(context):
                    context["marked"] = True
                    return context

                @cloaca.trigger(name="feed", poll_interval="50ms")
                def feed():
                    POLLS.append(1)
                    if len(POLLS) <= 2:
                        raise ConnectionError(f"feed down (poll {len(POLLS)})")
                    return len(POLLS) == 3
                """);
        Recorder recorder = new Recorder();
        TriggerService service = TriggerService.builder().add(runtime, pkg).listener(recorder).build();
        service.start();
        try {
            recorder.await("a run and 5 polls", () -> recorder.finished.size() == 1 && recorder.polls.size() >= 5);
        } finally {
            assertTrue(service.shutdown(Duration.ofSeconds(30)));
        }
        recorder.read(() -> {
            for (int poll = 0; poll < 2; poll++) {
                PollOutcome.Failed failed = assertInstanceOf(PollOutcome.Failed.class, recorder.polls.get(poll));
                TaskError error = failed.error();
                assertEquals("ConnectionError", error.pythonType().orElse(null), error.describe());
                assertEquals("::trigger::feed", error.taskId());
                assertTrue(error.getMessage().contains("feed down (poll " + (poll + 1) + ")"), error.getMessage());
                assertTrue(error.traceback().orElse("").contains("flaky_tasks.py"), error.describe());
            }
            assertEquals(new PollOutcome.Fired(java.util.Optional.empty()), recorder.polls.get(2), "True fires with no context");
            assertEquals(new Context(), recorder.started.get(0).initial());
            assertEquals(1, recorder.started.size());
            assertTrue(recorder.finished.get(recorder.started.get(0).number()).succeeded());
            return null;
        });
    }

    @Test
    void a_poll_past_the_poll_timeout_fails_with_timeout_and_the_trigger_is_polled_again() throws Exception {
        Path marker = temp.resolve("slow.marker");
        LoadedPackage pkg = load("slow", """
                import os, time
                import cloaca

                @cloaca.task(id="work")
                def work(context):
                    return context

                @cloaca.trigger(name="slow", poll_interval="50ms")
                def slow():
                    if not os.path.exists(%s):
                        open(%s, "w").close()
                        time.sleep(30)
                    return True
                """.formatted(pyString(marker), pyString(marker)));
        Recorder recorder = new Recorder();
        TriggerService service = TriggerService.builder().add(runtime, pkg).listener(recorder)
                .pollTimeout(Duration.ofMillis(500)).build();
        service.start();
        try {
            recorder.await("a timed-out poll, then a run", () -> recorder.finished.size() == 1);
        } finally {
            assertTrue(service.shutdown(Duration.ofSeconds(30)));
        }
        recorder.read(() -> {
            PollOutcome.Failed failed = assertInstanceOf(PollOutcome.Failed.class, recorder.polls.get(0));
            assertInstanceOf(TaskError.Timeout.class, failed.error(), failed.error()::describe);
            assertInstanceOf(PollOutcome.Fired.class, recorder.polls.get(1));
            return null;
        });
    }

    @Test
    void shutdown_gives_running_runs_the_grace_period_then_cancels_them_and_leaves_no_thread() throws Exception {
        Path gate = temp.resolve("never.gate");
        LoadedPackage pkg = load("stuck", """
                import os, time
                import cloaca
                """ + holdUntil(gate) + """

                @cloaca.trigger(name="once", on="stuck", poll_interval="1h")
                def once():
                    return True
                """);
        Recorder recorder = new Recorder();
        TriggerService service = TriggerService.builder().add(runtime, pkg).listener(recorder).build();
        service.start();
        recorder.await("the run's start", () -> recorder.started.size() == 1);
        long began = System.nanoTime();
        boolean clean = service.shutdown(Duration.ofMillis(500));
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        assertFalse(clean, "the run had to be cancelled");
        assertTrue(took.compareTo(Duration.ofMillis(450)) >= 0, "the grace period was given: " + took);
        assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "cancelled promptly after it: " + took);
        recorder.read(() -> {
            WorkflowResult result = recorder.finished.get(recorder.started.get(0).number());
            assertEquals(WorkflowResult.Status.CANCELLED, result == null ? null : result.status(), recorder.log::toString);
            return null;
        });
        assertTrue(service.runningRuns().isEmpty());
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("cloacina-triggers")),
                "the service's thread ended");
        assertTrue(service.shutdown(Duration.ZERO) == clean, "a second shutdown returns what the first did");
    }
}
