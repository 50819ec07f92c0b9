package io.cloacina.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-execution settings.
 *
 * @param timeout how long the task may run before it is stopped with {@code TaskError.Timeout}; never unbounded.
 *                It counts from the task's start, not while it waits behind others in the backend's queue (a
 *                backend may still time out a queued task whose way is blocked by a task it could not stop)
 *
 * @since 0.1
 */
public record ExecutionOptions(Duration timeout) {

    /** Generous on purpose: a default must not kill real work, but no wait may be endless. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    public ExecutionOptions {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    public static ExecutionOptions defaults() {
        return new ExecutionOptions(DEFAULT_TIMEOUT);
    }

    public static ExecutionOptions withTimeout(Duration timeout) {
        return new ExecutionOptions(timeout);
    }
}
