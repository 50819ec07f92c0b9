package io.cloacina.python.subprocess;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloacina.bridge.PythonLogs;

import java.util.Map;

/**
 * Where a worker's output goes: SLF4J, through {@link PythonLogs}, as on every backend. The worker streams the
 * records of {@code cloaca._logs} ({@code logging} calls, {@code sys.stdout}/{@code sys.stderr} lines) as frames
 * while the task runs, so what a task wrote before its worker died still arrives; lines written to descriptors 1
 * and 2 directly (C code, child processes) are logged as {@code sys.stdout} (INFO) and {@code sys.stderr} (WARN).
 * Each is logged with the MDC of the task that wrote it, or the package's outside any task.
 */
final class TaskLogs {

    private final Map<String, String> packageScope;

    TaskLogs(String packageName) {
        this.packageScope = PythonLogs.packageScope(SubprocessRuntime.NAME, packageName);
    }

    /** The MDC of output written outside any task (loading, threads a task left running). */
    Map<String, String> packageScope() {
        return packageScope;
    }

    void record(Map<String, String> scope, JsonNode record) {
        PythonLogs.record(record, scope == null ? packageScope : scope);
    }

    void stdout(Map<String, String> scope, String line) {
        PythonLogs.line(false, line, scope == null ? packageScope : scope);
    }

    void stderr(Map<String, String> scope, String line) {
        PythonLogs.line(true, line, scope == null ? packageScope : scope);
    }
}
