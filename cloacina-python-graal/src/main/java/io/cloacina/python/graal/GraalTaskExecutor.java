package io.cloacina.python.graal;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.bridge.BridgeReplies;
import io.cloacina.bridge.PythonLogs;
import io.cloacina.spi.ExecutionOptions;
import io.cloacina.spi.TaskDiscovery;
import io.cloacina.bridge.support.GuardedTaskExecutor;
import org.graalvm.polyglot.PolyglotException;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one package's tasks on its worker threads (as many as it has contexts), each task in the context
 * bound to the worker thread that picks it up. A timeout or {@code cancel(true)} completes the future at once and
 * interrupts the task's context from a control thread; the context then serves the next task.
 */
final class GraalTaskExecutor extends GuardedTaskExecutor {

    private final ThreadBoundInterpreters interpreters;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final Executor control;
    private final Duration interruptGrace;
    private volatile boolean closed;

    GraalTaskExecutor(String packageName, TaskDiscovery discovery, ThreadBoundInterpreters interpreters, ExecutorService workers,
                      ScheduledExecutorService timers, Executor control, Duration interruptGrace) {
        super(packageName, discovery);
        this.interpreters = interpreters;
        this.workers = workers;
        this.timers = timers;
        this.control = control;
        this.interruptGrace = interruptGrace;
    }

    @Override
    protected boolean isClosed() {
        return closed;
    }

    @Override
    protected CompletableFuture<Context> start(String taskId, Context input, ExecutionOptions options) {
        CompletableFuture<Context> result = new CompletableFuture<>();
        String contextJson = input.toJson(); // taken now: the caller may change its context afterwards
        Map<String, String> logScope = PythonLogs.taskScope(GraalRuntime.NAME, packageName(), taskId);
        try {
            workers.execute(() -> run(taskId, contextJson, options.timeout(), result, logScope));
        } catch (RejectedExecutionException shutDown) {
            result.completeExceptionally(closedError(taskId));
        }
        return result;
    }

    private void run(String taskId, String contextJson, Duration timeout, CompletableFuture<Context> result,
                     Map<String, String> logScope) {
        if (result.isDone()) {
            return; // cancelled or timed out while queued
        }
        PackageInterpreter interpreter;
        try {
            interpreter = interpreters.forCurrentThread();
        } catch (TaskError e) {
            result.completeExceptionally(e); // a new context could not load the package
            return;
        } catch (RuntimeException e) {
            result.completeExceptionally(new TaskError.WorkerCrashed(taskId,
                    "Could not start a GraalPy context for package '" + packageName() + "': " + e.getMessage()));
            return;
        }
        if (interpreter == null) {
            result.completeExceptionally(closedWhileRunning(taskId));
            return;
        }
        RunGuard guard = new RunGuard(interpreter, interruptGrace);
        ScheduledFuture<?> timer;
        try {
            timer = timers.schedule(() -> result.completeExceptionally(new TaskError.Timeout(taskId, timeout)),
                    timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException runtimeClosing) {
            result.completeExceptionally(closedWhileRunning(taskId));
            return;
        }
        // Whoever completes the future first (timeout, cancel, close) gets the task stopped, on a control thread:
        // stopping may wait up to the grace period. A future this worker completes itself, after the call, needs
        // no stop; not handing those to the control pool keeps it from growing a thread per overlap.
        result.whenComplete((value, error) -> stopIfRunning(guard));
        String reply = null;
        PolyglotException escaped = null;
        Throwable broke = null;
        try {
            reply = interpreter.execute(taskId, contextJson, logScope);
        } catch (PolyglotException e) {
            escaped = e;
        } catch (RuntimeException | Error e) {
            broke = e;
        } finally {
            guard.finish(); // before the future completes: a stop request from now on is a no-op
            timer.cancel(false);
        }
        if (escaped != null && !PolyglotFailures.leavesContextUsable(escaped)) {
            interpreter.markBroken();
        }
        if (broke != null) {
            interpreter.markBroken();
        }
        interpreters.afterUse(interpreter);
        if (reply != null) {
            complete(result, reply, taskId, logScope);
        } else if (escaped != null) {
            result.completeExceptionally(closed ? closedWhileRunning(taskId) : PolyglotFailures.toTaskError(escaped, taskId));
        } else {
            result.completeExceptionally(new TaskError.WorkerCrashed(taskId,
                    "GraalPy bridge failed while running task '" + taskId + "': " + broke));
            if (broke instanceof VirtualMachineError fatal) {
                throw fatal; // the future is completed; the JVM's own trouble is not ours to hide
            }
        }
    }

    private void stopIfRunning(RunGuard guard) {
        if (!guard.isRunning()) {
            return;
        }
        try {
            control.execute(guard::stop);
        } catch (RejectedExecutionException runtimeClosing) {
            // The runtime is closing: it closes every context, which stops this call too.
        }
    }

    private static void complete(CompletableFuture<Context> result, String reply, String taskId,
                                 Map<String, String> logScope) {
        try {
            JsonNode parsed = BridgeReplies.parse(reply);
            // Before the future completes: what the task wrote is logged before anyone hears it finished.
            PythonLogs.forward(parsed, logScope);
            result.complete(BridgeReplies.context(parsed, taskId));
        } catch (TaskError failure) {
            result.completeExceptionally(failure);
        } catch (RuntimeException malformed) {
            result.completeExceptionally(new TaskError.WorkerCrashed(taskId, malformed.getMessage()));
        }
    }

    private TaskError closedWhileRunning(String taskId) {
        return new TaskError.Cancelled(taskId, "Package '" + packageName() + "' was closed before task '" + taskId
                + "' finished");
    }

    /** Later executions fail with {@code Cancelled}; running ones are cancelled by closing the contexts. */
    void close() {
        closed = true;
    }
}
