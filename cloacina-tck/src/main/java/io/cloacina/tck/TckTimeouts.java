package io.cloacina.tck;

import java.time.Duration;

/**
 * How long the kit waits. Every wait is bounded; slow machines stretch them with the system property
 * {@value #PROPERTY} (a factor, e.g. {@code 3}) or a backend overrides
 * {@link PythonRuntimeCompatibilityKit#timeoutScale()}.
 *
 * @since 0.1
 */
public record TckTimeouts(double scale) {

    public static final String PROPERTY = "cloacina.tck.timeout.scale";

    public TckTimeouts {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("timeout scale must be a positive number, got " + scale);
        }
    }

    /** The factor from {@value #PROPERTY}, 1 when it is not set. */
    public static double scaleFromSystemProperty() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return 1.0;
        }
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + " must be a number, got '" + value + "'", e);
        }
    }

    public Duration scaled(Duration base) {
        return Duration.ofNanos(Math.max(1, (long) (base.toNanos() * scale)));
    }
}
