package io.cloacina.runner;

import io.cloacina.error.TaskError;

import java.time.Duration;
import java.util.Map;

/**
 * Progress of a run, for the CLI, embedders, metrics and traces. Every method has a default (empty, or handing
 * over to an older form of itself), so implement only what you need. Calls for one run come one at a time, in
 * the order things happened, on whichever thread reported the event (often a backend's, which has other work
 * waiting): keep them short and do not block. An exception thrown here is logged and does not affect the run.
 *
 * <p>A listener given to {@link WorkflowRunner.Builder#listener} hears every run of the runner; one made by a
 * {@link WorkflowRunner.Builder#listenerPerRun factory} hears only the run it was made for, and can keep that
 * run's state in its own fields.
 *
 * <h2>The order of a task's events</h2>
 * For each attempt of a task, in {@link WorkflowRunner}'s runs:
 * <ol>
 *   <li>{@link #attemptValues} once, as the attempt is handed to the backend;</li>
 *   <li>{@link #taskStarted(String, int)} when it counts as running (at once, or when a running task ends if the
 *       backend queued it);</li>
 *   <li>{@link #attemptFinished} exactly once for every attempt that started: succeeded, failed, timed out or
 *       cancelled;</li>
 *   <li>then what follows from it: {@link #taskRetrying}, or the task's outcome ({@link #taskSucceeded},
 *       {@link #taskFailed}, {@link #taskCancelled}).</li>
 * </ol>
 * A task that never starts hears only its outcome ({@link #taskSkipped}, or {@link #taskCancelled} when the run
 * was cancelled first), after {@link #attemptValues} when the runner had already handed it to the backend's queue
 * and took it back (fail-fast, cancel). A task whose retry was abandoned (fail-fast, while it waited) hears {@link #taskFailed}
 * with the attempt that already finished. Runs on a Temporal cluster ({@code cloacina-temporal}) relay
 * {@link #taskStarted(String, int)}, {@link #taskRetrying} and the outcomes, not {@link #attemptFinished}.
 *
 * @since 0.1
 */
public interface RunListener {

    RunListener NONE = new RunListener() {
    };

    /** Before the first task starts. */
    default void runStarted(TaskGraph graph, int parallelism) {
    }

    /**
     * Before the first task starts, with the run's id, package, workflow and backend. The runner calls this one;
     * by default it calls {@link #runStarted(TaskGraph, int)}.
     *
     * @since 0.3
     */
    default void runStarted(RunInfo run) {
        runStarted(run.graph(), run.parallelism());
    }

    /** A task starts running (each attempt). Prefer {@link #taskStarted(String, int)}, which the runner calls. */
    default void taskStarted(String taskId) {
    }

    /**
     * An attempt of a task starts running: the first ({@code attempt} 1) or a retry. The runner calls this one; by
     * default it calls {@link #taskStarted(String)}, so listeners written before it still hear every start.
     *
     * @param attempt 1 for the first run of the task, 2 for its first retry, ... (the same number as the
     *                {@link io.cloacina.spi.TaskLogging#MDC_ATTEMPT} of its Python output)
     * @since 0.3
     */
    default void taskStarted(String taskId, int attempt) {
        taskStarted(taskId);
    }

    /**
     * An attempt that {@linkplain #taskStarted(String, int) started} has ended, before the event that follows from
     * it ({@link #taskRetrying}, {@link #taskSucceeded}, {@link #taskFailed} or {@link #taskCancelled}).
     *
     * @param attempt its number, how long it ran, and its error ({@link TaskError.Timeout} past its timeout,
     *                {@link TaskError.Cancelled} when it was cancelled), or none when it succeeded
     * @since 0.3
     */
    default void attemptFinished(String taskId, Attempt attempt) {
    }

    /**
     * Values to hand one attempt of a task, which its Python code reads while it runs and which never appear in
     * its output: how a trace context reaches Python ({@link io.cloacina.spi.AttemptValues#TRACEPARENT}, read
     * with {@code cloaca.current_traceparent()}). Called once per attempt, as it is handed to the backend and
     * before {@link #taskStarted(String, int)} (a task the backend queues behind running ones starts later); when
     * several listeners answer, their maps are merged, a later listener's value winning.
     *
     * @return names and values (an entry holding a null is left out); empty by default, and then the task's input
     *         is left as it is
     * @since 0.3
     */
    default Map<String, String> attemptValues(String taskId, int attempt) {
        return Map.of();
    }

    default void taskSucceeded(TaskOutcome.Succeeded outcome) {
    }

    /**
     * An attempt failed and the task's retry policy runs it again after {@code delay}. No backend slot or
     * thread is held while it waits.
     *
     * @param failedAttempt the attempt that failed (from 1)
     * @param maxAttempts   the policy's runs in all
     * @since 0.2
     */
    default void taskRetrying(String taskId, int failedAttempt, int maxAttempts, Duration delay, TaskError error) {
    }

    /** A task failed (a Python exception, a timeout, a crashed worker), after its last attempt. */
    default void taskFailed(TaskOutcome.Failed outcome) {
    }

    /**
     * A task will not run: a dependency did not succeed (and it declares no trigger rule), its trigger rule is not
     * satisfied, or fail-fast stopped the run.
     */
    default void taskSkipped(TaskOutcome.Skipped outcome) {
    }

    default void taskCancelled(TaskOutcome.Cancelled outcome) {
    }

    /** After the last outcome, just before the run's result completes. */
    default void runFinished(WorkflowResult result) {
    }

    /**
     * One listener that calls each of {@code listeners} in turn, in this order; one that throws does not keep
     * the others from hearing of the event.
     *
     * @since 0.3
     */
    static RunListener all(RunListener... listeners) {
        return new AllListeners(java.util.List.of(listeners));
    }
}
