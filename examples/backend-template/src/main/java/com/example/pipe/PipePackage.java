package com.example.pipe;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloacina.bridge.BridgeReplies;
import io.cloacina.bridge.PythonLogs;
import io.cloacina.bridge.support.GuardedLoadedPackage;
import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.spi.ExecutionOptions;
import io.cloacina.spi.DiscoveredTasks;
import io.cloacina.spi.PythonPackage;
import io.cloacina.spi.TaskDescriptor;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** One loaded package: its worker process and the one thread that feeds it, a task at a time. */
final class PipePackage extends GuardedLoadedPackage {

    private final PythonPackage pkg;
    private final PipeWorker worker;
    private final Consumer<PipePackage> onClose;
    private final ExecutorService feeder;
    private final Set<CompletableFuture<Context>> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private PipePackage(PythonPackage pkg, DiscoveredTasks tasks, PipeWorker worker, Consumer<PipePackage> onClose) {
        super(pkg, tasks);
        this.pkg = pkg;
        this.worker = worker;
        this.onClose = onClose;
        this.feeder = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "pipe-" + pkg.name());
            thread.setDaemon(true);
            return thread;
        });
    }

    static PipePackage load(PythonPackage pkg, String python, Consumer<PipePackage> onClose) {
        PipeWorker worker = new PipeWorker(pkg, python);
        try {
            JsonNode reply = BridgeReplies.parse(worker.start());
            PythonLogs.forward(reply, PythonLogs.packageScope(PipeRuntime.NAME, pkg.name()));
            return new PipePackage(pkg, BridgeReplies.discovery(reply), worker, onClose);
        } catch (RuntimeException e) {
            worker.stop();
            throw e;
        }
    }

    @Override
    protected boolean isClosed() {
        return closed;
    }

    @Override
    protected CompletableFuture<Context> start(String taskId, Context input, ExecutionOptions options) {
        String json = input.toJson();
        // The caller's MDC (run id, workflow, ...) goes with what the task logs: taken here, on the caller's thread.
        Map<String, String> logScope = PythonLogs.taskScope(PipeRuntime.NAME, pkg.name(), taskId);
        CompletableFuture<Context> result = new CompletableFuture<>();
        pending.add(result);
        result.whenComplete((ok, error) -> {
            pending.remove(result);
            if (result.isCancelled()) {
                worker.stop(); // cancel(true) stops the task; the next one starts a fresh process
            }
        });
        try {
            feeder.execute(() -> run(taskId, json, options, logScope, result));
        } catch (RejectedExecutionException shutDown) {
            result.completeExceptionally(closedError(taskId));
        }
        return result;
    }

    private void run(String taskId, String json, ExecutionOptions options, Map<String, String> logScope,
                     CompletableFuture<Context> result) {
        if (result.isDone()) {
            return;
        }
        // The timeout counts from here, when the task starts, not while it waited behind others.
        CompletableFuture.delayedExecutor(options.timeout().toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
            if (result.completeExceptionally(new TaskError.Timeout(taskId, options.timeout()))) {
                worker.stop();
            }
        });
        String reply = null;
        try {
            worker.ensureRunning();
            reply = worker.call(taskId, json, logScope);
            if (reply == null) {
                result.completeExceptionally(new TaskError.WorkerCrashed(taskId,
                        "the python process exited while running task '" + taskId + "'"));
            } else {
                JsonNode parsed = BridgeReplies.parse(reply);
                // Records still in the bridge come in the reply; forwarded before the result, like every backend.
                PythonLogs.forward(parsed, logScope);
                result.complete(BridgeReplies.context(parsed, taskId));
            }
        } catch (TaskError error) {
            result.completeExceptionally(error);
        } catch (Exception e) {
            result.completeExceptionally(new TaskError.WorkerCrashed(taskId, "the python process failed: " + e, e));
        }
        if (reply == null && !closed) {
            worker.stop(); // started again, with the package loaded, by the next task
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        onClose.accept(this);
        for (CompletableFuture<Context> future : List.copyOf(pending)) {
            future.completeExceptionally(new TaskError.Cancelled(null, "Package '" + pkg.name() + "' was closed"));
        }
        feeder.shutdownNow();
        worker.stop();
        try {
            feeder.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
