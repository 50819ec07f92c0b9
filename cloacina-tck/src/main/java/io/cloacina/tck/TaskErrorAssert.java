package io.cloacina.tck;

import io.cloacina.error.TaskError;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Assertions on a {@link TaskError}, for backend tests beyond the kit (in the manner of Micrometer's
 * {@code MeterRegistryAssert}): every failure message starts with what was being checked and shows the error
 * as {@link TaskError#describe()} prints it.
 *
 * <pre>{@code
 * TaskError error = TaskErrorAssert.failureOf(loaded.executor().execute("fails", input), Duration.ofSeconds(30));
 * TaskErrorAssert.assertThat(error, "task fails")
 *         .isA(TaskError.ExecutionFailed.class)
 *         .hasPythonType("ValueError")
 *         .tracebackPointsAt("tasks.py", 19);
 * }</pre>
 *
 * @since 0.1
 */
public final class TaskErrorAssert {

    private static final String SEPARATOR = "[/\\\\]";

    private final TaskError actual;
    private final String what;

    private TaskErrorAssert(TaskError actual, String what) {
        this.actual = Objects.requireNonNull(actual, "actual");
        this.what = what;
    }

    /** Starts assertions on {@code error}; {@code what} names it in failure messages ("backend x: task y"). */
    public static TaskErrorAssert assertThat(TaskError error, String what) {
        return new TaskErrorAssert(error, what);
    }

    public static TaskErrorAssert assertThat(TaskError error) {
        return new TaskErrorAssert(error, "task " + error.taskId());
    }

    /**
     * The {@link TaskError} a future failed with, waiting at most {@code wait} (stretched by
     * {@link TckEnvironment#scaled}); fails if the future succeeded, failed with something else, or hung.
     */
    public static TaskError failureOf(Future<?> future, Duration wait) {
        Duration limit = TckEnvironment.fromSystemProperties().scaled(wait);
        Object result;
        try {
            result = future.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof TaskError error) {
                return error;
            }
            throw new AssertionError("failed with " + cause + ", which is not a TaskError", cause);
        } catch (CancellationException e) {
            throw new AssertionError("was cancelled instead of failing with a TaskError", e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AssertionError("did not complete within " + limit + " (raise -D" + TckTimeouts.PROPERTY
                    + " on a slow machine)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
        throw new AssertionError("should have failed with a TaskError, but returned " + result);
    }

    /** The error is of this {@link TaskError} subtype. */
    public TaskErrorAssert isA(Class<? extends TaskError> expected) {
        if (!expected.isInstance(actual)) {
            throw new AssertionError(what + " should fail with TaskError." + expected.getSimpleName()
                    + ", but failed with " + actual.describe(), actual);
        }
        return this;
    }

    /** The Python exception's qualified type name. */
    public TaskErrorAssert hasPythonType(String expected) {
        String type = actual.pythonType().orElse(null);
        if (!expected.equals(type)) {
            throw new AssertionError(what + ": Python exception type should be " + expected + ", was " + type
                    + " (" + actual.describe() + ")", actual);
        }
        return this;
    }

    /** The message contains {@code part}. */
    public TaskErrorAssert messageContains(String part) {
        String message = actual.getMessage();
        if (message == null || !message.contains(part)) {
            throw new AssertionError(what + ": message should contain '" + part + "', was: " + message, actual);
        }
        return this;
    }

    /** The error names this task. */
    public TaskErrorAssert hasTaskId(String taskId) {
        if (!Objects.equals(taskId, actual.taskId())) {
            throw new AssertionError(what + ": task id should be " + taskId + ", was " + actual.taskId(), actual);
        }
        return this;
    }

    /**
     * The traceback has a frame in a file whose path ends in {@code file} (a regular expression when it
     * contains '[') at {@code line}, and none of the bridge's own frames ({@code cloaca/_host.py}).
     */
    public TaskErrorAssert tracebackPointsAt(String file, int line) {
        String traceback = actual.traceback().orElse(null);
        if (traceback == null) {
            throw new AssertionError(what + ": no Python traceback in " + actual.describe(), actual);
        }
        String fileRegex = file.contains("[") ? file : Pattern.quote(file);
        Pattern frame = Pattern.compile("File \"[^\"]*" + SEPARATOR + fileRegex + "\", line " + line + "\\b");
        if (!frame.matcher(traceback).find()) {
            throw new AssertionError(what + ": the traceback should point at " + file.replace(SEPARATOR, "/")
                    + " line " + line + ", was:\n" + traceback, actual);
        }
        if (traceback.contains("_host.py\"")) {
            throw new AssertionError(what + ": the traceback shows frames of the cloaca bridge (cloaca/_host.py):\n"
                    + traceback, actual);
        }
        return this;
    }

    /** The error itself, to go on with. */
    public TaskError actual() {
        return actual;
    }
}
