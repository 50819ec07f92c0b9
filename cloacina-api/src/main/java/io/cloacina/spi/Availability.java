package io.cloacina.spi;

import java.util.Objects;

/**
 * Whether a backend can run on this machine; when it cannot, {@link #reason()} says why and what to do.
 *
 * @since 0.1
 */
public record Availability(boolean available, String reason) {

    public Availability {
        Objects.requireNonNull(reason, "reason");
    }

    public static Availability available(String detail) {
        return new Availability(true, detail);
    }

    public static Availability unavailable(String reason) {
        return new Availability(false, reason);
    }
}
