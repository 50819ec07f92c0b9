package io.cloacina.python.subprocess;

import io.cloacina.bridge.concurrent.BriefSpin;
import io.cloacina.context.Context;
import io.cloacina.error.TaskError;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One requested execution: the task, its input (a snapshot taken when it was requested), its time limit,
 * and the future its caller holds. While it runs it knows its worker, so that stopping it can kill exactly
 * that process.
 */
final class TaskRun {

    private final String taskId;
    private final Context input;
    private final Duration timeout;
    private final Map<String, String> logScope;
    private final Future future = new Future();
    private volatile WorkerProcess worker;

    TaskRun(String taskId, Context input, Duration timeout, Map<String, String> logScope) {
        this.taskId = taskId;
        this.input = input;
        this.timeout = timeout;
        this.logScope = logScope;
    }

    /** The MDC of what the task writes (taken on the caller's thread, see PythonLogs#taskScope). */
    Map<String, String> logScope() {
        return logScope;
    }

    String taskId() {
        return taskId;
    }

    Context input() {
        return input;
    }

    Duration timeout() {
        return timeout;
    }

    CompletableFuture<Context> future() {
        return future;
    }

    boolean isDone() {
        return future.isDone();
    }

    /** Called when the run is given a worker, before it is sent to {@code runningOn}. */
    void attach(WorkerProcess runningOn) {
        this.worker = runningOn;
    }

    void detach() {
        this.worker = null;
    }

    /**
     * Fails the run with {@code reason} unless it already finished, and if it did fail it now, kills the
     * worker running it (there is no other way to stop Python code that is busy, in C or not).
     */
    boolean abort(TaskError reason) {
        if (future.completeExceptionally(reason)) {
            stopWorker();
            return true;
        }
        return false;
    }

    private void stopWorker() {
        WorkerProcess running = worker;
        if (running != null) {
            running.kill();
        }
    }

    /**
     * The caller's future. {@code cancel(true)} kills the worker running the task (the pool replaces it);
     * {@code cancel(false)} only abandons the result: the task runs to its end or its timeout.
     */
    private final class Future extends CompletableFuture<Context> {

        // A caller that waits for a task already on a worker spins briefly before it parks: waking a parked
        // thread costs more than a trivial task's round trip (BriefSpin). Callbacks (thenApply, ...) never spin.
        @Override
        public Context get() throws InterruptedException, ExecutionException {
            spinIfRunning(Long.MAX_VALUE);
            return super.get();
        }

        @Override
        public Context get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException,
                TimeoutException {
            spinIfRunning(unit.toNanos(timeout));
            return super.get(timeout, unit);
        }

        @Override
        public Context join() {
            spinIfRunning(Long.MAX_VALUE);
            return super.join();
        }

        private void spinIfRunning(long limitNanos) {
            if (worker != null) {
                BriefSpin.awaitBriefly(this, limitNanos);
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled && mayInterruptIfRunning) {
                stopWorker();
            }
            return cancelled;
        }
    }
}
