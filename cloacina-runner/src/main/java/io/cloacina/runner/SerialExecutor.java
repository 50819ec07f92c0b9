package io.cloacina.runner;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs submitted actions one at a time, in submission order. A run's whole state lives behind one of these, so
 * it needs no locks.
 *
 * <p>An action submitted while none runs is run at once on the submitting thread (usually the backend thread
 * that just finished a task), together with any submitted meanwhile, up to {@value #INLINE_LIMIT}; the rest
 * continue on a virtual thread. Handing every action to a new thread cost one thread wake-up per task, 40–60 µs
 * on an idle 2-core machine, more than a trivial task itself (docs/perf/notes.md). No thread waits for work:
 * when the queue is empty, no thread of this executor exists.
 */
final class SerialExecutor implements Executor {

    /** How many actions a submitting thread runs before the rest move to a thread of their own. */
    static final int INLINE_LIMIT = 64;

    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final String threadName;

    SerialExecutor(String threadName) {
        this.threadName = threadName;
    }

    @Override
    public void execute(Runnable action) {
        queue.add(action);
        if (draining.compareAndSet(false, true)) {
            drain(INLINE_LIMIT);
        }
    }

    /** Runs queued actions while this thread holds {@link #draining}; hands over to a virtual thread past {@code limit}. */
    private void drain(int limit) {
        int ran = 0;
        while (true) {
            Runnable action;
            while ((action = queue.poll()) != null) {
                if (ran++ == limit) {
                    Runnable first = action;
                    Thread.ofVirtual().name(threadName).start(() -> {
                        first.run();
                        drain(Integer.MAX_VALUE);
                    });
                    return; // still draining: the virtual thread goes on
                }
                action.run();
            }
            draining.set(false);
            // An action added between the last poll and the reset would otherwise wait for the next submission.
            if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                return;
            }
        }
    }
}
