package io.cloacina.python.subprocess;

import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.spi.LoadedPackage;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backend's flight-recorder events, read back from a live recording of this JVM. */
class WorkerEventsTest {

    private static final long WAIT_SECONDS = 30;
    private static final String TASKS = """
            import os
            import time
            from cloaca import task

            @task
            def quick(context):
                context["ok"] = True

            @task
            def gated(context):
                # Waits for the test to create the file, so that the test's dependent is attached first.
                deadline = time.monotonic() + 30
                while not os.path.exists(context["gate"]) and time.monotonic() < deadline:
                    time.sleep(0.005)
                context["ok"] = os.path.exists(context["gate"])

            @task
            def exits(context):
                os._exit(7)
            """;

    @TempDir
    Path folder;
    private SubprocessRuntime runtime;
    private LoadedPackage pkg;
    private RecordingStream recording;
    private final List<RecordedEvent> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        recording = new RecordingStream();
        recording.enable("io.cloacina.subprocess.WorkerReplaced");
        recording.enable("io.cloacina.subprocess.ReadingHandedOff");
        recording.onEvent(seen::add);
        recording.startAsync();
        runtime = new SubprocessRuntime(SubprocessSettings.fromEnvironment().withWorkers(1));
        pkg = runtime.load(TestPackages.write(folder.resolve("pkg"), "jfrpkg", "jfrtasks", Map.of("jfrtasks.py", TASKS)));
    }

    @AfterEach
    void stop() {
        if (pkg != null) {
            pkg.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        recording.close();
    }

    /** Waits for the recording to deliver an event of that name (it flushes about once a second). */
    private RecordedEvent awaitEvent(String name, CountDownLatch arrived) throws InterruptedException {
        assertTrue(arrived.await(WAIT_SECONDS, TimeUnit.SECONDS), "no " + name + " event within " + WAIT_SECONDS
                + " s; seen: " + seen);
        return seen.stream().filter(e -> e.getEventType().getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void a_worker_that_dies_is_recorded_as_replaced_with_how_it_ended() throws Exception {
        CountDownLatch replaced = new CountDownLatch(1);
        recording.onEvent("io.cloacina.subprocess.WorkerReplaced", e -> replaced.countDown());

        ExecutionException crash = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> pkg.executor().execute("exits", new Context()).get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(TaskError.WorkerCrashed.class, crash.getCause());
        // The next task runs on the worker started in its place.
        assertEquals(Boolean.TRUE, pkg.executor().execute("quick", new Context()).get(WAIT_SECONDS, TimeUnit.SECONDS)
                .get("ok").map(n -> n.asBoolean()).orElse(false));

        RecordedEvent event = awaitEvent("io.cloacina.subprocess.WorkerReplaced", replaced);
        assertEquals("jfrpkg", event.getString("packageName"));
        assertTrue(event.getString("oldWorker").contains("pid"), event.toString());
        assertTrue(event.getString("oldWorkerEnd").contains("ended by itself, exit code 7"), event.toString());
        assertTrue(event.getString("newWorker").contains("pid"), event.toString());
        assertNull(event.getString("problem"));
        assertTrue(event.getDuration().compareTo(Duration.ZERO) > 0, "the replacement's start takes time");
    }

    @Test
    void a_completion_that_holds_its_worker_hands_the_reading_off() throws Exception {
        CountDownLatch handedOff = new CountDownLatch(1);
        recording.onEvent("io.cloacina.subprocess.ReadingHandedOff", e -> handedOff.countDown());

        // A dependent that runs on the worker's reader and keeps it until the hand-off is recorded: the pool must
        // let another thread read the worker (100 ms on), and the next task must run meanwhile.
        Path gate = folder.resolve("gate");
        CompletableFuture<Context> first = pkg.executor().execute("gated", new Context().set("gate", gate.toString()));
        CompletableFuture<Context> second = first.thenCompose(done -> {
            CompletableFuture<Context> next = pkg.executor().execute("quick", new Context());
            try {
                next.get(WAIT_SECONDS, TimeUnit.SECONDS); // needs the same (only) worker
                handedOff.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
            return next;
        });
        java.nio.file.Files.createFile(gate);
        assertTrue(second.get(WAIT_SECONDS * 2, TimeUnit.SECONDS).get("ok").isPresent());
        assertTrue(first.get().get("ok").orElseThrow().asBoolean(), "the gated task saw its gate");

        RecordedEvent event = awaitEvent("io.cloacina.subprocess.ReadingHandedOff", handedOff);
        assertEquals("jfrpkg", event.getString("packageName"));
        assertEquals("gated", event.getString("task"));
        assertTrue(event.getString("worker").contains("pid"), event.toString());
    }
}
