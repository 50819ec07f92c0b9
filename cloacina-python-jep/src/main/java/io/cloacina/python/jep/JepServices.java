package io.cloacina.python.jep;

import io.cloacina.bridge.concurrent.DeadlineTimer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Threads shared by every package of one runtime: a timer for timeouts, and virtual threads that complete
 * callers' futures, so a caller's callback that blocks (even on another task of the same package) never runs
 * on, and never stalls, an interpreter thread or the timer.
 */
final class JepServices implements AutoCloseable {

    private final DeadlineTimer timer;
    private final ExecutorService completions;

    JepServices() {
        // Each task's timeout is armed and nearly always cancelled: this timer's thread is not woken for that.
        timer = new DeadlineTimer("cloacina-jep-timer");
        completions = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("cloacina-jep-completion-", 0).factory());
    }

    DeadlineTimer timer() {
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
        timer.close();
        completions.shutdown();
    }
}
