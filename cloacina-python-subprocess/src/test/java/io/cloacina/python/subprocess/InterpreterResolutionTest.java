package io.cloacina.python.subprocess;

import io.cloacina.context.Context;
import io.cloacina.spi.PythonPackage;
import io.cloacina.spi.ExecutionOptions;
import io.cloacina.spi.LoadedPackage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The interpreter is resolved once: the probe runs what was configured (a wrapper such as a pyenv shim is
 * paid there), and workers start {@code sys.executable} of that same interpreter directly.
 */
@DisplayName("subprocess backend: workers start the configured interpreter's own executable")
class InterpreterResolutionTest {

    private static final String REPORT_TASK = """
            import sys
            import time
            from cloaca import task

            @task(id="where")
            def where(context):
                time.sleep(0.3)  # keeps the first worker busy, so the second call starts another
                context["executable"] = sys.executable
                context["prefix"] = sys.prefix
                context["base_prefix"] = sys.base_prefix
                return context
            """;

    @Test
    void a_wrapper_runs_once_for_the_probe_and_workers_start_the_real_interpreter(@TempDir Path dir) throws Exception {
        String real = realInterpreter();
        // A stand-in for a pyenv shim: a script that notes each start, then becomes the interpreter.
        Path starts = dir.resolve("starts.log");
        Path wrapper = dir.resolve("python-wrapper");
        Files.writeString(wrapper, "#!/bin/sh\necho started >> '" + starts + "'\nexec '" + real + "' \"$@\"\n");
        assertTrue(wrapper.toFile().setExecutable(true));

        Context result = runReportTask(wrapper.toString(), dir.resolve("pkg"), 2);

        assertEquals(real, text(result, "executable"), "the worker runs the interpreter behind the wrapper");
        // Two tasks ran on up to two workers: however many workers started, the wrapper ran only for the probe.
        assertEquals(List.of("started"), Files.readAllLines(starts));
    }

    @Test
    void a_configured_virtual_environment_stays_the_workers_interpreter(@TempDir Path dir) throws Exception {
        String real = realInterpreter();
        Path venv = dir.resolve("venv");
        Process creating = new ProcessBuilder(real, "-m", "venv", "--without-pip", venv.toString())
                .redirectErrorStream(true).start();
        assertTrue(creating.waitFor(60, TimeUnit.SECONDS), "python -m venv did not finish within 60 s");
        String output = new String(creating.getInputStream().readAllBytes());
        assumeTrue(creating.exitValue() == 0, "this Python cannot create a virtual environment: " + output);
        Path venvPython = venv.resolve("bin").resolve("python");

        Context result = runReportTask(venvPython.toString(), dir.resolve("pkg"), 1);

        // sys.executable of the venv's python is the venv's own path (a symlink): starting it keeps the venv,
        // where resolving the symlink to the base interpreter would silently drop it.
        assertEquals(venvPython.toString(), text(result, "executable"));
        assertEquals(venv.toRealPath().toString(), Path.of(text(result, "prefix")).toRealPath().toString());
        assertNotEquals(text(result, "prefix"), text(result, "base_prefix"));
    }

    /** Loads a package reporting its interpreter on {@code executable} with the given workers; runs it twice. */
    private static Context runReportTask(String executable, Path root, int workers) throws Exception {
        PythonPackage pkg = TestPackages.write(root, "where", "where", Map.of("where.py", REPORT_TASK));
        SubprocessSettings settings = SubprocessSettings.fromEnvironment().withExecutable(executable).withWorkers(workers);
        try (SubprocessRuntime runtime = new SubprocessRuntime(settings);
             LoadedPackage loaded = runtime.load(pkg)) {
            ExecutionOptions options = ExecutionOptions.withTimeout(Duration.ofSeconds(30));
            var first = loaded.executor().execute("where", new Context(), options);
            var second = loaded.executor().execute("where", new Context(), options);
            Context result = first.get(60, TimeUnit.SECONDS);
            assertEquals(result.get("executable"), second.get(60, TimeUnit.SECONDS).get("executable"));
            return result;
        }
    }

    private static String text(Context context, String key) {
        return context.get(key).orElseThrow(() -> new AssertionError("the task did not set " + key)).asText();
    }

    /** sys.executable of the machine's python3, as the backend's own probe finds it. */
    private static String realInterpreter() {
        InterpreterProbe.Result probe = InterpreterProbe.probe(SubprocessSettings.fromEnvironment().executable());
        assertTrue(probe.ok(), "these tests need python3 >= 3.10: " + probe.problem());
        return probe.interpreter().executable().toString();
    }
}
