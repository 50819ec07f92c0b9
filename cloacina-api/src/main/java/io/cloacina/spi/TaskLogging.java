package io.cloacina.spi;

/**
 * The names under which a task's Python output reaches SLF4J, the same on every backend (the TCK's "logging"
 * area checks them).
 *
 * <p>A {@code logging} record of Python logger {@code name} is logged by SLF4J logger
 * {@value #LOGGER_PREFIX}{@code name} ({@code cloacina.python.root} for the root logger), its level mapped
 * (DEBUG, INFO, WARNING to WARN, ERROR and CRITICAL to ERROR, finer than DEBUG to TRACE), its {@code exc_info}
 * attached as the throwable. Lines written to {@code sys.stdout} (and {@code print}) are logged at INFO by
 * {@value #STDOUT_LOGGER}, lines written to {@code sys.stderr} at WARN by {@value #STDERR_LOGGER}.
 *
 * <p>While such a record is logged the MDC holds the MDC of the thread that called
 * {@link TaskExecutor#execute} (the runner puts {@value #MDC_RUN_ID}, {@value #MDC_WORKFLOW} and
 * {@value #MDC_ATTEMPT} there), plus {@value #MDC_PACKAGE}, {@value #MDC_TASK_ID} and {@value #MDC_BACKEND} set
 * by the backend. Records written while a package loads carry the package and the backend only.
 *
 * @since 0.3
 */
public final class TaskLogging {

    /** The prefix of the SLF4J loggers of Python records: {@code cloacina.python.<python logger name>}. */
    public static final String LOGGER_PREFIX = "cloacina.python.";
    /** What a task writes to {@code sys.stdout} or prints, line by line, at INFO. */
    public static final String STDOUT_LOGGER = LOGGER_PREFIX + "sys.stdout";
    /** What a task writes to {@code sys.stderr}, line by line, at WARN. */
    public static final String STDERR_LOGGER = LOGGER_PREFIX + "sys.stderr";

    /** The run's id (the runner's; an embedder may put its own). */
    public static final String MDC_RUN_ID = "cloacina.runId";
    /** The workflow's name, when the run has one. */
    public static final String MDC_WORKFLOW = "cloacina.workflow";
    /** The attempt (1 for the first run of the task, 2 for its first retry, ...). */
    public static final String MDC_ATTEMPT = "cloacina.attempt";
    /** The package's name. */
    public static final String MDC_PACKAGE = "cloacina.package";
    /** The task's id. */
    public static final String MDC_TASK_ID = "cloacina.taskId";
    /** The backend's {@link PythonRuntime#name() name}. */
    public static final String MDC_BACKEND = "cloacina.backend";

    private TaskLogging() {
    }
}
