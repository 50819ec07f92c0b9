package io.cloacina.python.subprocess;

import io.cloacina.bridge.support.BackendConfig;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
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

    /** Setting naming the interpreter (environment: {@code CLOACINA_PYTHON_EXECUTABLE} or {@value #EXECUTABLE_ENV}). */
    public static final String EXECUTABLE_PROPERTY = "cloacina.python.executable";
    /** Environment variable naming the interpreter (short form). */
    public static final String EXECUTABLE_ENV = "CLOACINA_PYTHON";
    /** Setting: worker processes per package (default: available processors). */
    public static final String WORKERS_PROPERTY = "cloacina.subprocess.workers";
    /** Setting: how long a worker may take to start and load its package (default 60s; a bare number is seconds). */
    public static final String START_TIMEOUT_PROPERTY = "cloacina.subprocess.start-timeout";
    /** Setting: how long a caller waiting for a running task spins before parking (default 0: off; bare number: µs). */
    public static final String SPIN_PROPERTY = "cloacina.subprocess.spin";

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
        BackendConfig config = BackendConfig.of("subprocess", properties, env);
        String executable = BackendConfig.pythonExecutable(properties, env);
        int workers = config.positiveInt("workers", Runtime.getRuntime().availableProcessors());
        Duration start = config.duration("start-timeout", DEFAULT_START_TIMEOUT, ChronoUnit.SECONDS, false);
        return new SubprocessSettings(executable, workers, start, DEFAULT_SHUTDOWN_GRACE);
    }

    /** The spin budget of {@value #SPIN_PROPERTY} (see {@link io.cloacina.bridge.concurrent.BriefSpin}). */
    static Duration spin(Properties properties, Map<String, String> env) {
        return BackendConfig.of("subprocess", properties, env).duration("spin", Duration.ZERO, ChronoUnit.MICROS, true);
    }

    public SubprocessSettings withExecutable(String newExecutable) {
        return new SubprocessSettings(newExecutable, workers, startTimeout, shutdownGrace);
    }

    public SubprocessSettings withWorkers(int newWorkers) {
        return new SubprocessSettings(executable, newWorkers, startTimeout, shutdownGrace);
    }
}
