package io.cloacina.error;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a task (or the loading of its package) failed. Sealed so a caller can {@code switch} over every case:
 *
 * <pre>{@code
 * switch (error) {
 *     case TaskError.ExecutionFailed f -> log(f.pythonType(), f.traceback());
 *     case TaskError.Timeout t -> retry();
 *     default -> fail(error);
 * }
 * }</pre>
 *
 * Errors that come from Python carry the exception's type name, its message and the formatted traceback
 * (which names the user's own file and line). They are exceptions so that they can complete a
 * {@link java.util.concurrent.CompletableFuture}; backends create them without a Java stack trace because
 * the Java frames of a bridge say nothing useful about a Python failure.
 *
 * @since 0.1
 */
public abstract sealed class TaskError extends RuntimeException {

    private final String taskId;
    private final String pythonType;
    private final String traceback;
    private final Instant timestamp;

    private TaskError(String taskId, String message, String pythonType, String traceback, Throwable cause) {
        super(message, cause, true, cause != null);
        this.taskId = taskId;
        this.pythonType = pythonType;
        this.traceback = traceback;
        this.timestamp = Instant.now();
    }

    /** The task the error belongs to, or {@code null} for package-level failures (an import error at load). */
    public String taskId() {
        return taskId;
    }

    /** The Python exception's qualified type name ({@code "KeyError"}, {@code "orders.errors.BadOrder"}), if any. */
    public Optional<String> pythonType() {
        return Optional.ofNullable(pythonType);
    }

    /** The formatted Python traceback, if the error came from Python code. */
    public Optional<String> traceback() {
        return Optional.ofNullable(traceback);
    }

    public Instant timestamp() {
        return timestamp;
    }

    /** A multi-line description for people: message, then the Python traceback if there is one. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(getClass().getSimpleName());
        if (taskId != null) {
            text.append(" in task '").append(taskId).append('\'');
        }
        text.append(": ").append(getMessage());
        if (traceback != null && !traceback.isBlank()) {
            text.append(System.lineSeparator()).append(traceback.stripTrailing());
        }
        return text.toString();
    }

    /**
     * What a task's future failed with, as a {@code TaskError}: the error itself behind any
     * {@code CompletionException} or {@code ExecutionException}; a cancellation as {@link Cancelled}; anything else
     * (a backend's own failure) as {@link WorkerCrashed} carrying it.
     *
     * @since 0.3
     */
    public static TaskError of(String taskId, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TaskError taskError) {
            return taskError;
        }
        if (cause instanceof java.util.concurrent.CancellationException) {
            return new Cancelled(taskId, "Task '" + taskId + "' was cancelled by its backend");
        }
        return new WorkerCrashed(taskId, "The backend failed to run task '" + taskId + "': " + cause, cause);
    }

    /** A Python exception escaped the task ({@code KeyError} messages start with "Context key error: "). */
    public static final class ExecutionFailed extends TaskError {
        public ExecutionFailed(String taskId, String message, String pythonType, String traceback) {
            super(taskId, message, Objects.requireNonNull(pythonType, "pythonType"), traceback, null);
        }
    }

    /** Input or output did not fit the contract: a {@code TypeError}, a non-dict return, a non-JSON value, a bad graph. */
    public static final class ValidationFailed extends TaskError {
        public ValidationFailed(String taskId, String message, String pythonType, String traceback) {
            super(taskId, message, pythonType, traceback, null);
        }

        public ValidationFailed(String taskId, String message) {
            this(taskId, message, null, null);
        }
    }

    /** No task with that id was registered by the package's entry module. */
    public static final class TaskNotFound extends TaskError {
        public TaskNotFound(String taskId, String packageName) {
            this(taskId, "Task '" + taskId + "' not found in package '" + packageName + "'", true);
        }

        private TaskNotFound(String taskId, String message, boolean messageAsIs) {
            super(taskId, message, null, null, null);
        }

        /**
         * A backend's own report, with its message as is (the bridge knows the registered ids, not the
         * package's name).
         *
         * @since 0.1
         */
        public static TaskNotFound withMessage(String taskId, String message) {
            return new TaskNotFound(taskId, message, true);
        }
    }

    /** A module could not be imported, or the entry module failed while being imported. */
    public static final class ImportFailed extends TaskError {
        public ImportFailed(String taskId, String message, String pythonType, String traceback) {
            super(taskId, message, pythonType, traceback, null);
        }
    }

    /** The task ran past its timeout and was stopped. */
    public static final class Timeout extends TaskError {
        public Timeout(String taskId, java.time.Duration limit) {
            super(taskId, "Task '" + taskId + "' did not finish within " + limit, null, null, null);
        }
    }

    /** The task was cancelled before it finished (or before it started). */
    public static final class Cancelled extends TaskError {
        public Cancelled(String taskId, String reason) {
            super(taskId, reason, null, null, null);
        }
    }

    /** The Python process or interpreter running the task died (a segfault, {@code os._exit}, a kill). */
    public static final class WorkerCrashed extends TaskError {
        public WorkerCrashed(String taskId, String message, Throwable cause) {
            super(taskId, message, null, null, cause);
        }

        public WorkerCrashed(String taskId, String message) {
            this(taskId, message, null);
        }

        /**
         * A crash that an in-process backend caught before it ended the host (Jep refuses {@code os._exit}):
         * the Python type is the refusal's and the traceback shows the task's line that asked for it.
         */
        public WorkerCrashed(String taskId, String message, String pythonType, String traceback) {
            super(taskId, message, pythonType, traceback, null);
        }
    }
}
