package io.cloacina.runner;

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

    default void taskStarted(String taskId) {
    }

    default void taskSucceeded(TaskOutcome.Succeeded outcome) {
    }

    /** A task failed (a Python exception, a timeout, a crashed worker). */
    default void taskFailed(TaskOutcome.Failed outcome) {
    }

    /** A task will not run because a dependency did not succeed, or fail-fast stopped the run. */
    default void taskSkipped(TaskOutcome.Skipped outcome) {
    }

    default void taskCancelled(TaskOutcome.Cancelled outcome) {
    }

    /** After the last outcome, just before the run's result completes. */
    default void runFinished(WorkflowResult result) {
    }
}
