package io.cloacina.bridge;

import io.cloacina.error.TaskError;

import java.util.Objects;

/**
 * A Python exception as the {@code cloaca} bridge reports it, before it becomes a {@link TaskError}.
 *
 * @param kind       the bridge's classification ({@code key}, {@code type}, {@code import}, {@code validation},
 *                   {@code load}, {@code exit}, {@code crash}, {@code other}), computed in Python with {@code isinstance} so subclasses count
 * @param pythonType qualified exception type name
 * @param message    {@code str(exception)}
 * @param traceback  formatted traceback, bridge frames removed
 *
 * @since 0.1
 */
public record PythonFailure(String kind, String pythonType, String message, String traceback) {

    public PythonFailure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(pythonType, "pythonType");
        message = message == null ? "" : message;
    }

    /** Applies the classification rules of the Cloacina design. */
    public TaskError toTaskError(String taskId) {
        return switch (kind) {
            case "key" -> new TaskError.ExecutionFailed(taskId, "Context key error: " + message, pythonType, traceback);
            case "type", "validation" -> new TaskError.ValidationFailed(taskId, message, pythonType, traceback);
            case "import" -> new TaskError.ImportFailed(taskId, "Import error (missing dependency?): " + message,
                    pythonType, traceback);
            // The entry module failed otherwise (a syntax error, an exception, not found, shadowed): said as is.
            case "load" -> new TaskError.ImportFailed(taskId, message, pythonType, traceback);
            case "not_found" -> TaskError.TaskNotFound.withMessage(taskId, message);
            // An in-process backend refused an exit that would have ended the host (os._exit, a signal to it).
            case "crash" -> new TaskError.WorkerCrashed(taskId, message, pythonType, traceback);
            // Backends that raise the interrupt themselves know whether it was a timeout; this is the fallback.
            case "interrupted" -> new TaskError.Cancelled(taskId, message);
            default -> new TaskError.ExecutionFailed(taskId, pythonType + ": " + message, pythonType, traceback);
        };
    }
}
