package io.cloacina.runner;

import io.cloacina.error.TaskError;
import io.cloacina.spi.PackageFormat;
import io.cloacina.spi.RetryPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cloacina 0.12's retry rules (reference section 2), pinned. */
class RetriesTest {

    private static final RetryPolicy.Condition ALL = new RetryPolicy.Condition.AllErrors();

    private static RetryPolicy policy(int attempts, RetryPolicy.Backoff backoff, long initialMs, long maxMs,
                                      boolean jitter, RetryPolicy.Condition... conditions) {
        return new RetryPolicy(attempts, backoff, Duration.ofMillis(initialMs), Duration.ofMillis(maxMs), jitter,
                List.of(conditions));
    }

    private static TaskError python(String type, String message) {
        return new TaskError.ExecutionFailed("t", message, type, null);
    }

    @Test
    void fixedLinearAndExponentialFollowCloacinasFormulaUpToTheCap() {
        RetryPolicy fixed = policy(9, new RetryPolicy.Backoff.Fixed(), 500, 60_000, false, ALL);
        RetryPolicy linear = policy(9, new RetryPolicy.Backoff.Linear(1.5), 100, 60_000, false, ALL);
        RetryPolicy exponential = policy(9, new RetryPolicy.Backoff.Exponential(2.0, 1.0), 1000, 5000, false, ALL);
        RetryPolicy scaled = policy(9, new RetryPolicy.Backoff.Exponential(3.0, 2.0), 100, 60_000, false, ALL);
        for (int attempt = 1; attempt <= 4; attempt++) {
            assertEquals(500, Retries.delay(fixed, attempt, () -> 0.5).toMillis());
        }
        assertEquals(List.of(150L, 300L, 450L), List.of(Retries.delay(linear, 1, () -> 0).toMillis(),
                Retries.delay(linear, 2, () -> 0).toMillis(), Retries.delay(linear, 3, () -> 0).toMillis()));
        // 1000, 2000, 4000, then the cap of 5000.
        assertEquals(List.of(1000L, 2000L, 4000L, 5000L), List.of(Retries.delay(exponential, 1, () -> 0).toMillis(),
                Retries.delay(exponential, 2, () -> 0).toMillis(), Retries.delay(exponential, 3, () -> 0).toMillis(),
                Retries.delay(exponential, 4, () -> 0).toMillis()));
        assertEquals(1800, Retries.delay(scaled, 3, () -> 0).toMillis()); // 100 x 2 x 3^2
    }

    @Test
    void jitterScalesTheCappedDelayBetweenThreeQuartersAndFiveQuarters() {
        RetryPolicy capped = policy(9, new RetryPolicy.Backoff.Exponential(2.0, 1.0), 1000, 2000, true, ALL);
        assertEquals(1500, Retries.delay(capped, 3, () -> 0.0).toMillis());   // 4000 capped to 2000, x 0.75
        assertEquals(2000, Retries.delay(capped, 3, () -> 0.5).toMillis());
        // Applied after the cap, as Cloacina does: up to 25 % above max_delay.
        assertEquals(2499, Retries.delay(capped, 3, () -> 0.9999).toMillis());
        for (int i = 0; i < 1000; i++) {
            long millis = Retries.delay(capped, 1, Math::random).toMillis();
            assertTrue(millis >= 750 && millis <= 1250, "jittered first delay " + millis);
        }
    }

    @Test
    void maxAttemptsCountsEveryRunTheFirstIncluded() {
        RetryPolicy three = policy(3, new RetryPolicy.Backoff.Fixed(), 0, 0, false, ALL);
        TaskError error = python("ValueError", "boom");
        assertTrue(Retries.shouldRetry(three, 1, error));
        assertTrue(Retries.shouldRetry(three, 2, error));
        assertFalse(Retries.shouldRetry(three, 3, error));
        assertFalse(Retries.shouldRetry(policy(1, new RetryPolicy.Backoff.Fixed(), 0, 0, false, ALL), 1, error));
        assertFalse(Retries.shouldRetry(policy(0, new RetryPolicy.Backoff.Fixed(), 0, 0, false, ALL), 1, error));
    }

