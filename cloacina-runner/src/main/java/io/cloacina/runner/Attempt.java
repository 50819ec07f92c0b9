package io.cloacina.runner;

import io.cloacina.error.TaskError;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of a task within a workflow run; a task with a retry policy may have several.
 *
 * @param number   1 for the first run
 * @param duration how long it ran
 * @param failure  why it failed, or {@code null} when it succeeded
 *
 * @since 0.2
 */
public record Attempt(int number, Duration duration, TaskError failure) {
    public Attempt {
        if (number < 1) {
            throw new IllegalArgumentException("attempts are numbered from 1, got " + number);
        }
        Objects.requireNonNull(duration, "duration");
    }

    public Optional<TaskError> error() {
        return Optional.ofNullable(failure);
    }
}
