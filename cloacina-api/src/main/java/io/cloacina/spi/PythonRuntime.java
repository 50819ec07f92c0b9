package io.cloacina.spi;

import java.util.OptionalInt;
import java.util.Set;

/**
 * A way of running Python: a backend. Implementations are found with {@link java.util.ServiceLoader}
 * (declare them in {@code META-INF/services/io.cloacina.spi.PythonRuntime} and in {@code module-info}) and
 * must have a public no-argument constructor that does no heavy work: start interpreters lazily, in
 * {@link #load}, so that probing {@link #availability()} stays cheap.
 *
 * <p>Thread-safe: any thread may load packages, and loaded packages may be used from any thread.
 *
 * <p>Writing one: {@code docs/backend-guide.md}; {@code cloacina-tck} checks it.
 *
 * @since 0.1
 */
public interface PythonRuntime extends AutoCloseable {

    /**
     * The SPI version this backend was built against: return {@link SpiVersion#CURRENT} (a compile-time
     * constant, so it keeps the value of the API the backend was compiled with). Backend selection refuses a
     * backend whose version does not {@linkplain SpiVersion#runsOn run on} this API, saying which to use.
     */
    String spiVersion();

    /** Short, stable, lower-case name used to pick this backend ({@code "subprocess"}, {@code "jep"}, ...). */
    String name();

    /** Whether this backend can run here, and if not, a reason a person can act on. */
    Availability availability();

    /** Higher wins when no backend is named explicitly. */
    int priority();

    /**
     * What this backend can do; the TCK skips tests whose capability is missing, saying so. Iterates in
     * {@link Capability}'s declaration order (return an {@link java.util.EnumSet} or an unmodifiable view of
     * one), so it prints the same on every run.
     */
    Set<Capability> capabilities();

    /**
     * How many tasks of one loaded package this backend runs at the same time. Executions submitted beyond
     * that wait inside the backend, first come first served, until one of those running ends; the runner
     * relies on this to keep the backend's queue from running dry (the TCK checks it).
     */
    int parallelism();

    /**
     * How many Python interpreters this backend holds now, across its loaded packages — worker processes
     * ({@code subprocess}), sub-interpreters ({@code jep}), contexts ({@code graal}) — for monitoring (the
     * {@code cloacina.backend.interpreters} gauge of {@code cloacina-micrometer}). Cheap, any thread; empty when the
     * backend does not tell, which is the default.
     *
     * @since 0.3 (SPI 1.1)
     */
    default OptionalInt interpreters() {
        return OptionalInt.empty();
    }

    /**
     * Sets up a Python environment for the package (source dir first, then vendor, ahead of the rest of
     * {@code sys.path}), imports its entry module and discovers its tasks.
     *
     * @throws io.cloacina.error.TaskError.ImportFailed     the entry module is missing or failed to import
     * @throws io.cloacina.error.TaskError.ValidationFailed a task declaration is invalid (a duplicate id)
     * @throws IllegalStateException                        the backend is unavailable or closed
     */
    LoadedPackage load(PythonPackage pkg);

    /** Closes every package still loaded and releases interpreters, threads and processes. Idempotent. */
    @Override
    void close();
}
