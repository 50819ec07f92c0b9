package io.cloacina.spi;

import java.util.Objects;

/**
 * The version of the backend SPI, in the manner of SLF4J's {@code getRequestedApiVersion}: a backend returns
 * {@link #CURRENT} from {@link PythonRuntime#spiVersion()}. That constant is copied into the backend's class
 * when it is compiled, so it records the SPI the backend was built against, whatever {@code cloacina-api} it
 * later runs with.
 *
 * <p>Compatible when the majors are equal and the backend's minor is not newer than the host's: minors only
 * add SPI methods, each with a default, so an older backend keeps working; a newer one may call what this
 * host lacks. A new major changes or removes methods.
 *
 * @param major incremented when an SPI method changes or goes away
 * @param minor incremented when an SPI method is added (with a default)
 * @since 0.1
 */
public record SpiVersion(int major, int minor) implements Comparable<SpiVersion> {

    /**
     * The SPI this {@code cloacina-api} implements; backends return it from {@link PythonRuntime#spiVersion()}.
     * 1.1 added {@link AttemptValues} (handled by the bridge), {@link PythonRuntime#interpreters()} and
     * {@link ExecutionOptions#inlineCompletion()} (a hint a backend may ignore).
     */
    public static final String CURRENT = "1.1";

    /** {@link #CURRENT}, parsed. */
    public static final SpiVersion HOST = parse(CURRENT);

    public SpiVersion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("SPI version parts must not be negative: " + major + "." + minor);
        }
    }

    /**
     * Parses {@code "<major>.<minor>"}.
     *
     * @throws IllegalArgumentException naming the text when it is not of that form
     */
    public static SpiVersion parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] parts = text.trim().split("\\.");
        if (parts.length != 2) {
            throw new IllegalArgumentException("SPI version '" + text + "' is not of the form <major>.<minor>");
        }
        try {
            return new SpiVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SPI version '" + text + "' is not of the form <major>.<minor>", e);
        }
    }

    /** Whether a backend built against this version runs on a host implementing {@code host}. */
    public boolean runsOn(SpiVersion host) {
        return major == host.major && minor <= host.minor;
    }

    @Override
    public int compareTo(SpiVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
