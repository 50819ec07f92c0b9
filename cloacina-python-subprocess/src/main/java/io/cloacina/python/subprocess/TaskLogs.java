package io.cloacina.python.subprocess;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a worker's output goes: SLF4J, under a logger named after the task that printed it
 * ({@code cloacina.task.<taskId>}); stdout at INFO, stderr at WARN. Output a worker writes outside a task
 * (at import time, from a thread a task left running) goes to {@code cloacina.worker.<package>}.
 */
final class TaskLogs {

    static final String TASK_LOGGER_PREFIX = "cloacina.task.";
    static final String WORKER_LOGGER_PREFIX = "cloacina.worker.";

    private final Logger idleLogger;

    TaskLogs(String packageName) {
        this.idleLogger = LoggerFactory.getLogger(WORKER_LOGGER_PREFIX + packageName);
    }

    static Logger taskLogger(String taskId) {
        return LoggerFactory.getLogger(TASK_LOGGER_PREFIX + taskId);
    }

    void stdout(String taskId, String line) {
        (taskId == null ? idleLogger : taskLogger(taskId)).info("{}", line);
    }

    void stderr(String taskId, String line) {
        (taskId == null ? idleLogger : taskLogger(taskId)).warn("{}", line);
    }
}
