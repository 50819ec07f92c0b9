package io.cloacina.python.jep;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Threads shared by every package of one runtime: a timer for timeouts, and virtual threads that complete
 * callers' futures, so a caller's callback that blocks (even on another task of the same package) never runs
 * on, and never stalls, an interpreter thread or the timer.
 */
final class JepServices implements AutoCloseable {

    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService completions;

    JepServices() {
        timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "cloacina-jep-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true); // thousands of finished tasks must not leave their timers queued
        completions = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("cloacina-jep-completion-", 0).factory());
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    <T> void complete(CompletableFuture<T> future, T value) {
        if (!future.isDone()) {
            deliver(() -> future.complete(value));
        }
    }

    void fail(CompletableFuture<?> future, Throwable error) {
        if (!future.isDone()) {
            deliver(() -> future.completeExceptionally(error));
        }
    }

    private void deliver(Runnable completion) {
        try {
            completions.execute(completion);
        } catch (RejectedExecutionException closed) {
            completion.run(); // the runtime is closed: nobody is left to stall
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        completions.shutdown();
    }
}
