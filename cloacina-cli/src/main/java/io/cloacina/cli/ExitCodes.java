package io.cloacina.cli;

/** The exit codes of {@code cloacina}, as documented in its help. */
final class ExitCodes {
    /** Every task succeeded (or the command did what it was asked). */
    static final int OK = 0;
    /** A task failed, timed out or was skipped. */
    static final int TASK_FAILED = 1;
    /** Bad usage, or a package that cannot be used (the message names the file and field). */
    static final int BAD_INPUT = 2;
    /** Cannot run here: no usable Python backend, or an unexpected internal error. */
    static final int CANNOT_RUN = 3;
    /** The run was cancelled (Ctrl-C). */
    static final int CANCELLED = 130;

    private ExitCodes() {
    }
}
