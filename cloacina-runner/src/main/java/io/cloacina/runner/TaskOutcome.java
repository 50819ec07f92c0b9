package io.cloacina.runner;

import io.cloacina.context.Context;
import io.cloacina.error.TaskError;

import java.time.Duration;
import java.util.List;
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

    /**
     * Every run of the task, in order (more than one when it was retried); empty for a task that never ran.
     *
     * @since 0.2
     */
    default List<Attempt> attempts() {
        return List.of();
    }

    /**
     * @param duration how long its last attempt ran
     * @param context  the task's output context (a read-only snapshot)
     * @param attempts every run, the last one the success
     */
    record Succeeded(String taskId, Duration duration, Context context, List<Attempt> attempts) implements TaskOutcome {
        public Succeeded {
            Objects.requireNonNull(context, "context");
            attempts = attempts == null || attempts.isEmpty() ? List.of(new Attempt(1, duration, null))
                    : List.copyOf(attempts);
        }

        /** A task that succeeded at its first attempt. */
        public Succeeded(String taskId, Duration duration, Context context) {
            this(taskId, duration, context, null);
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

    /**
     * @param duration how long its last attempt ran
     * @param failure  why its last attempt failed: a Python exception, a {@code Timeout}, a crashed worker ...
     * @param attempts every run, each with its error
     */
    record Failed(String taskId, Duration duration, TaskError failure, List<Attempt> attempts) implements TaskOutcome {
        public Failed {
            Objects.requireNonNull(failure, "failure");
            attempts = attempts == null || attempts.isEmpty() ? List.of(new Attempt(1, duration, failure))
                    : List.copyOf(attempts);
        }

        /** A task that failed at its only attempt. */
        public Failed(String taskId, Duration duration, TaskError failure) {
            this(taskId, duration, failure, null);
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
     * @param failedTask the task whose failure (or cancellation) kept this one from running; for a task whose
     *                   trigger rule was not satisfied, that task itself
     * @param reason     a sentence for people ("dependency 'extract' failed", "trigger rule not satisfied: ...")
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

    /** @param cancellation says whether the task was running, waiting to be retried or had not started */
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
