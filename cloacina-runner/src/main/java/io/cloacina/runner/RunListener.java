package io.cloacina.runner;

import io.cloacina.error.TaskError;

import java.time.Duration;

/**
 * Progress of a run, for the CLI and embedders. Every method has an empty default, so implement only what you
 * need. Calls for one run come one at a time, in the order things happened, on whichever thread reported the
 * event (often a backend's, which has other work waiting): keep them short and do not block. An exception
 * thrown here is logged and does not affect the run.
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

    default void taskStarted(String taskId) {
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
