package io.cloacina.python.subprocess;

import io.cloacina.bridge.PythonLogs;
import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.spi.DiscoveredTasks;
import io.cloacina.spi.PythonPackage;
import io.cloacina.spi.ExecutionOptions;
import io.cloacina.spi.TaskDescriptor;
import io.cloacina.bridge.support.GuardedLoadedPackage;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** A package loaded into a pool of worker processes: its tasks, and a way to run them. */
final class SubprocessPackage extends GuardedLoadedPackage {

    private final PythonPackage pkg;
    private final WorkerPool pool;
    private final Consumer<SubprocessPackage> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    SubprocessPackage(PythonPackage pkg, DiscoveredTasks tasks, WorkerPool pool,
                      Consumer<SubprocessPackage> onClose) {
        super(pkg, tasks);
        this.pkg = pkg;
        this.pool = pool;
        this.onClose = onClose;
    }

    @Override
    protected boolean isClosed() {
        return closed.get();
    }

    @Override
    protected CompletableFuture<Context> start(String taskId, Context input, ExecutionOptions options) {
        // A snapshot costs nothing now and keeps later writes by the caller out of the task's input.
        TaskRun run = new TaskRun(taskId, input.snapshot(), options.timeout(),
                PythonLogs.taskScope(SubprocessRuntime.NAME, packageName(), taskId));
        pool.submit(run);
        return run.future();
    }

    /** Kills every worker at once: the JVM is going away. */
    void killNow() {
        pool.killAllNow();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                pool.close();
            } finally {
                onClose.accept(this);
            }
        }
    }

    @Override
    public String toString() {
        return "subprocess package " + pkg;
    }
}
