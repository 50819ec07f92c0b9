package io.cloacina.python.jep;

import io.cloacina.context.Context;

import java.util.concurrent.CompletableFuture;

/**
 * One call of a task: its id in the interpreter (what the interrupter thread is told to stop) and the
 * caller's future.
 */
record Execution(long id, String taskId, CompletableFuture<Context> result) {
}
