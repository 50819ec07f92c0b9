package io.cloacina.bridge.support;

import io.cloacina.spi.Availability;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A backend's availability, probed once, on first demand (never in a constructor: {@code ServiceLoader}
 * instantiates every backend on the class path just to list them), and the one wording for "unavailable"
 * shared by every backend.
 *
 * @since 0.1
 */
public final class AvailabilityProbe {

    private final String backend;
    private final Supplier<Availability> probe;
    private volatile Availability known;

    /**
     * @param backend the backend's name, for messages
     * @param probe   finds out; may be slow (runs a process, loads a library); exceptions count as unavailable
     */
    public AvailabilityProbe(String backend, Supplier<Availability> probe) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.probe = Objects.requireNonNull(probe, "probe");
    }

    /** The probe's answer, probing on the first call only. */
    public Availability get() {
        Availability answer = known;
        if (answer == null) {
            synchronized (this) {
                answer = known;
                if (answer == null) {
                    try {
                        answer = Objects.requireNonNull(probe.get(), "the availability probe returned null");
                    } catch (RuntimeException | LinkageError e) {
                        answer = Availability.unavailable("availability probe failed: " + e);
                    }
                    known = answer;
                }
            }
        }
        return answer;
    }

    /** Replaces the answer: a backend that learns later that it cannot run (a library failed to start). */
    public void markUnavailable(String reason) {
        known = Availability.unavailable(reason);
    }

    /**
     * @throws IllegalStateException "The &lt;name&gt; Python backend is unavailable: &lt;reason&gt;" when it is
     */
    public void requireAvailable() {
        Availability answer = get();
        if (!answer.available()) {
            throw new IllegalStateException(unavailableMessage(backend, answer.reason()));
        }
    }

    /** The one wording of an unavailable backend. */
    public static String unavailableMessage(String backend, String reason) {
        return "The " + backend + " Python backend is unavailable: " + reason;
    }
}
