package io.cloacina.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-execution settings.
 *
 * @param timeout          how long the task may run before it is stopped with {@code TaskError.Timeout}; never
 *                         unbounded. It counts from the task's start, not while it waits behind others in the
 *                         backend's queue (a backend may still time out a queued task whose way is blocked by a
 *                         task it could not stop)
 * @param inlineCompletion the caller's promise that whatever it attaches to the returned future is short and never
 *                         blocks (see {@link #withInlineCompletion()}); {@code false} unless asked for
 *
 * @since 0.1
 */
public record ExecutionOptions(Duration timeout, boolean inlineCompletion) {

    /** Generous on purpose: a default must not kill real work, but no wait may be endless. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    public ExecutionOptions {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /** Options with {@code timeout} and no inline completion. */
    public ExecutionOptions(Duration timeout) {
        this(timeout, false);
    }

    public static ExecutionOptions defaults() {
        return new ExecutionOptions(DEFAULT_TIMEOUT);
    }

    public static ExecutionOptions withTimeout(Duration timeout) {
        return new ExecutionOptions(timeout);
    }

    /**
     * These options, with the caller's promise that everything it attaches to the returned future (and everything
     * that runs when that completes) is short and never blocks: no {@code join()}, no waiting for another task, no
     * I/O that may stall. The backend may then complete the future on its own thread, the one that ran the task,
     * instead of handing the completion to another thread. A caller that starts its next task from that callback
     * (the workflow runner does) then costs no thread wake-up per task: on an idle machine each wake-up costs
     * 20–60 µs, several times what a trivial task costs CPython (docs/perf/notes.md).
     *
     * <p>Without the promise a backend must never run callers' callbacks on a thread that other tasks wait for: a
     * callback that blocks on another task of the same package would deadlock. A backend may ignore the hint.
     *
     * @since 0.3 (SPI 1.1)
     */
    public ExecutionOptions withInlineCompletion() {
        return new ExecutionOptions(timeout, true);
    }
}
