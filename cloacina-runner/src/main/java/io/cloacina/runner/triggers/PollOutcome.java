package io.cloacina.runner.triggers;

import io.cloacina.context.Context;
import io.cloacina.error.TaskError;

import java.util.Objects;
import java.util.Optional;

/**
 * What one poll of a trigger decided.
 *
 * @since 0.2
 */
public sealed interface PollOutcome {

    /**
     * The trigger fired: a run of its workflow starts with {@code context} ({@code TriggerResult.fire(ctx)}), or
     * with an empty context ({@code TriggerResult.fire()}, {@code True}).
     */
    record Fired(Optional<Context> context) implements PollOutcome {
        public Fired {
            Objects.requireNonNull(context, "context");
        }
    }

    /** The trigger said not now ({@code TriggerResult.skip()}, {@code False}). */
    record Skipped() implements PollOutcome {
    }

    /**
     * The poll failed: the function raised (the error carries its Python type, message and traceback), returned
     * something other than a {@code TriggerResult} or a bool, fired a context that is not JSON, or ran past the
     * poll timeout. The trigger is polled again at its next time.
     */
    record Failed(TaskError error) implements PollOutcome {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }
}
