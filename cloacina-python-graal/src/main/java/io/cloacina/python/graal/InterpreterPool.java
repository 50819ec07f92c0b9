package io.cloacina.python.graal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The contexts of one loaded package: created when first needed (up to {@code max}), then reused by every
 * task, one task per context at a time. A context that broke is dropped and a new one is made on demand.
 */
final class InterpreterPool implements AutoCloseable {

    private final int max;
    private final Supplier<PackageInterpreter> factory;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition returned = lock.newCondition();
    private final Deque<PackageInterpreter> idle = new ArrayDeque<>();
    private final Set<PackageInterpreter> all = new LinkedHashSet<>();
    private int reserved;
    private boolean closed;

    /** @param first an interpreter that already holds the package (the one discovery ran in) */
    InterpreterPool(int max, PackageInterpreter first, Supplier<PackageInterpreter> factory) {
        this.max = max;
        this.factory = factory;
        idle.push(first);
        all.add(first);
    }

    /**
     * An interpreter for the caller alone, or {@code null} once the pool is closed or {@code abandoned}
     * says the caller no longer needs one.
     */
    PackageInterpreter checkout(BooleanSupplier abandoned) throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (closed || abandoned.getAsBoolean()) {
                    return null;
                }
                if (!idle.isEmpty()) {
                    return idle.pop();
                }
                if (all.size() + reserved < max) {
                    reserved++;
                    break;
                }
                returned.await(200, TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
        return create();
    }

    /**
     * Creates one more context ahead of demand, if there is room. Run in the background after a load, so
     * that tasks submitted together overlap at once instead of waiting seconds for a context to start.
     */
    void prestart() {
        lock.lock();
        try {
            if (closed || all.size() + reserved >= max) {
                return;
            }
            reserved++;
        } finally {
            lock.unlock();
        }
        PackageInterpreter made = create();
        if (made != null) {
            checkin(made);
        }
    }

    private PackageInterpreter create() {
        PackageInterpreter made = null;
        try {
            made = factory.get();
        } finally {
            lock.lock();
            try {
                reserved--;
                if (made != null) {
                    if (closed) {
                        made.close();
                        made = null;
                    } else {
                        all.add(made);
                    }
                }
                returned.signalAll();
            } finally {
                lock.unlock();
            }
        }
        return made;
    }

    /** Hands an interpreter back; a broken one (or any, once closed) is closed instead. */
    void checkin(PackageInterpreter interpreter) {
        boolean discard;
        lock.lock();
        try {
            discard = closed || interpreter.isBroken();
            if (discard) {
                all.remove(interpreter);
            } else {
                idle.push(interpreter);
            }
            returned.signalAll();
        } finally {
            lock.unlock();
        }
        if (discard) {
            interpreter.close();
        }
    }

    int size() {
        lock.lock();
        try {
            return all.size();
        } finally {
            lock.unlock();
        }
    }

    /** Closes every context, cancelling the tasks running in them. Idempotent. */
    @Override
    public void close() {
        List<PackageInterpreter> toClose;
        lock.lock();
        try {
            closed = true;
            toClose = new ArrayList<>(all);
            all.clear();
            idle.clear();
            returned.signalAll();
        } finally {
            lock.unlock();
        }
        toClose.forEach(PackageInterpreter::close);
    }
}
