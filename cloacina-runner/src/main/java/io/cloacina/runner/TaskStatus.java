package io.cloacina.runner;

/**
 * What became of one task in a run.
 *
 * @since 0.1
 */
public enum TaskStatus {
    /** It ran and returned its output context. */
    SUCCEEDED,
    /** It ran and failed, or ran past its timeout. */
    FAILED,
    /** It never ran: a dependency did not succeed, or fail-fast stopped the run first. */
    SKIPPED,
    /** The run was cancelled while it ran or before it started. */
    CANCELLED
}
