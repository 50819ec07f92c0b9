package io.cloacina.concurrent;

import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opt-in: lets a thread that is about to block on a result likely to arrive within microseconds spin for a
 * short, bounded time first. Waking a parked thread costs tens of microseconds on the machines we measured
 * (40–60 µs on an idle 2-core VM, whose cores must leave their idle state), more than a trivial task's whole
 * round trip to a Python worker; a spinning waiter sees the result at once (docs/perf/notes.md has the numbers).
 *
 * <p>Off unless the system property {@value #SPIN_PROPERTY} gives a budget in microseconds (100 covers a trivial
 * task's round trip here): spinning trades CPU for latency, which is the embedder's call, not ours. Bounded
 * twice: each wait spins at most that long, and at most half the cores (at least one) spin at a time, so
 * waiters never take every core from the threads that produce their results.
 */
public final class BriefSpin {

    /** System property: the most a waiter spins, in microseconds. */
    public static final String SPIN_PROPERTY = "cloacina.spin.micros";
    public static final long DEFAULT_SPIN_MICROS = 0;

    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(configuredMicros());
    private static final int MAX_SPINNERS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    private static final AtomicInteger SPINNING = new AtomicInteger();

    private BriefSpin() {
    }

    /** The spin budget this JVM was started with. */
    static long budgetNanos() {
        return SPIN_NANOS;
    }

    /** Returns once {@code result} is done, or the spin budget is spent, or another thread holds the spin slot. */
    public static void awaitBriefly(Future<?> result) {
        awaitBriefly(result, SPIN_NANOS);
    }

    /** As {@link #awaitBriefly(Future)}, spinning no longer than {@code limitNanos} (a caller's own timeout). */
    public static void awaitBriefly(Future<?> result, long limitNanos) {
        spin(result, Math.min(SPIN_NANOS, limitNanos));
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

    private static long configuredMicros() {
        String configured = System.getProperty(SPIN_PROPERTY);
        if (configured == null || configured.isBlank()) {
            return DEFAULT_SPIN_MICROS;
        }
        try {
            return Math.max(0, Long.parseLong(configured.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + SPIN_PROPERTY + " must be a number of microseconds, got '"
                    + configured + "'", e);
        }
    }
}
