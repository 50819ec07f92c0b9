package io.cloacina.bridge.concurrent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs short actions (an {@code abort}, an {@code interrupt}) at their deadlines, on one daemon thread that is
 * started on first use and ends after a while without work, or on {@link #close()}.
 *
 * <p>Built for timeouts that are nearly always cancelled: one per task, armed when it starts and cancelled
 * when it ends. A {@link java.util.concurrent.ScheduledThreadPoolExecutor} signals its thread whenever a new
 * task becomes the head of its queue, which with one task in flight is every task: one thread wake-up per
 * task. Here registering and cancelling are a skip-list insert or removal and never signal the thread,
 * unless the new deadline is earlier than the one the thread sleeps until. The thread does not learn about
 * cancellations: it wakes at the deadline it slept until (or at the latest after the idle linger), runs what
 * is due, and sleeps until the earliest remaining deadline.
 *
 * <p>Deadlines are measured with {@link System#nanoTime()} from the timer's creation, so comparisons never
 * wrap; a delay too long to represent (centuries) saturates to "never". An action never runs before its
 * deadline. An action that throws is logged and does not stop the timer.
 *
 * @since 0.1
 */
public final class DeadlineTimer implements AutoCloseable {

    /** How long the thread stays without work before it ends, and the longest it sleeps without looking. */
    public static final Duration DEFAULT_IDLE_LINGER = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(DeadlineTimer.class);
    private static final long NEVER = Long.MAX_VALUE;
    /** What {@link #sleepingUntil} says while the thread is awake: it looks at the queue before sleeping again. */
    private static final long AWAKE = Long.MIN_VALUE;
    private static final Duration LONGEST_LINGER = Duration.ofHours(1);
    private static final long CLOSE_JOIN_MILLIS = 5_000;
    private static final Comparator<Handle> BY_DEADLINE =
            Comparator.comparingLong((Handle h) -> h.deadline).thenComparingLong(h -> h.sequence);

    private final String threadName;
    private final long lingerNanos;
    private final long origin = System.nanoTime();
    /** Registered actions by deadline; the value is unused. A cancelled or fired handle is no longer here. */
    private final ConcurrentSkipListMap<Handle, Boolean> pending = new ConcurrentSkipListMap<>(BY_DEADLINE);
    /** Orders equal deadlines and tells the thread whether anything was registered while it looked idle. */
    private final AtomicLong registrations = new AtomicLong();
    private final Object lifecycle = new Object();
    private volatile Thread worker;
    /** The deadline (from {@link #origin}) the thread sleeps until; a registration before it wakes the thread. */
    private volatile long sleepingUntil = AWAKE;
    private volatile boolean closed;
    private final AtomicLong signals = new AtomicLong();
    private final AtomicLong wakeUps = new AtomicLong();
    private final AtomicLong threadsStarted = new AtomicLong();

    /** A timer whose thread is called {@code threadName} and lingers {@link #DEFAULT_IDLE_LINGER} when idle. */
    public DeadlineTimer(String threadName) {
        this(threadName, DEFAULT_IDLE_LINGER);
    }

    /**
     * @param idleLinger how long the thread stays when nothing is registered; also the longest it sleeps
     *                   without looking, which bounds how long a cancelled far deadline keeps it alive
     */
    public DeadlineTimer(String threadName, Duration idleLinger) {
        this.threadName = Objects.requireNonNull(threadName, "threadName");
        Objects.requireNonNull(idleLinger, "idleLinger");
        if (idleLinger.isNegative() || idleLinger.isZero() || idleLinger.compareTo(LONGEST_LINGER) > 0) {
            throw new IllegalArgumentException("idleLinger must be positive and at most " + LONGEST_LINGER
                    + ", got " + idleLinger);
        }
        this.lingerNanos = idleLinger.toNanos();
    }

    /**
     * Runs {@code action} on the timer's thread once {@code delay} has passed, unless cancelled first.
     * The action must be short: every other deadline waits for it.
     *
     * @param delay zero or negative means as soon as possible; too long to represent means never
     * @throws IllegalStateException the timer is closed
     */
    public Handle schedule(Duration delay, Runnable action) {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(action, "action");
        if (closed) {
            throw closedError();
        }
        Handle handle = new Handle(this, deadlineAfter(delay), registrations.getAndIncrement(), action);
        pending.put(handle, Boolean.TRUE);
        // Written before these reads, as the thread publishes sleepingUntil (or gives up) before it looks at
        // the queue again: either it sees this handle, or this sees what it sleeps until (or that it is gone).
        Thread current = worker;
        if (current == null) {
            startThread();
        } else if (handle.deadline < sleepingUntil) {
            signals.incrementAndGet();
            LockSupport.unpark(current);
        }
        if (closed && pending.remove(handle) != null) { // raced with close(), which may have missed it
            throw closedError();
        }
        return handle;
    }

    /**
     * Drops every registered action without running it and ends the thread (waiting a few seconds at most
     * for an action that is running). Later {@link #schedule} calls fail. Idempotent.
     */
    @Override
    public void close() {
        Thread current;
        synchronized (lifecycle) {
            closed = true;
            current = worker;
        }
        pending.clear();
        if (current == null) {
            return;
        }
        LockSupport.unpark(current);
        if (current != Thread.currentThread()) {
            try {
                current.join(CLOSE_JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "DeadlineTimer[" + threadName + ", " + pending.size() + " pending" + (closed ? ", closed]" : "]");
    }

    // ------------------------------------------------------------------- for tests in this package

    /** How many times a registration woke the thread because its deadline was earlier. */
    long signals() {
        return signals.get();
    }

    /** How many times the thread returned from sleeping, for whatever reason. */
    long wakeUps() {
        return wakeUps.get();
    }

    long threadsStarted() {
        return threadsStarted.get();
    }

    /** The thread, while there is one. */
    Thread thread() {
        return worker;
    }

    /** Actions scheduled and neither run nor cancelled yet (for diagnostics, and for tests of its users). */
    public int pendingCount() {
        return pending.size();
    }

    // ------------------------------------------------------------------- the timer thread

    private void startThread() {
        synchronized (lifecycle) {
            if (worker != null || closed) {
                return;
            }
            sleepingUntil = AWAKE;
            Thread thread = Thread.ofPlatform().daemon().name(threadName).unstarted(this::run);
            worker = thread;
            threadsStarted.incrementAndGet();
            thread.start();
        }
    }

    private void run() {
        Thread self = Thread.currentThread();
        boolean idle = false;
        long idleSince = 0;
        long registrationsWhenIdle = 0;
        while (true) {
            sleepingUntil = AWAKE;
            Thread.interrupted(); // an action that interrupts the wrong thread must not turn sleeping into spinning
            if (closed) {
                leave(self);
                return;
            }
            long now = now();
            fireDue(now);
            now = now();
            Handle first = earliest();
            long wakeAt;
            if (first != null) {
                idle = false;
                wakeAt = Math.min(first.deadline, now + lingerNanos);
            } else {
                long seen = registrations.get();
                if (!idle || seen != registrationsWhenIdle) {
                    idle = true; // from now, unless something is registered in between
                    idleSince = now;
                    registrationsWhenIdle = seen;
                } else if (now - idleSince >= lingerNanos) {
                    if (retire(self)) {
                        return;
                    }
                    idle = false;
                    continue;
                }
                wakeAt = idleSince + lingerNanos;
            }
            sleepingUntil = wakeAt;
            Handle head = earliest(); // see schedule(): a registration may have read AWAKE and not signalled
            if (head != null && head.deadline < wakeAt) {
                continue;
            }
            long sleep = wakeAt - now();
            if (sleep > 0 && !closed) {
                LockSupport.parkNanos(this, sleep);
                wakeUps.incrementAndGet();
            }
        }
    }

    private void fireDue(long now) {
        for (Handle due = earliest(); due != null && due.deadline <= now; due = earliest()) {
            if (pending.remove(due) != null) { // else cancelled just now
                try {
                    due.action.run();
                } catch (Throwable failure) {
                    LOG.warn("Timer '{}': a timed action failed; the timer goes on", threadName, failure);
                }
            }
        }
    }

    /**
     * Ends the thread unless something was registered meanwhile. Gives the thread up first, then looks at the
     * queue, as schedule() registers first, then looks at the thread: one of the two sees the other.
     */
    private boolean retire(Thread self) {
        synchronized (lifecycle) {
            if (worker == self) {
                worker = null;
            }
        }
        if (pending.isEmpty()) {
            return true;
        }
        synchronized (lifecycle) {
            if (worker == null && !closed) {
                worker = self; // a registration came in while it was leaving; it stays
                return false;
            }
        }
        return true; // closed, or a registration started another thread
    }

    private void leave(Thread self) {
        synchronized (lifecycle) {
            if (worker == self) {
                worker = null;
            }
        }
    }

    private Handle earliest() {
        Map.Entry<Handle, Boolean> first = pending.firstEntry();
        return first == null ? null : first.getKey();
    }

    private long now() {
        return System.nanoTime() - origin;
    }

    /** Saturates instead of overflowing: a delay of centuries is "never", not a deadline in the past. */
    private long deadlineAfter(Duration delay) {
        long now = now();
        if (delay.isNegative() || delay.isZero()) {
            return now;
        }
        long nanos = delay.compareTo(Duration.ofNanos(NEVER)) >= 0 ? NEVER : delay.toNanos();
        return nanos >= NEVER - now ? NEVER : now + nanos;
    }

    private IllegalStateException closedError() {
        return new IllegalStateException("Timer '" + threadName + "' is closed");
    }

    /** One registered action. */
    public static final class Handle {

        private final DeadlineTimer timer;
        private final long deadline;
        private final long sequence;
        private final Runnable action;

        private Handle(DeadlineTimer timer, long deadline, long sequence, Runnable action) {
            this.timer = timer;
            this.deadline = deadline;
            this.sequence = sequence;
            this.action = action;
        }

        /**
         * Takes the action out without waking the timer's thread.
         *
         * @return true if this call stopped it from running; false if it already ran (or is running), was
         * cancelled before, or the timer was closed
         */
        public boolean cancel() {
            return timer.pending.remove(this) != null;
        }

        @Override
        public String toString() {
            return "DeadlineTimer.Handle[" + (deadline == NEVER ? "never" : TimeUnit.NANOSECONDS.toMillis(
                    deadline - timer.now()) + " ms left") + "]";
        }
    }
}
