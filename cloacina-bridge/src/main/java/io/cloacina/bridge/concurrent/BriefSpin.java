package io.cloacina.bridge.concurrent;

import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opt-in: lets a thread that is about to block on a result likely to arrive within microseconds spin for a
 * short, bounded time first. Waking a parked thread costs tens of microseconds on the machines we measured
 * (40–60 µs on an idle 2-core VM, whose cores must leave their idle state), more than a trivial task's whole
 * round trip to a Python worker; a spinning waiter sees the result at once (docs/perf/notes.md has the numbers).
 *
 * <p>Off unless a backend {@linkplain #configure configures} a budget (the subprocess backend's setting
 * {@code cloacina.subprocess.spin}; 100 µs covers a trivial task's round trip here): spinning trades CPU for
 * latency, which is the embedder's call, not ours. The budget is set by the backend when it is built, never
 * parsed in a static initializer (a bad value must be a message naming the setting, not an
 * {@code ExceptionInInitializerError}). Bounded
 * twice: each wait spins at most that long, and at most half the cores (at least one) spin at a time, so
 * waiters never take every core from the threads that produce their results.
 *
 * @since 0.1
 */
public final class BriefSpin {

    private static volatile long spinNanos;
    private static final int MAX_SPINNERS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    private static final AtomicInteger SPINNING = new AtomicInteger();

    private BriefSpin() {
    }

    /** The spin budget now in force (0: off). */
    static long budgetNanos() {
        return spinNanos;
    }

    /** Sets the most a waiter spins, for the whole JVM (zero turns it off). */
    public static void configure(java.time.Duration budget) {
        if (budget.isNegative()) {
            throw new IllegalArgumentException("a spin budget cannot be negative: " + budget);
        }
        spinNanos = budget.toNanos();
    }

    /** Returns once {@code result} is done, or the spin budget is spent, or another thread holds the spin slot. */
    public static void awaitBriefly(Future<?> result) {
        awaitBriefly(result, spinNanos);
    }

    /** As {@link #awaitBriefly(Future)}, spinning no longer than {@code limitNanos} (a caller's own timeout). */
    public static void awaitBriefly(Future<?> result, long limitNanos) {
        spin(result, Math.min(spinNanos, limitNanos));
    }

    /** @return whether {@code result} was done when the spin ended */
    static boolean spin(Future<?> result, long budgetNanos) {
        if (budgetNanos <= 0 || result.isDone()) {
            return result.isDone();
        }
        if (SPINNING.incrementAndGet() > MAX_SPINNERS) {
            SPINNING.decrementAndGet();
            return false;
        }
        try {
            long end = System.nanoTime() + budgetNanos;
            while (!result.isDone() && System.nanoTime() - end < 0) {
                Thread.onSpinWait();
            }
            return result.isDone();
        } finally {
            SPINNING.decrementAndGet();
        }
    }

}
