package io.cloacina.runner.triggers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A clock that moves only when the test says so; what comes due runs on the test's thread, in order. */
final class ManualClock implements TriggerClock {

    private final class Pending implements Scheduled {
        final Instant at;
        final long sequence;
        final Runnable action;

        Pending(Instant at, long sequence, Runnable action) {
            this.at = at;
            this.sequence = sequence;
            this.action = action;
        }

        @Override
        public void cancel() {
            synchronized (ManualClock.this) {
                pending.remove(this);
            }
        }
    }

    private Instant now;
    private long sequence;
    private final List<Pending> pending = new ArrayList<>();

    ManualClock(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized Scheduled schedule(Duration delay, Runnable action) {
        Pending scheduled = new Pending(now.plus(delay.isNegative() ? Duration.ZERO : delay), sequence++, action);
        pending.add(scheduled);
        notifyAll();
        return scheduled;
    }

    /** Moves to {@code to}, running every action due by then in deadline order (the clock reads its deadline). */
    void advanceTo(Instant to) {
        while (true) {
            Pending due;
            synchronized (this) {
                due = pending.stream().filter(p -> !p.at.isAfter(to))
                        .min(Comparator.<Pending, Instant>comparing(p -> p.at).thenComparingLong(p -> p.sequence))
                        .orElse(null);
                if (due == null) {
                    if (to.isAfter(now)) {
                        now = to;
                    }
                    return;
                }
                pending.remove(due);
                if (due.at.isAfter(now)) {
                    now = due.at;
                }
            }
            due.action.run();
        }
    }

    /**
     * A late timer: the clock is at {@code to} first, then what was due by then runs (the machine slept through
     * the deadlines).
     */
    void jumpTo(Instant to) {
        synchronized (this) {
            now = to;
        }
        advanceTo(to);
    }

    /** Waits (at most 10 s) until an action is scheduled after now, and returns its deadline. */
    synchronized Instant awaitNextDeadline() throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Optional<Instant> next = pending.stream().map(p -> p.at).filter(at -> at.isAfter(now)).min(Comparator.naturalOrder());
            if (next.isPresent()) {
                return next.get();
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("nothing was scheduled after " + now + " within 10 s");
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    synchronized int pendingCount() {
        return pending.size();
    }
}
