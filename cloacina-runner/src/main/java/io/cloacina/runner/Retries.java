package io.cloacina.runner;

import io.cloacina.error.TaskError;
import io.cloacina.spi.RetryPolicy;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * Cloacina 0.12's retry rules, as its executor applies them: whether a failed attempt runs again, and after how
 * long. One implementation for every runner (the local one and Temporal's workflows).
 *
 * @since 0.2
 */
public final class Retries {

    /** Cloacina's transient test: words in the lower-cased error type or message. */
    private static final List<String> TRANSIENT_WORDS = List.of("timeout", "connection", "network", "temporary",
            "unavailable");

    private Retries() {
    }

    /**
     * Whether the attempt numbered {@code failedAttempt} (from 1) is followed by another: only while
     * {@code failedAttempt < maxAttempts}, and only when every condition of the policy allows the error.
     * A cancellation is never retried; a crashed worker only when every condition allows all errors.
     */
    public static boolean shouldRetry(RetryPolicy policy, int failedAttempt, TaskError error) {
        if (failedAttempt >= policy.maxAttempts() || error instanceof TaskError.Cancelled) {
            return false;
        }
        if (error instanceof TaskError.WorkerCrashed) {
            return !policy.conditions().isEmpty()
                    && policy.conditions().stream().allMatch(RetryPolicy.Condition.AllErrors.class::isInstance);
        }
        for (RetryPolicy.Condition condition : policy.conditions()) {
            boolean allows = switch (condition) {
                case RetryPolicy.Condition.Never never -> false;
                case RetryPolicy.Condition.AllErrors all -> true;
                case RetryPolicy.Condition.TransientOnly transientOnly -> isTransient(error);
                case RetryPolicy.Condition.ErrorPattern pattern -> matchesAny(error, pattern.patterns());
            };
            if (!allows) {
                return false;
            }
        }
        return true;
    }

    /**
     * Cloacina's transient errors: a timeout, or an error whose Python type or message, lower-cased, contains
     * timeout, connection, network, temporary or unavailable ({@code TimeoutError}, {@code ConnectionError}, ...).
     */
    public static boolean isTransient(TaskError error) {
        if (error instanceof TaskError.Timeout) {
            return true;
        }
        String text = describe(error);
        return TRANSIENT_WORDS.stream().anyMatch(text::contains);
    }

    /**
     * The wait before the attempt after failed attempt {@code failedAttempt}: fixed = initial, linear = initial
     * x attempt x multiplier, exponential = initial x multiplier x base^(attempt-1); capped at the policy's
     * maximum; then, with jitter, multiplied by a uniform factor in [0.75, 1.25] (after the cap, as in Cloacina).
     * Whole milliseconds.
     *
     * @param random a uniform source in [0, 1), used only with jitter
     */
    public static Duration delay(RetryPolicy policy, int failedAttempt, DoubleSupplier random) {
        double initial = policy.initialDelay().toMillis();
        double millis = switch (policy.backoff()) {
            case RetryPolicy.Backoff.Fixed fixed -> initial;
            case RetryPolicy.Backoff.Linear linear -> initial * failedAttempt * linear.multiplier();
            case RetryPolicy.Backoff.Exponential exp -> initial * exp.multiplier() * Math.pow(exp.base(), failedAttempt - 1);
        };
        millis = Math.min(millis, policy.maxDelay().toMillis());
        if (policy.jitter()) {
            millis = millis * (0.75 + 0.5 * random.getAsDouble());
        }
        return Duration.ofMillis((long) Math.max(0, millis));
    }

    private static boolean matchesAny(TaskError error, List<String> patterns) {
        String text = describe(error);
        return patterns.stream().anyMatch(p -> text.contains(p.toLowerCase(Locale.ROOT)));
    }

    private static String describe(TaskError error) {
        return (error.pythonType().orElse(error.getClass().getSimpleName()) + ": " + error.getMessage())
                .toLowerCase(Locale.ROOT);
    }
}
