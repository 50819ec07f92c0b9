package io.cloacina.python.subprocess;

import io.cloacina.runtime.PythonRuntimes;
import io.cloacina.runtime.RuntimeCandidate;
import io.cloacina.spi.Availability;
import io.cloacina.spi.Capability;
import io.cloacina.spi.PythonRuntime;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@DisplayName("subprocess backend: identity, settings, interpreter probe")
class SubprocessRuntimeTest {

    @Test
    void declares_its_name_priority_and_capabilities() {
        try (SubprocessRuntime runtime = TestPackages.runtime(3)) {
            assertEquals("subprocess", runtime.name());
            assertEquals(100, runtime.priority());
            assertEquals(EnumSet.of(Capability.PARALLEL_EXECUTION, Capability.CRASH_ISOLATION,
                    Capability.INTERRUPT_RUNNING_TASK, Capability.INTERRUPT_NATIVE_CODE,
                    Capability.NATIVE_EXTENSIONS), EnumSet.copyOf(runtime.capabilities()));
            assertEquals(3, runtime.parallelism());
        }
    }

    @Test
    void is_found_by_service_loader_and_probes_the_real_interpreter() {
        RuntimeCandidate candidate = PythonRuntimes.discover(getClass().getClassLoader()).stream()
                .filter(c -> c.name().equals("subprocess")).findFirst().orElseThrow();
        assertTrue(candidate.available(), candidate.reason());
        // The reason names what was found: the implementation, a 3.x version and the real executable.
        assertTrue(candidate.reason().matches("(?s).*Python 3\\.\\d+\\.\\d+ at /.*"), candidate.reason());
        try (PythonRuntime chosen = PythonRuntimes.select("subprocess")) {
            assertTrue(chosen instanceof SubprocessRuntime);
        }
    }

    @Test
    void a_missing_interpreter_is_unavailable_with_a_reason_naming_it(@TempDir Path dir) {
        try (SubprocessRuntime runtime = new SubprocessRuntime(SubprocessSettings.fromEnvironment()
                .withExecutable("/nonexistent/python-for-cloacina-test"))) {
            Availability availability = runtime.availability();
            assertFalse(availability.available());
            assertTrue(availability.reason().contains("/nonexistent/python-for-cloacina-test"), availability.reason());
            assertTrue(availability.reason().contains(SubprocessSettings.EXECUTABLE_PROPERTY), availability.reason());
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> runtime.load(DemoPackage.write(dir)));
            assertTrue(refused.getMessage().contains("unavailable"), refused.getMessage());
        }
    }

    @Test
    void a_program_that_is_not_python_is_unavailable(@TempDir Path dir) throws Exception {
        Path notPython = dir.resolve("not-python");
        Files.writeString(notPython, "#!/bin/sh\necho 'I am not Python'\n");
        assertTrue(notPython.toFile().setExecutable(true));
        try (SubprocessRuntime runtime = new SubprocessRuntime(SubprocessSettings.fromEnvironment()
                .withExecutable(notPython.toString()))) {
            Availability availability = runtime.availability();
            assertFalse(availability.available());
            assertTrue(availability.reason().contains("does not look like Python"), availability.reason());
            assertTrue(availability.reason().contains("I am not Python"), availability.reason());
        }
    }

    @Test
    void an_interpreter_older_than_3_10_is_refused_naming_its_version() {
        String answer = "CLOACINA-PROBE {\"version\": [3, 8, 18], \"executable\": \"/usr/bin/python3.8\","
                + " \"implementation\": \"CPython\"}\n";
        InterpreterProbe.Result result = InterpreterProbe.interpret("python3.8", answer);
        assertFalse(result.ok());
        assertTrue(result.problem().contains("CPython 3.8.18"), result.problem());
        assertTrue(result.problem().contains(">= 3.10"), result.problem());
        assertTrue(InterpreterProbe.interpret("python3", answer.replace("3, 8, 18", "3, 10, 0")).ok());
    }

    @Test
    void a_real_interpreter_older_than_3_10_is_unavailable() throws Exception {
        Path old = olderPythonOnThisMachine();
        assumeTrue(old != null, "no Python 3.6-3.9 under ~/.pyenv/versions or /usr/bin to probe on this machine");
        try (SubprocessRuntime runtime = new SubprocessRuntime(SubprocessSettings.fromEnvironment()
                .withExecutable(old.toString()))) {
            Availability availability = runtime.availability();
            assertFalse(availability.available(), availability.reason());
            assertTrue(availability.reason().matches("found \\w+ 3\\.[6-9]\\.\\d+ at .*"), availability.reason());
            assertTrue(availability.reason().contains(">= 3.10"), availability.reason());
        }
    }

    private static Path olderPythonOnThisMachine() throws Exception {
        List<Path> candidates = new ArrayList<>();
        Path pyenv = Path.of(System.getProperty("user.home"), ".pyenv", "versions");
        if (Files.isDirectory(pyenv)) {
            try (var versions = Files.list(pyenv)) {
                versions.filter(v -> v.getFileName().toString().matches("3\\.[6-9]\\..*"))
                        .map(v -> v.resolve("bin").resolve("python3")).forEach(candidates::add);
            }
        }
        for (int minor = 6; minor <= 9; minor++) {
            candidates.add(Path.of("/usr/bin/python3." + minor));
        }
        return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    @Test
    void settings_come_from_properties_and_environment_and_name_a_bad_value() {
        Properties properties = new Properties();
        properties.setProperty(SubprocessSettings.WORKERS_PROPERTY, "5");
        SubprocessSettings fromEnv = SubprocessSettings.from(properties, Map.of("CLOACINA_PYTHON", "/opt/py/bin/python"));
        assertEquals("/opt/py/bin/python", fromEnv.executable());
        assertEquals(5, fromEnv.workers());
        properties.setProperty(SubprocessSettings.EXECUTABLE_PROPERTY, "python3.12");
        assertEquals("python3.12", SubprocessSettings.from(properties, Map.of("CLOACINA_PYTHON", "x")).executable());
        assertEquals("python3", SubprocessSettings.from(new Properties(), Map.of()).executable());
        assertEquals(Runtime.getRuntime().availableProcessors(),
                SubprocessSettings.from(new Properties(), Map.of()).workers());

        properties.setProperty(SubprocessSettings.WORKERS_PROPERTY, "many");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> SubprocessSettings.from(properties, Map.of()));
        assertTrue(bad.getMessage().contains(SubprocessSettings.WORKERS_PROPERTY), bad.getMessage());
        assertTrue(bad.getMessage().contains("many"), bad.getMessage());
    }

    @Test
    void the_worker_script_is_extracted_once_to_a_content_addressed_folder(@TempDir Path cache) throws Exception {
        Path first = WorkerScript.extract(cache);
        Path again = WorkerScript.extract(cache);
        assertEquals(first, again);
        assertTrue(first.getParent().getFileName().toString().matches("worker-[0-9a-f]{16}"), first.toString());
        assertEquals(new String(WorkerScript.source()), Files.readString(first));
    }
}
