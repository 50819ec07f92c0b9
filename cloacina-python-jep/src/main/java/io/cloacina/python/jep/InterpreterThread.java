package io.cloacina.python.jep;

import jep.Interpreter;
import jep.JepConfig;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One platform thread that owns one Jep sub-interpreter. Jep only lets the thread that created an
 * interpreter use it, so every piece of Python work is handed to this thread and answered with a future;
 * callers on any thread (virtual, fork-join, blocking) never touch the interpreter themselves.
 */
final class InterpreterThread {

    /** Python work done with the interpreter, on its thread. */
    @FunctionalInterface
    interface Work<T> {
        T run(Interpreter interpreter) throws Exception;
    }

    private final ExecutorService executor;
    private Interpreter interpreter; // confined to the executor's thread

    InterpreterThread(String name) {
        // Daemon: a forgotten close() must not keep the JVM alive; Python state dies with the process anyway.
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Creates the sub-interpreter on the owning thread. */
    CompletableFuture<Void> open(JepConfig config) {
        return submit(ignored -> {
            interpreter = config.createSubInterpreter();
            return null;
        }, true);
    }

    <T> CompletableFuture<T> submit(Work<T> work) {
        return submit(work, false);
    }

    /** Ends the interpreter on its thread (after whatever is queued), then lets the thread go. */
    CompletableFuture<Void> close(Work<Boolean> beforeClose) {
        CompletableFuture<Void> closed = submit(current -> {
            boolean safeToEnd = beforeClose.run(current);
            interpreter = null;
            if (safeToEnd) {
                current.close();
            }
            return null;
        });
        executor.shutdown();
        return closed;
    }

    boolean awaitTermination(long millis) throws InterruptedException {
        return executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }

    private <T> CompletableFuture<T> submit(Work<T> work, boolean opening) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                if (!opening && interpreter == null) {
                    result.completeExceptionally(new IllegalStateException("the Python interpreter is closed"));
                    return;
                }
                try {
                    result.complete(work.run(interpreter));
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the Python interpreter is closed"));
        }
        return result;
    }
}
