package io.cloacina.python.graal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The contexts of one loaded package, each bound to one of the package's worker threads: a context is only
 * ever entered by the thread that made it. So it is used by one task at a time, and Python sees a single
 * thread (its {@code MainThread}) instead of a new foreign "Dummy" thread whenever another worker picks it up.
 * Each context is made once and reused for every task its thread runs; one that broke is replaced.
 */
final class ThreadBoundInterpreters implements AutoCloseable {

    private final Supplier<PackageInterpreter> factory;
    private final ThreadLocal<PackageInterpreter> own = new ThreadLocal<>();
    private final Set<PackageInterpreter> all = new LinkedHashSet<>();
    private boolean closed;

    ThreadBoundInterpreters(Supplier<PackageInterpreter> factory) {
        this.factory = factory;
    }

    /** Binds an interpreter the calling thread made (the one the package was discovered in) to that thread. */
    void adopt(PackageInterpreter interpreter) {
        synchronized (this) {
            if (!closed) {
                all.add(interpreter);
                own.set(interpreter);
                return;
            }
        }
        interpreter.close();
    }

    /**
     * The calling thread's interpreter, made now if the thread has none yet or its last one broke; {@code null}
     * once closed.
     *
     * @throws io.cloacina.error.TaskError the package failed to load in the new context
     */
    PackageInterpreter forCurrentThread() {
        PackageInterpreter mine = own.get();
        synchronized (this) {
            if (closed) {
                return null;
            }
            if (mine != null && !mine.isBroken()) {
                return mine;
            }
        }
        if (mine != null) {
            discard(mine);
        }
        PackageInterpreter made = factory.get();
        synchronized (this) {
            if (!closed) {
                all.add(made);
                own.set(made);
                return made;
            }
        }
        made.close();
        return null;
    }

    /** Called after each use: a context that broke during it is closed now and replaced on next use. */
    void afterUse(PackageInterpreter interpreter) {
        if (interpreter.isBroken()) {
            discard(interpreter);
        }
    }

    private void discard(PackageInterpreter interpreter) {
        if (own.get() == interpreter) {
            own.remove();
        }
        synchronized (this) {
            all.remove(interpreter);
        }
        interpreter.close();
    }

    synchronized int size() {
        return all.size();
    }

    /** Closes every context, cancelling the tasks running in them. Idempotent. */
    @Override
    public void close() {
        List<PackageInterpreter> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(all);
            all.clear();
        }
        toClose.forEach(PackageInterpreter::close);
    }
}
