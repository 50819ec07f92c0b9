package io.cloacina.runtime;

import io.cloacina.spi.Availability;
import io.cloacina.spi.PythonRuntime;

import java.util.ServiceConfigurationError;

/**
 * A backend found on the class path and what its availability probe said.
 *
 * @param name      the backend's name, or {@code <provider that failed to load>} for a broken one
 * @param runtime   the instance, {@code null} when the provider could not be instantiated
 * @param available whether it can be used here
 * @param reason    the probe's explanation (why not, or what it found)
 */
public record RuntimeCandidate(String name, PythonRuntime runtime, boolean available, String reason) {

    static RuntimeCandidate probe(PythonRuntime runtime) {
        String name = runtime.getClass().getName();
        try {
            name = runtime.name();
            Availability availability = runtime.availability();
            return new RuntimeCandidate(name, runtime, availability.available(), availability.reason());
        } catch (RuntimeException | LinkageError e) {
            // A probe must not take the others down with it.
            return new RuntimeCandidate(name, runtime, false, "availability probe failed: " + e);
        }
    }

    static RuntimeCandidate broken(ServiceConfigurationError error) {
        Throwable cause = error.getCause() == null ? error : error.getCause();
        return new RuntimeCandidate("<provider that failed to load>", null, false,
                error.getMessage() + (cause != error ? " (" + cause + ")" : ""));
    }
}
