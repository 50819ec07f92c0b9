package io.cloacina.python.jep;

import io.cloacina.bridge.concurrent.DeadlineTimer;
import io.cloacina.context.Context;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One call of a task: its id in the interpreter (what the interrupter thread is told to stop), the caller's
 * future, and the deadline it runs under. The timeout counts from the task's start; a task still queued
 * gets a deadline only if the interpreter may be wedged (see {@link #guardWhileQueued}).
 */
final class Execution {

    private final long id;
    private final String taskId;
    private final CompletableFuture<Context> result;
    private final Duration timeout;
    private final boolean inlineCompletion;
    private DeadlineTimer.Handle deadline;
    private boolean started;
    private boolean settled;

    Execution(long id, String taskId, CompletableFuture<Context> result, Duration timeout, boolean inlineCompletion) {
        this.id = id;
        this.taskId = taskId;
        this.result = result;
        this.timeout = timeout;
        this.inlineCompletion = inlineCompletion;
    }

    long id() {
        return id;
    }

    String taskId() {
        return taskId;
    }

    CompletableFuture<Context> result() {
        return result;
    }

    Duration timeout() {
        return timeout;
    }

    /** The caller's callbacks may run on the interpreter thread ({@code ExecutionOptions.withInlineCompletion}). */
    boolean inlineCompletion() {
        return inlineCompletion;
    }

    /** On the interpreter thread, as the task starts: its timeout begins now. */
    synchronized void start(DeadlineTimer timer, Runnable onTimeout) {
        cancelDeadline();
        started = true;
        if (!settled) {
            deadline = timer.schedule(timeout, onTimeout);
        }
    }

    /**
     * The task ahead was given up on (timeout, cancel) and may be stuck in native code where no interrupt
     * reaches it: a task still waiting behind it must not wait for ever, so it now gets its own timeout.
     */
    synchronized void guardWhileQueued(DeadlineTimer timer, Runnable onTimeout) {
        if (!started && !settled && deadline == null) {
            deadline = timer.schedule(timeout, onTimeout);
        }
    }

    /** The result is in: no deadline is needed any more. */
    synchronized void settle() {
        settled = true;
        cancelDeadline();
    }

    synchronized boolean started() {
        return started;
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel();
            deadline = null;
        }
    }
}
