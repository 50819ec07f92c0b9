package io.cloacina.python.subprocess;

import io.cloacina.error.TaskError;
import io.cloacina.spi.PythonPackage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("subprocess backend: load failures are typed and leave no process")
class LoadErrorsTest {

    @TempDir
    static Path dir;
    private static SubprocessRuntime runtime;

    @BeforeAll
    static void start() throws InterruptedException {
        runtime = TestPackages.runtime(2);
        assertTrue(TestPackages.noWorkersWithin(Duration.ofSeconds(10)), "no worker left by an earlier test class");
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static TaskError loadFails(String name, String entryModule, Map<String, String> files)
            throws InterruptedException {
        return loadFails(TestPackages.write(dir.resolve(name), name, entryModule, files));
    }

    private static TaskError loadFails(PythonPackage pkg) {
        TaskError error = assertThrows(TaskError.class, () -> runtime.load(pkg));
        assertNull(error.taskId(), "a load failure belongs to the package, not a task");
        assertTrue(TestPackages.workerProcesses().isEmpty(), "load() left a worker behind: "
                + TestPackages.workerProcesses());
        return error;
    }

    @Test
    void a_syntax_error_is_import_failed_naming_the_file() throws InterruptedException {
        TaskError error = loadFails("syntax", "broken", Map.of("broken.py", "def oops(:\n    pass\n"));
        assertInstanceOf(TaskError.ImportFailed.class, error);
        assertTrue(error.describe().contains("broken.py"), error.describe());
        assertTrue(error.pythonType().orElseThrow().contains("SyntaxError"), error.pythonType().orElseThrow());
    }

    @Test
    void a_missing_dependency_is_import_failed_naming_the_module() throws InterruptedException {
        TaskError error = loadFails("missing_dep", "uses_missing",
                Map.of("uses_missing.py", "import cloacina_no_such_module_xyz\n"));
        assertInstanceOf(TaskError.ImportFailed.class, error);
        assertTrue(error.getMessage().contains("cloacina_no_such_module_xyz"), error.getMessage());
    }

    @Test
    void a_missing_entry_module_is_import_failed_naming_it() {
        // PackageReader already refuses this; a backend handed such a record must still fail typed.
        TaskError error = loadFails(TestPackages.writeUnchecked(dir.resolve("no_entry"), "no_entry",
                "orders.pipeline", Map.of("other.py", "x = 1\n")));
        assertInstanceOf(TaskError.ImportFailed.class, error);
        assertTrue(error.getMessage().contains("orders.pipeline"), error.getMessage());
    }

    @Test
    void an_entry_module_that_raises_is_import_failed_with_its_traceback() throws InterruptedException {
        TaskError error = loadFails("raises", "raiser", Map.of("raiser.py", "raise RuntimeError('no config')\n"));
        assertInstanceOf(TaskError.ImportFailed.class, error);
        assertTrue(error.getMessage().contains("no config"), error.getMessage());
        assertTrue(error.traceback().orElseThrow().contains("raiser.py"), error.traceback().orElseThrow());
    }

    @Test
    void a_duplicate_task_id_is_validation_failed() throws InterruptedException {
        TaskError error = loadFails("duplicate", "dup", Map.of("dup.py", """
                from cloaca import task

                @task(id="same")
                def first(context):
                    pass

                @task(id="same")
                def second(context):
                    pass
                """));
        assertInstanceOf(TaskError.ValidationFailed.class, error);
        assertTrue(error.getMessage().contains("Duplicate task id 'same'"), error.getMessage());
    }

    @Test
    void an_interpreter_dying_during_import_is_worker_crashed() throws InterruptedException {
        TaskError error = loadFails("dies", "dies", Map.of("dies.py", "import os\nos._exit(9)\n"));
        assertInstanceOf(TaskError.WorkerCrashed.class, error);
        assertTrue(error.getMessage().contains("exit code 9"), error.getMessage());
    }
}
