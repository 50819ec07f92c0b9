package io.cloacina.runtime;

import io.cloacina.spi.Availability;
import io.cloacina.spi.PythonRuntime;
import io.cloacina.spi.SpiVersion;

import java.util.ServiceConfigurationError;

/**
 * A backend found on the class path and what its availability probe said.
 *
 * @param name      the backend's name, or {@code <provider that failed to load>} for a broken one
 * @param runtime   the instance, {@code null} when the provider could not be instantiated
 * @param available whether it can be used here
 * @param reason    the probe's explanation (why not, or what it found)
 *
 * @since 0.1
 */
public record RuntimeCandidate(String name, PythonRuntime runtime, boolean available, String reason) {

    static RuntimeCandidate probe(PythonRuntime runtime) {
        String name = runtime.getClass().getName();
        try {
            name = runtime.name();
            String incompatible = incompatibleSpi(runtime, name);
            if (incompatible != null) {
                return new RuntimeCandidate(name, runtime, false, incompatible);
            }
            Availability availability = runtime.availability();
            return new RuntimeCandidate(name, runtime, availability.available(), availability.reason());
        } catch (RuntimeException | LinkageError e) {
            // A probe must not take the others down with it.
            return new RuntimeCandidate(name, runtime, false, "availability probe failed: " + e);
        }
    }

    /** Why this backend cannot run on this API, or {@code null} when its SPI version is compatible. */
    static String incompatibleSpi(PythonRuntime runtime, String name) {
        String declared;
        try {
            declared = runtime.spiVersion();
        } catch (AbstractMethodError e) {
            return "backend '" + name + "' (" + runtime.getClass().getName() + ") declares no SPI version: it was "
                    + "built for a Cloacina API older than SPI " + SpiVersion.HOST + "; rebuild it against this one";
        }
        SpiVersion version;
        try {
            version = SpiVersion.parse(declared);
        } catch (IllegalArgumentException | NullPointerException e) {
            return "backend '" + name + "' (" + runtime.getClass().getName() + ") declares SPI version '" + declared
                    + "', which is not of the form <major>.<minor>";
        }
        if (version.runsOn(SpiVersion.HOST)) {
            return null;
        }
        return "backend '" + name + "' (" + runtime.getClass().getName() + ") was built for Cloacina SPI " + version
                + ", but this cloacina-api implements SPI " + SpiVersion.HOST + ": use a "
                + (version.compareTo(SpiVersion.HOST) > 0 ? "newer cloacina-api, or an older build of the backend"
                : "build of the backend for SPI " + SpiVersion.HOST.major() + ".x");
    }

    static RuntimeCandidate broken(ServiceConfigurationError error) {
        Throwable cause = error.getCause() == null ? error : error.getCause();
        return new RuntimeCandidate("<provider that failed to load>", null, false,
                error.getMessage() + (cause != error ? " (" + cause + ")" : ""));
    }
}
