package io.cloacina.runner;

import io.cloacina.context.Context;
import io.cloacina.error.TaskError;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one task of a run; sealed so a caller can {@code switch} over every case.
 *
 * @since 0.1
 */
public sealed interface TaskOutcome {

    String taskId();

    TaskStatus status();

    /** How long the task ran; zero for a task that never started. */
    Duration duration();

    /** The task's output context, only for a task that succeeded. */
    default Optional<Context> output() {
        return Optional.empty();
    }

    /** The error, for a task that failed or was cancelled. */
    default Optional<TaskError> error() {
        return Optional.empty();
    }

    /** @param context the task's output context (a read-only snapshot) */
    record Succeeded(String taskId, Duration duration, Context context) implements TaskOutcome {
        public Succeeded {
            Objects.requireNonNull(context, "context");
        }

        @Override
        public TaskStatus status() {
            return TaskStatus.SUCCEEDED;
        }

        @Override
        public Optional<Context> output() {
            return Optional.of(context);
        }
    }

    /** @param failure why: a Python exception, a {@code Timeout}, a crashed worker ... */
    record Failed(String taskId, Duration duration, TaskError failure) implements TaskOutcome {
        public Failed {
            Objects.requireNonNull(failure, "failure");
        }

        @Override
        public TaskStatus status() {
            return TaskStatus.FAILED;
        }

        @Override
        public Optional<TaskError> error() {
            return Optional.of(failure);
        }
    }

    /**
     * @param failedTask the task whose failure (or cancellation) kept this one from running
     * @param reason     a sentence for people ("dependency 'extract' failed")
     */
    record Skipped(String taskId, String failedTask, String reason) implements TaskOutcome {
        @Override
        public TaskStatus status() {
            return TaskStatus.SKIPPED;
        }

        @Override
        public Duration duration() {
            return Duration.ZERO;
        }
    }

    /** @param cancellation says whether the task was running or had not started */
    record Cancelled(String taskId, Duration duration, TaskError.Cancelled cancellation) implements TaskOutcome {
        @Override
        public TaskStatus status() {
            return TaskStatus.CANCELLED;
        }

        @Override
        public Optional<TaskError> error() {
            return Optional.of(cancellation);
        }
    }
}
