package io.cloacina.runner.triggers;

import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.runner.FakeRuntime;
import io.cloacina.runner.WorkflowResult;
import io.cloacina.spi.DiscoveredTasks;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.PythonPackage;
import io.cloacina.spi.PythonRuntime;
import io.cloacina.spi.TaskDescriptor;
import io.cloacina.spi.TaskDiscovery;
import io.cloacina.spi.TaskExecutor;
import io.cloacina.spi.TriggerDescriptor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cron triggers on a clock the test moves: days of schedule in milliseconds, no sleeping. The package is a Java
 * fake whose trigger always fires and whose one task echoes its input; what Python does is the kit's and
 * {@link TriggerServicePythonTest}'s business.
 */
class TriggerServiceScheduleTest {

    /** A package with one task, {@code work}, and the given triggers; every trigger fires with {@code {"tick": n}}. */
    private static final class ScriptedPackage implements LoadedPackage {
        final ManualClock clock;
        final DiscoveredTasks discovery;
        final List<String> polled = new CopyOnWriteArrayList<>();
        final List<Instant> pollTimes = new CopyOnWriteArrayList<>();

        ScriptedPackage(ManualClock clock, TriggerDescriptor... triggers) {
            this.clock = clock;
            this.discovery = new DiscoveredTasks(List.of(new TaskDescriptor("work", "work", List.of(), false)), List.of(),
                    List.of(triggers));
        }

        @Override
        public PythonPackage pythonPackage() {
            return new PythonPackage("scripted", "1.0", Path.of("scripted"), Path.of("scripted/workflow"), null, "tasks");
        }

        @Override
        public TaskDiscovery discovery() {
            return discovery;
        }

        @Override
        public TaskExecutor executor() {
            return (id, input, options) -> {
                String trigger = TriggerDescriptor.triggerName(id);
                if (trigger != null) {
                    polled.add(trigger);
                    pollTimes.add(clock.now());
                    return CompletableFuture.completedFuture(Context.fromJson(
                            "{\"fire\": true, \"context\": {\"tick\": " + polled.size() + "}}"));
                }
                if (id.equals("work")) {
                    return CompletableFuture.completedFuture(input.mutableCopy().set("worked", "yes"));
                }
                return CompletableFuture.failedFuture(new TaskError.TaskNotFound(id, "scripted"));
            };
        }

        @Override
        public void close() {
        }
    }

    private static final PythonRuntime RUNTIME = new FakeRuntime(2);

    private static TriggerDescriptor cron(String name, String expression, String zone) {
        return new TriggerDescriptor(name, "scripted", null, expression, zone, false);
    }

