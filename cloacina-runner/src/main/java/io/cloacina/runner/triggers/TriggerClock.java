package io.cloacina.runner.triggers;

import java.time.Duration;
import java.time.Instant;

/**
 * The time a {@link TriggerService} reads and the timer it schedules polls with. The service's default is the
 * system clock with its own timer thread; tests give one they advance by hand, so that a schedule of days runs
 * in milliseconds.
 *
 * @since 0.2
 */
public interface TriggerClock {

    /** Now. Cron schedules are computed from it. */
    Instant now();

    /**
     * Runs {@code action} once {@code delay} has passed on this clock (at once when it is zero or negative),
     * unless cancelled first. The action is short: the service only hands work to its own thread.
     */
    Scheduled schedule(Duration delay, Runnable action);

    /** A scheduled action. */
    interface Scheduled {
        /** Takes the action out if it has not run yet; does nothing otherwise. */
        void cancel();
    }
}
