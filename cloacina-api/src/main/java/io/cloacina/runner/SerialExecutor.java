package io.cloacina.runner;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs submitted actions one at a time, in submission order, on a virtual thread started only while there is
 * work. A run's whole state lives behind one of these, so it needs no locks, and no pool thread ever waits:
 * when the queue is empty no thread exists at all.
 */
final class SerialExecutor implements Executor {

    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final String threadName;

    SerialExecutor(String threadName) {
        this.threadName = threadName;
    }

    @Override
    public void execute(Runnable action) {
        queue.add(action);
        startDrainingIfIdle();
    }

    private void startDrainingIfIdle() {
        if (draining.compareAndSet(false, true)) {
            Thread.ofVirtual().name(threadName).start(this::drain);
        }
    }

    private void drain() {
        Runnable action;
        while ((action = queue.poll()) != null) {
            action.run();
        }
        draining.set(false);
        // An action added between the last poll and the reset would otherwise wait for the next submission.
        if (!queue.isEmpty()) {
            startDrainingIfIdle();
        }
    }
}
