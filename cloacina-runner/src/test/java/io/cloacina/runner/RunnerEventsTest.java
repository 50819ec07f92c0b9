package io.cloacina.runner;

import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.spi.RetryPolicy;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runner's flight-recorder events: recorded, dumped to a file and read back. */
class RunnerEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private FakePackage fake;

    @AfterEach
    void close() {
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void every_attempt_is_recorded_with_its_start_and_how_it_ended(@TempDir Path folder) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        fake = FakePackage.builder().task("extract", List.of(), FakePackage.sync(input -> {
            if (calls.incrementAndGet() == 1) {
                throw new TaskError.ExecutionFailed("extract", "reset", "ConnectionError", null);
            }
            return input;
        })).marker("load", "extract").build();
        FakeRuntime runtime = new FakeRuntime(fake, 2, new ArrayList<>());
        WorkflowRunner runner = WorkflowRunner.builder().retryPolicy("extract", new RetryPolicy(2,
                new RetryPolicy.Backoff.Fixed(), Duration.ofMillis(1), Duration.ofMillis(1), false,
                List.of(new RetryPolicy.Condition.AllErrors()))).build();

        Path dump = folder.resolve("run.jfr");
        WorkflowRun run;
        try (Recording recording = new Recording()) {
            recording.enable("io.cloacina.TaskAttemptStarted");
            recording.enable("io.cloacina.TaskAttempt");
            recording.start();
            run = runner.start(runtime, runtime.load(fake.pythonPackage()), new Context());
            assertTrue(run.await(WAIT).succeeded());
            recording.stop();
            recording.dump(dump);
        }

        List<RecordedEvent> events = RecordingFile.readAllEvents(dump);
        List<RecordedEvent> starts = named(events, "io.cloacina.TaskAttemptStarted");
        List<RecordedEvent> attempts = named(events, "io.cloacina.TaskAttempt");
        assertEquals(List.of("extract#1", "extract#2", "load#1"), starts.stream().map(RunnerEventsTest::key).toList());
        assertEquals(List.of("extract#1 failed ConnectionError", "extract#2 succeeded null", "load#1 succeeded null"),
                attempts.stream().map(e -> key(e) + " " + e.getString("outcome") + " " + e.getString("errorType")).toList());
        for (RecordedEvent event : events) {
            assertEquals(run.runId(), event.getString("runId"));
            assertEquals("fake", event.getString("packageName"));
            assertEquals("fake", event.getString("backend"));
            assertNull(event.getStackTrace(), "recorded without a stack trace: they are many and cheap");
        }
        RecordedEvent firstStart = starts.get(0);
        RecordedEvent firstAttempt = attempts.get(0);
        assertTrue(!firstAttempt.getStartTime().isBefore(firstStart.getStartTime().minusMillis(1)),
                "the attempt's span starts when it counts as started");
    }

    @Test
    void nothing_is_begun_while_no_recording_wants_the_events() {
        RunInfo info = new RunInfo("r", "p", "w", "b", TaskGraph.of(List.of()), 1);
        assertNull(RunnerEvents.started(info, "t", 1), "a disabled event is dropped at once");
        RunnerEvents.finished(null, null); // and ending nothing is fine
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name))
                .sorted(Comparator.comparing(RecordedEvent::getStartTime)).toList();
    }

    private static String key(RecordedEvent event) {
        return event.getString("task") + "#" + event.getInt("attempt");
    }
}
