package io.cloacina.python.subprocess;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * How the subprocess backend runs Python.
 *
 * @param executable    the interpreter command: a path or a name looked up on {@code PATH}
 * @param workers       worker processes per loaded package, at least 1
 * @param startTimeout  how long a new worker may take to start and import the package's entry module
 * @param shutdownGrace how long a worker gets to leave after the "shutdown" frame, and again after SIGTERM
 */
public record SubprocessSettings(String executable, int workers, Duration startTimeout, Duration shutdownGrace) {

    /** System property naming the interpreter (wins over {@value #EXECUTABLE_ENV}). */
    public static final String EXECUTABLE_PROPERTY = "cloacina.python.executable";
    /** Environment variable naming the interpreter. */
    public static final String EXECUTABLE_ENV = "CLOACINA_PYTHON";
    /** System property: worker processes per package (default: available processors). */
    public static final String WORKERS_PROPERTY = "cloacina.subprocess.workers";
    /** System property: seconds a worker may take to start and load its package (default 60). */
    public static final String START_TIMEOUT_PROPERTY = "cloacina.subprocess.startTimeoutSeconds";

    public static final String DEFAULT_EXECUTABLE = "python3";
    /** Generous: importing a package that pulls in numpy or pandas on a busy machine takes seconds. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(2);

    public SubprocessSettings {
        Objects.requireNonNull(executable, "executable");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (executable.isBlank()) {
            throw new IllegalArgumentException("the Python executable must not be blank");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        if (!startTimeout.isPositive() || !shutdownGrace.isPositive()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /** The defaults, overridden by this JVM's system properties and environment. */
    public static SubprocessSettings fromEnvironment() {
        return from(System.getProperties(), System.getenv());
    }

    /**
     * The defaults overridden by the given properties and environment.
     *
     * @throws IllegalArgumentException a setting is malformed; the message names it
     */
    public static SubprocessSettings from(Properties properties, Map<String, String> env) {
        String executable = firstNonBlank(properties.getProperty(EXECUTABLE_PROPERTY), env.get(EXECUTABLE_ENV),
                DEFAULT_EXECUTABLE);
        int workers = positiveInt(properties, WORKERS_PROPERTY, Runtime.getRuntime().availableProcessors());
        int startSeconds = positiveInt(properties, START_TIMEOUT_PROPERTY, (int) DEFAULT_START_TIMEOUT.toSeconds());
        return new SubprocessSettings(executable.trim(), workers, Duration.ofSeconds(startSeconds),
                DEFAULT_SHUTDOWN_GRACE);
    }

    public SubprocessSettings withExecutable(String newExecutable) {
        return new SubprocessSettings(newExecutable, workers, startTimeout, shutdownGrace);
    }

    public SubprocessSettings withWorkers(int newWorkers) {
        return new SubprocessSettings(executable, newWorkers, startTimeout, shutdownGrace);
    }

    private static int positiveInt(Properties properties, String name, int fallback) {
        String value = properties.getProperty(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the property's name
        }
        throw new IllegalArgumentException("system property " + name + " must be a positive integer, got '"
                + value + "'");
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        throw new IllegalStateException("no value");
    }
}
