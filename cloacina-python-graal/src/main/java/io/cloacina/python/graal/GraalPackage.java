package io.cloacina.python.graal;

import io.cloacina.spi.PythonPackage;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.TaskDiscovery;
import io.cloacina.spi.TaskExecutor;

import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/** A package loaded into its own GraalPy contexts: nothing it imports is visible to another package. */
final class GraalPackage implements LoadedPackage {

    private final PythonPackage pkg;
    private final TaskDiscovery discovery;
    private final ThreadBoundInterpreters interpreters;
    private final ExecutorService workers;
    private final GraalTaskExecutor executor;
    private final Consumer<GraalPackage> onClose;
    private boolean closed;

    GraalPackage(PythonPackage pkg, TaskDiscovery discovery, ThreadBoundInterpreters interpreters,
                       ExecutorService workers, GraalTaskExecutor executor, Consumer<GraalPackage> onClose) {
        this.pkg = pkg;
        this.discovery = discovery;
        this.interpreters = interpreters;
        this.workers = workers;
        this.executor = executor;
        this.onClose = onClose;
    }

    @Override
    public PythonPackage pythonPackage() {
        return pkg;
    }

    @Override
    public TaskDiscovery discovery() {
        return discovery;
    }

    @Override
    public TaskExecutor executor() {
        return executor;
    }

    /** How many GraalPy contexts the package holds now (they are created as parallel tasks need them). */
    int contexts() {
        return interpreters.size();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        executor.close();
        interpreters.close(); // cancels running tasks: their contexts are closed under them
        // Not awaited here: a worker may be finishing a context it was pre-starting, which takes seconds
        // and is then discarded. The runtime's close() waits for every worker thread.
        for (Runnable queued : workers.shutdownNow()) {
            queued.run(); // finds the contexts closed and fails its task with Cancelled at once
        }
        onClose.accept(this);
    }
}
