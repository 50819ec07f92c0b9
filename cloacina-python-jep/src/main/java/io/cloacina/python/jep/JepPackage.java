package io.cloacina.python.jep;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.spi.DiscoveredTasks;
import io.cloacina.spi.PythonPackage;
import io.cloacina.bridge.BridgeReplies;
import io.cloacina.bridge.PythonLogs;
import io.cloacina.spi.ExecutionOptions;
import io.cloacina.spi.TaskDescriptor;
import io.cloacina.bridge.support.GuardedLoadedPackage;
import jep.Interpreter;
import jep.JepException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A package loaded into its own Jep sub-interpreter, served by its own interpreter thread: tasks of this
 * package run one at a time (the interpreter has one thread), tasks of different packages on different
 * threads (still under CPython's one GIL before 3.12).
 */
final class JepPackage extends GuardedLoadedPackage {

    private static final Logger LOG = LoggerFactory.getLogger(JepPackage.class);
    private static final long CLOSE_WAIT_MILLIS = 10_000;
    private static final long STRAY_THREAD_WAIT_SECONDS = 2;

    private final PythonPackage pkg;
    private final InterpreterThread thread;
    private final JepServices services;
    private final Consumer<JepPackage> onClose;
    private final InterruptSlot slot;
    /** Guards {@link #runningId} and writes to the slot, so a late request never overwrites a needed one. */
    private final Object runningLock = new Object();
    private long runningId;
    private final Set<Execution> pending = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final JepLogSink logSink;

    JepPackage(PythonPackage pkg, InterpreterThread thread, InterruptSlot slot,
                     DiscoveredTasks tasks, JepServices services, Consumer<JepPackage> onClose, JepLogSink logSink) {
        super(pkg, tasks);
        this.logSink = logSink;
        this.pkg = pkg;
        this.thread = thread;
        this.slot = slot;
        this.services = services;
        this.onClose = onClose;
    }

    @Override
    protected boolean isClosed() {
        return closed.get();
    }

    @Override
    protected CompletableFuture<Context> start(String taskId, Context input, ExecutionOptions options) {
        CompletableFuture<Context> result = new CompletableFuture<>();
        String contextJson = input.toJson();
        Execution execution = new Execution(ids.incrementAndGet(), taskId, result, options.timeout(),
                options.inlineCompletion());
        pending.add(execution);
        result.whenComplete((value, error) -> {
            execution.settle();
            pending.remove(execution);
            if (error instanceof TaskError.Timeout || error instanceof TaskError.Cancelled
                    || error instanceof CancellationException) {
                // Timed out, cancelled or closed while it may still be running: stop the Python side too.
                requestInterrupt(execution.id());
                if (execution.started()) {
                    guardQueuedExecutions();
                }
            }
        });
        Map<String, String> logScope = PythonLogs.taskScope(JepRuntime.NAME, pkg.name(), taskId);
        thread.submit(interpreter -> run(interpreter, execution, contextJson, logScope)).whenComplete((ignored, error) -> {
            if (error != null) {
                services.fail(result, new TaskError.Cancelled(taskId, "package '" + pkg.name() + "' is closed"));
            }
        });
        if (closed.get()) { // raced with close(): it may have missed this execution
            services.fail(result, new TaskError.Cancelled(taskId, "package '" + pkg.name() + "' is closed"));
        }
        return result;
    }

    /** On the interpreter thread. */
    private Void run(Interpreter interpreter, Execution execution, String contextJson, Map<String, String> logScope) {
        execution.start(services.timer(), () -> timedOut(execution));
        if (execution.result().isDone()) {
            return null; // timed out or cancelled while queued: do not start it
        }
        String taskId = execution.taskId();
        String reply;
        synchronized (runningLock) {
            runningId = execution.id();
        }
        logSink.scope(logScope);
        try {
            reply = (String) interpreter.invoke(JepBoot.EXECUTE, execution.id(), taskId, contextJson);
        } catch (JepException e) {
            // The bridge reports every task failure as data; reaching here means the bridge itself broke.
            services.fail(execution.result(), new TaskError.ExecutionFailed(taskId,
                    "Jep failed to run the task: " + e.getMessage(), "JepException", null));
            return null;
        } finally {
            synchronized (runningLock) {
                runningId = 0;
            }
        }
        JsonNode node = BridgeReplies.parse(reply);
        PythonLogs.forward(node, logScope); // before the future completes, like every backend
        TaskError failure = BridgeReplies.failure(node, taskId);
        if (execution.inlineCompletion()) {
            // The caller promised short, non-blocking callbacks: run them here. A next task they start is queued
            // behind this one on this thread, which takes it without parking (no wake-up per task).
            if (failure == null) {
                execution.result().complete(BridgeReplies.context(node, taskId));
            } else {
                execution.result().completeExceptionally(failure);
            }
        } else if (failure == null) {
            services.complete(execution.result(), BridgeReplies.context(node, taskId));
        } else {
            services.fail(execution.result(), failure);
        }
        return null;
    }

    private void timedOut(Execution execution) {
        services.fail(execution.result(), new TaskError.Timeout(execution.taskId(), execution.timeout()));
    }

    /** Gives every task still waiting for the interpreter its own timeout, from now. */
    private void guardQueuedExecutions() {
        for (Execution queued : List.copyOf(pending)) {
            queued.guardWhileQueued(services.timer(), () -> timedOut(queued));
        }
    }

    /** Only the running execution is written: one slot, and nothing else needs stopping. */
    private void requestInterrupt(long executionId) {
        synchronized (runningLock) {
            if (runningId == executionId) {
                slot.request(executionId);
            }
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            for (Execution execution : List.copyOf(pending)) {
                services.fail(execution.result(), new TaskError.Cancelled(execution.taskId(),
                        "package '" + pkg.name() + "' was closed before the task finished"));
            }
            CompletableFuture<Void> ended = thread.close(this::unload);
            try {
                ended.get(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                thread.awaitTermination(CLOSE_WAIT_MILLIS);
            } catch (java.util.concurrent.TimeoutException e) {
                LOG.warn("Package '{}': a task is stuck in native code and cannot be interrupted; its interpreter "
                        + "thread will end the interpreter when the task returns", pkg.name());
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.warn("Package '{}': closing its Python interpreter failed: {}", pkg.name(), e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } finally {
            onClose.accept(this);
        }
    }

    /**
     * On the interpreter thread, before the interpreter ends: unloads the package, stops the interrupter and
     * gives threads the package started a moment to end. A sub-interpreter cannot end while one is alive (CPython
     * would abort the process; Jep refuses first with "All threads must be stopped"), so then it is left behind.
     */
    private Boolean unload(Interpreter interpreter) {
        interpreter.exec(JepBoot.UNLOAD);
        boolean stopped = (Boolean) interpreter.invoke(JepBoot.STOP_INTERRUPTER, STRAY_THREAD_WAIT_SECONDS);
        String stray = (String) interpreter.invoke(JepBoot.OTHER_THREADS, STRAY_THREAD_WAIT_SECONDS);
        if (!stopped || !stray.isEmpty()) {
            LOG.warn("Package '{}' left Python threads running ({}); its sub-interpreter is kept (leaked): a "
                    + "sub-interpreter cannot end while its threads run", pkg.name(), stopped ? stray : "interrupter, " + stray);
            return false;
        }
        slot.close();
        return true;
    }
}
