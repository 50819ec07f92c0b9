package io.cloacina.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloacina.spi.TaskLogging;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;
import org.slf4j.helpers.NOPLoggerFactory;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Logs what a package wrote in Python (the records {@code cloaca._logs} collects: {@code logging} calls, lines of
 * {@code sys.stdout} and {@code sys.stderr}) through SLF4J, under the names of {@link TaskLogging}, with the
 * execution's MDC in place while each is logged. Every backend hands its replies (or, streaming, each record)
 * here, so a task's output reads the same whichever backend ran it.
 *
 * <p>Without an SLF4J binding (SLF4J's no-operation factory), records at INFO and above are written to
 * {@code System.err} as {@code [LEVEL] logger - message} instead of being lost.
 *
 * @since 0.3
 */
public final class PythonLogs {

    /** Characters a package may write per execution (and per stretch between two) before records are dropped. */
    public static final String BUDGET_PROPERTY = "cloacina.logs.maxCharsPerTask";
    private static final int DEFAULT_BUDGET = 8 * 1024 * 1024;
    private static final Logger DROPS = LoggerFactory.getLogger(TaskLogging.LOGGER_PREFIX + "dropped");
    private static final int MAX_CAUSES = 5;

    private PythonLogs() {
    }

    /** The MDC of a task's records: the caller's MDC now, plus package, task and backend. Call on the caller's thread. */
    public static Map<String, String> taskScope(String backend, String packageName, String taskId) {
        Map<String, String> scope = new LinkedHashMap<>();
        Map<String, String> callers = MDC.getCopyOfContextMap();
        if (callers != null) {
            scope.putAll(callers);
        }
        scope.put(TaskLogging.MDC_PACKAGE, packageName);
        scope.put(TaskLogging.MDC_TASK_ID, taskId);
        scope.put(TaskLogging.MDC_BACKEND, backend);
        return Map.copyOf(scope);
    }

    /** The MDC of a package's records written while it loads (or outside any task). */
    public static Map<String, String> packageScope(String backend, String packageName) {
        Map<String, String> scope = new LinkedHashMap<>();
        Map<String, String> callers = MDC.getCopyOfContextMap();
        if (callers != null) {
            scope.putAll(callers);
        }
        scope.remove(TaskLogging.MDC_TASK_ID);
        scope.remove(TaskLogging.MDC_ATTEMPT);
        scope.put(TaskLogging.MDC_PACKAGE, packageName);
        scope.put(TaskLogging.MDC_BACKEND, backend);
        return Map.copyOf(scope);
    }

    /**
     * The Python level number below which the bridge need not even make records: the finest level SLF4J logs for
     * {@code cloacina.python} (INFO without a binding, whose fallback prints INFO and above).
     */
    public static int pythonThreshold() {
        if (noBinding()) {
            return 20;
        }
        Logger logger = LoggerFactory.getLogger(TaskLogging.LOGGER_PREFIX.substring(0, TaskLogging.LOGGER_PREFIX.length() - 1));
        if (logger.isTraceEnabled()) {
            return 1;
        }
        if (logger.isDebugEnabled()) {
            return 10;
        }
        if (logger.isInfoEnabled()) {
            return 20;
        }
        return logger.isWarnEnabled() ? 30 : 40;
    }

    /** The per-execution budget in characters ({@value #BUDGET_PROPERTY}, 8 Mi by default). */
    public static int budget() {
        String value = System.getProperty(BUDGET_PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT_BUDGET;
        }
        try {
            return Math.max(0, Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            return DEFAULT_BUDGET;
        }
    }

    /** Logs the records of a bridge reply ({@code logs}) and says how many were dropped ({@code logs_dropped}). */
    public static void forward(JsonNode reply, Map<String, String> scope) {
        JsonNode records = reply.path("logs");
        int dropped = reply.path("logs_dropped").asInt(0);
        if ((!records.isArray() || records.isEmpty()) && dropped == 0) {
            return;
        }
        Map<String, String> previous = MDC.getCopyOfContextMap();
        try {
            for (JsonNode record : records) {
                emit(record, scope);
            }
            if (dropped > 0) {
                dropped(dropped, scope);
            }
        } finally {
            restore(previous);
        }
    }

    /** Logs one record (a streaming backend's). */
    public static void record(JsonNode record, Map<String, String> scope) {
        Map<String, String> previous = MDC.getCopyOfContextMap();
        try {
            emit(record, scope);
        } finally {
            restore(previous);
        }
    }

    /** Logs one line a process wrote to its descriptor 1 ({@code stderr} false) or 2 (true) itself, in C. */
    public static void line(boolean stderr, String line, Map<String, String> scope) {
        Map<String, String> previous = MDC.getCopyOfContextMap();
        try {
            MDC.setContextMap(scope);
            log(stderr ? TaskLogging.STDERR_LOGGER : TaskLogging.STDOUT_LOGGER, stderr ? Level.WARN : Level.INFO, line, null);
        } finally {
            restore(previous);
        }
    }

    /** SLF4J's level for a Python level number. */
    public static Level level(int pythonLevel) {
        if (pythonLevel >= 40) {
            return Level.ERROR;
        }
        if (pythonLevel >= 30) {
            return Level.WARN;
        }
        if (pythonLevel >= 20) {
            return Level.INFO;
        }
        return pythonLevel >= 10 ? Level.DEBUG : Level.TRACE;
    }

    private static void emit(JsonNode record, Map<String, String> scope) {
        String name = record.path("n").asText("root");
        Level level = level(record.path("l").asInt(20));
        Map<String, String> mdc = scope;
        if (record.path("o").asBoolean(false) && scope.containsKey(TaskLogging.MDC_TASK_ID)) {
            mdc = new HashMap<>(scope);  // written by a thread a task left running, after the task
            mdc.remove(TaskLogging.MDC_TASK_ID);
            mdc.remove(TaskLogging.MDC_ATTEMPT);
        }
        MDC.setContextMap(mdc);
        JsonNode exception = record.get("x");
        log(TaskLogging.LOGGER_PREFIX + name, level, record.path("m").asText(""),
                exception == null ? null : exception(exception, 0));
    }

    private static void dropped(int count, Map<String, String> scope) {
        MDC.setContextMap(scope);
        String message = count + " records of Python output were dropped: over the " + budget()
                + " characters one execution may write (-D" + BUDGET_PROPERTY + ")";
        if (noBinding()) {
            fallback(Level.WARN, DROPS.getName(), message, null);
        } else {
            DROPS.warn(message);
        }
    }

    private static void log(String loggerName, Level level, String message, PythonException error) {
        if (noBinding()) {
            if (level.toInt() >= Level.INFO.toInt()) {
                fallback(level, loggerName, message, error);
            }
            return;
        }
        Logger logger = LoggerFactory.getLogger(loggerName);
        if (!logger.isEnabledForLevel(level)) {
            return;
        }
        if (error == null) {
            logger.atLevel(level).log(message);
        } else {
            logger.atLevel(level).setCause(error).log(message);
        }
    }

    private static PythonException exception(JsonNode described, int depth) {
        List<StackTraceElement> frames = new java.util.ArrayList<>();
        for (JsonNode frame : described.path("frames")) {
            String file = frame.path(2).asText("?");
            int slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
            frames.add(new StackTraceElement(frame.path(0).asText("?"), frame.path(1).asText("?"),
                    slash >= 0 ? file.substring(slash + 1) : file, frame.path(3).asInt(-1)));
        }
        java.util.Collections.reverse(frames); // Java lists the innermost frame first
        JsonNode cause = described.get("cause");
        return new PythonException(described.path("type").asText("Exception"), described.path("message").asText(""),
                frames.toArray(StackTraceElement[]::new), described.path("traceback").asText(""),
                cause == null || depth >= MAX_CAUSES ? null : exception(cause, depth + 1));
    }

    private static boolean noBinding() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        return factory instanceof NOPLoggerFactory;
    }

    private static void fallback(Level level, String loggerName, String message, PythonException error) {
        PrintStream err = System.err;
        StringBuilder line = new StringBuilder().append('[').append(level).append("] ").append(loggerName)
                .append(" - ").append(message);
        if (error != null && !error.pythonTraceback().isEmpty()) {
            line.append(System.lineSeparator()).append(error.pythonTraceback().stripTrailing());
        }
        err.println(line);
    }

    private static void restore(Map<String, String> previous) {
        if (previous == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(previous);
        }
    }
}
