package io.cloacina.bridge;

import io.cloacina.error.TaskError;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PythonFailureTest {

    @Test
    void a_key_error_is_an_execution_failure_read_as_a_context_key_error() {
        TaskError error = new PythonFailure("key", "KeyError", "'missing'", "Traceback ...").toTaskError("t");
        assertInstanceOf(TaskError.ExecutionFailed.class, error);
        assertEquals("Context key error: 'missing'", error.getMessage());
        assertEquals("KeyError", error.pythonType().orElseThrow());
    }

    @Test
    void type_import_and_unknown_task_reports_map_to_their_own_errors() {
        assertInstanceOf(TaskError.ValidationFailed.class, new PythonFailure("type", "TypeError", "x", null).toTaskError("t"));
        TaskError imported = new PythonFailure("import", "ModuleNotFoundError", "No module named 'z'", null).toTaskError("t");
        assertInstanceOf(TaskError.ImportFailed.class, imported);
        assertTrue(imported.getMessage().startsWith("Import error (missing dependency?): "), imported.getMessage());
        TaskError unknown = new PythonFailure("not_found", "LookupError", "Task 'q' not found (known tasks: a)", "")
                .toTaskError("q");
        assertInstanceOf(TaskError.TaskNotFound.class, unknown);
        assertEquals("Task 'q' not found (known tasks: a)", unknown.getMessage());
    }
}
