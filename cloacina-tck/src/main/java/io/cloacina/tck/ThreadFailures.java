package io.cloacina.tck;

import java.util.ArrayList;
import java.util.List;

/**
 * Failures seen on threads other than the test's, kept so that none is lost: the test rethrows them when it
 * ends, the first as the error and the rest attached as suppressed.
 */
final class ThreadFailures {

    private final List<Throwable> failures = new ArrayList<>();

    synchronized void add(Throwable failure) {
        failures.add(failure);
    }

    synchronized int count() {
        return failures.size();
    }

    /** Throws an {@link AssertionError} carrying every recorded failure, if there is one. */
    synchronized void rethrow(String summary) {
        if (failures.isEmpty()) {
            return;
        }
        Throwable first = failures.get(0);
        AssertionError error = new AssertionError(summary + " (" + failures.size() + " failure(s) on other threads; "
                + "first: " + first.getMessage() + ")", first);
        for (Throwable other : failures.subList(1, Math.min(failures.size(), 20))) {
            error.addSuppressed(other);
        }
        throw error;
    }
}