    @Test
    void a_cron_trigger_is_polled_at_its_instants_in_its_time_zone_and_not_between() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-27T12:00:00Z"));
        ScriptedPackage pkg = new ScriptedPackage(clock, cron("at_nine", "0 9 * * *", "Europe/Paris"));
        Recorder recorder = new Recorder();
        TriggerService service = TriggerService.builder().add(RUNTIME, pkg).clock(clock).listener(recorder).build();
        assertEquals("cron '0 9 * * *' (Europe/Paris)", service.triggers().get(0).schedule());
        service.start();
        try {
            // 09:00 Paris is 08:00Z before summer time (Sunday 2026-03-29), 07:00Z after.
            List<Instant> expected = List.of(Instant.parse("2026-03-28T08:00:00Z"), Instant.parse("2026-03-29T07:00:00Z"),
                    Instant.parse("2026-03-30T07:00:00Z"));
            for (int tick = 0; tick < expected.size(); tick++) {
                Instant due = expected.get(tick);
                assertEquals(due, clock.awaitNextDeadline(), "the timer set for tick " + (tick + 1));
                clock.advanceTo(due.minusSeconds(1));
                assertEquals(tick, pkg.polled.size(), "polls one second before " + due);
                clock.advanceTo(due);
                int runs = tick + 1;
                recorder.await(runs + " runs finished", () -> recorder.finished.size() == runs);
            }
            assertEquals(expected, pkg.pollTimes, "every poll happened at its cron instant, none between");
            recorder.read(() -> {
                assertEquals(3, recorder.started.size());
                TriggeredRun second = recorder.started.get(1);
                assertEquals("{\"tick\":2}", second.initial().toJson(), "the run starts with the fired context");
                assertEquals(Instant.parse("2026-03-29T07:00:00Z"), second.startedAt());
                WorkflowResult result = recorder.finished.get(second.number());
                assertTrue(result.succeeded(), result::toString);
                assertEquals("{\"tick\":2,\"worked\":\"yes\"}", result.finalContext().orElseThrow().toJson());
                return null;
            });
        } finally {
            assertTrue(service.shutdown(Duration.ofSeconds(5)));
        }
        assertEquals(0, clock.pendingCount(), "shutdown cancels the next tick");
        clock.advanceTo(Instant.parse("2026-04-30T00:00:00Z"));
        assertEquals(3, pkg.polled.size(), "no poll after shutdown");
    }

    @Test
    void a_late_timer_does_not_make_up_missed_ticks() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:30Z"));
        ScriptedPackage pkg = new ScriptedPackage(clock, cron("every_minute", "* * * * *", null));
        Recorder recorder = new Recorder();
        TriggerService service = TriggerService.builder().add(RUNTIME, pkg).clock(clock).listener(recorder).build();
        service.start();
        try {
            assertEquals(Instant.parse("2026-01-01T00:01:00Z"), clock.awaitNextDeadline());
            // The machine slept for ten minutes: one poll, then the next whole minute after the wake-up.
            clock.jumpTo(Instant.parse("2026-01-01T00:11:10Z"));
            recorder.await("one run", () -> recorder.finished.size() == 1);
            assertEquals(Instant.parse("2026-01-01T00:12:00Z"), clock.awaitNextDeadline());
            assertEquals(1, pkg.polled.size());
        } finally {
            service.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void bad_declarations_are_refused_when_building_naming_the_trigger() {
        ManualClock clock = new ManualClock(Instant.EPOCH);
        IllegalArgumentException unreadable = assertThrows(IllegalArgumentException.class, () -> TriggerService.builder()
                .add(RUNTIME, new ScriptedPackage(clock, cron("typo", "0 25 * * *", null))).build());
        assertTrue(unreadable.getMessage().startsWith("trigger 'typo' of package 'scripted': cron expression '0 25 * * *'"),
                unreadable.getMessage());
        TaskError.ValidationFailed unknown = assertThrows(TaskError.ValidationFailed.class, () -> TriggerService.builder()
                .add(RUNTIME, new ScriptedPackage(clock, new TriggerDescriptor("orphan", "nightly", Duration.ofSeconds(1),
                        null, null, false))).build());
        assertTrue(unknown.getMessage().contains("trigger 'orphan' of package 'scripted' starts workflow 'nightly' "
                + "(on=), which the package does not declare (its workflows: scripted)"), unknown.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> TriggerService.builder()
                .add(RUNTIME, new ScriptedPackage(clock)).build());
        assertTrue(none.getMessage().contains("no triggers"), none.getMessage());
    }

    @Test
    void without_on_a_trigger_starts_the_only_workflow_and_tiny_intervals_are_raised() {
        ManualClock clock = new ManualClock(Instant.EPOCH);
        TriggerService service = TriggerService.builder().add(RUNTIME, new ScriptedPackage(clock,
                new TriggerDescriptor("eager", null, Duration.ZERO, null, null, false))).clock(clock).build();
        ServedTrigger served = service.triggers().get(0);
        assertEquals("scripted", served.workflow());
        assertEquals("every 10ms", served.schedule());
        assertTrue(service.shutdown(Duration.ZERO), "nothing ran: a clean stop");
    }
}
