package io.cloacina.runner.triggers;

import io.cloacina.runner.WorkflowResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Records what a {@link TriggerService} reports, and waits (bounded) for what a test expects. */
final class Recorder implements TriggerListener {

    static final Duration WAIT = Duration.ofSeconds(60);

    final List<PollOutcome> polls = new ArrayList<>();
    final List<String> skips = new ArrayList<>();
    final List<TriggeredRun> started = new ArrayList<>();
    final Map<Long, WorkflowResult> finished = new LinkedHashMap<>();
    final List<RuntimeException> notStarted = new ArrayList<>();
    final List<String> log = new ArrayList<>();

    @Override
    public synchronized void polled(ServedTrigger trigger, PollOutcome outcome) {
        polls.add(outcome);
        note(trigger + " polled: " + outcome);
    }

    @Override
    public synchronized void pollSkipped(ServedTrigger trigger, String reason) {
        skips.add(reason);
        note(trigger + " not polled: " + reason);
    }

    @Override
    public synchronized void runStarted(TriggeredRun run) {
        started.add(run);
        note(run + " started with " + run.initial().toJson());
    }

    @Override
    public synchronized void runNotStarted(ServedTrigger trigger, RuntimeException reason) {
        notStarted.add(reason);
        note(trigger + " could not start: " + reason);
    }

    @Override
    public synchronized void runFinished(TriggeredRun run, WorkflowResult result) {
        finished.put(run.number(), result);
        note(run + " finished: " + result.status());
    }

    private void note(String line) {
        log.add(line);
        notifyAll();
    }

    /** Waits until {@code condition} (read under this recorder's lock) holds; fails with the log after {@link #WAIT}. */
    synchronized void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what + "; the service reported:\n"
                        + String.join("\n", log));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    synchronized <T> T read(java.util.function.Supplier<T> reading) {
        return reading.get();
    }
}
