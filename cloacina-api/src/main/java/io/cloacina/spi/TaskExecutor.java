package io.cloacina.spi;

import io.cloacina.context.Context;

import java.util.concurrent.CompletableFuture;

/**
 * Runs tasks of one loaded package. Never blocks the caller: the work happens on threads or processes the
 * backend owns, so any thread (platform, virtual, fork-join) may call it and wait on the result.
 *
 * <p>The returned future completes with the task's output context, or exceptionally with a
 * {@link io.cloacina.error.TaskError}. Past {@link ExecutionOptions#timeout()} it completes with
 * {@code TaskError.Timeout} and the backend stops the task as far as its capabilities allow. Cancelling the
 * future ({@code cancel(true)}) stops the task the same way.
 *
 * @since 0.1
 */
public interface TaskExecutor {

    CompletableFuture<Context> execute(String taskId, Context input, ExecutionOptions options);

    default CompletableFuture<Context> execute(String taskId, Context input) {
        return execute(taskId, input, ExecutionOptions.defaults());
    }
}