    @Test
    void transientMeansTimeoutsAndErrorsSpeakingOfTimeoutConnectionNetworkTemporaryOrUnavailable() {
        assertTrue(Retries.isTransient(new TaskError.Timeout("t", Duration.ofSeconds(1))));
        assertTrue(Retries.isTransient(python("TimeoutError", "x")));
        assertTrue(Retries.isTransient(python("ConnectionError", "refused")));
        assertTrue(Retries.isTransient(python("builtins.OSError", "Network is unreachable")));
        assertTrue(Retries.isTransient(python("RuntimeError", "service TEMPORARILY Unavailable")));
        assertTrue(Retries.isTransient(python("requests.exceptions.ConnectionError", "boom")));
        assertFalse(Retries.isTransient(python("ValueError", "bad row 3")));
        assertFalse(Retries.isTransient(new TaskError.ValidationFailed("t", "returned a set")));
    }

    @Test
    void conditionsMustAllAllowTheRetry() {
        TaskError flaky = python("ConnectionError", "reset");
        TaskError bug = python("ValueError", "bad row");
        RetryPolicy.Backoff fixed = new RetryPolicy.Backoff.Fixed();
        assertFalse(Retries.shouldRetry(policy(3, fixed, 0, 0, false, new RetryPolicy.Condition.Never()), 1, flaky));
        assertTrue(Retries.shouldRetry(policy(3, fixed, 0, 0, false, new RetryPolicy.Condition.TransientOnly()), 1, flaky));
        assertFalse(Retries.shouldRetry(policy(3, fixed, 0, 0, false, new RetryPolicy.Condition.TransientOnly()), 1, bug));
        RetryPolicy pattern = policy(3, fixed, 0, 0, false,
                new RetryPolicy.Condition.ErrorPattern(List.of("DEADLOCK", "bad row")));
        assertTrue(Retries.shouldRetry(pattern, 1, bug));
        assertTrue(Retries.shouldRetry(pattern, 1, python("OperationalError", "deadlock detected")));
        assertFalse(Retries.shouldRetry(pattern, 1, flaky));
        RetryPolicy both = policy(3, fixed, 0, 0, false, ALL, new RetryPolicy.Condition.TransientOnly());
        assertFalse(Retries.shouldRetry(both, 1, bug));
        assertTrue(Retries.shouldRetry(both, 1, flaky));
    }

    @Test
    void aCrashIsRetriedOnlyWhenAllErrorsAreAndACancellationNever() {
        TaskError crash = new TaskError.WorkerCrashed("t", "worker died");
        RetryPolicy.Backoff fixed = new RetryPolicy.Backoff.Fixed();
        assertTrue(Retries.shouldRetry(policy(3, fixed, 0, 0, false, ALL), 1, crash));
        assertFalse(Retries.shouldRetry(policy(3, fixed, 0, 0, false, new RetryPolicy.Condition.TransientOnly()), 1, crash));
        assertFalse(Retries.shouldRetry(policy(3, fixed, 0, 0, false, ALL), 1, new TaskError.Cancelled("t", "stop")));
    }

    @Test
    void eachFormatHasItsDefaultPolicy() {
        assertEquals(policy(3, new RetryPolicy.Backoff.Exponential(2.0, 1.0), 1000, 60_000, true, ALL),
                PackageFormat.CLOACINA.defaultRetryPolicy());
        RetryPolicy ours = PackageFormat.MANIFEST.defaultRetryPolicy();
        assertFalse(Retries.shouldRetry(ours, 1, python("ConnectionError", "x")), "our packages do not retry");
        // Cloacina's default: about 1 s, then about 2 s (each +-25 %).
        RetryPolicy cloacina = PackageFormat.CLOACINA.defaultRetryPolicy();
        assertEquals(1000, Retries.delay(cloacina, 1, () -> 0.5).toMillis());
        assertEquals(2000, Retries.delay(cloacina, 2, () -> 0.5).toMillis());
    }
}
