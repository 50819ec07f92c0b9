package io.cloacina.runner.triggers;

import io.cloacina.runner.WorkflowResult;

/**
 * What a {@link TriggerService} reports. Every method is called on the service's own thread, one call at a
 * time and in order, so keep them short (hand long work to another thread); what a listener throws is logged
 * and dropped. Every method has an empty default.
 *
 * @since 0.2
 */
public interface TriggerListener {

    /** A poll ended: the trigger fired, skipped, or the poll failed. */
    default void polled(ServedTrigger trigger, PollOutcome outcome) {
    }

    /**
     * A poll time came and the trigger was not called: a run it started is still running and it does not allow
     * concurrent runs, or (for a cron trigger) its previous poll has not ended yet.
     */
    default void pollSkipped(ServedTrigger trigger, String reason) {
    }

    /** A fire started a run. */
    default void runStarted(TriggeredRun run) {
    }

    /** A fire could not start a run (the runner refused it); the trigger is polled again at its next time. */
    default void runNotStarted(ServedTrigger trigger, RuntimeException reason) {
    }

    /** A run ended: succeeded, failed, or cancelled (by {@link TriggerService#shutdown} past its grace period). */
    default void runFinished(TriggeredRun run, WorkflowResult result) {
    }
}
