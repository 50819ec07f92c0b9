package io.cloacina.bridge.support;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackendConfigTest {

    private static Properties properties(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    @Test
    void the_system_property_wins_over_the_environment_which_wins_over_the_default() {
        Map<String, String> env = Map.of("CLOACINA_DEMO_WORKERS", "3", "CLOACINA_DEMO_LOAD_TIMEOUT", "2m");
        BackendConfig both = BackendConfig.of("demo", properties("cloacina.demo.workers", "5"), env);
        assertEquals(5, both.positiveInt("workers", 1));
        assertEquals(Duration.ofMinutes(2), both.duration("load-timeout", Duration.ZERO, ChronoUnit.SECONDS, false));
        BackendConfig none = BackendConfig.of("demo", new Properties(), Map.of());
        assertEquals(1, none.positiveInt("workers", 1));
        assertEquals("cloacina.demo.load-timeout", none.key("load-timeout"));
        assertEquals("CLOACINA_DEMO_LOAD_TIMEOUT", BackendConfig.environmentVariable("cloacina.demo.load-timeout"));
    }

    @Test
    void a_bad_value_names_the_key_its_source_and_the_value() {
        BackendConfig config = BackendConfig.of("demo", properties("cloacina.demo.workers", "many"),
                Map.of("CLOACINA_DEMO_SPIN", "soon"));
        BackendConfig.InvalidSettingException workers = assertThrows(BackendConfig.InvalidSettingException.class,
                () -> config.positiveInt("workers", 1));
        assertEquals("system property cloacina.demo.workers='many' is not a whole number of at least 1", workers.getMessage());
        assertEquals("cloacina.demo.workers", workers.key());
        BackendConfig.InvalidSettingException spin = assertThrows(BackendConfig.InvalidSettingException.class,
                () -> config.duration("spin", Duration.ZERO, ChronoUnit.MICROS, true));
        assertTrue(spin.getMessage().startsWith("environment variable CLOACINA_DEMO_SPIN='soon' is not a duration"),
                spin.getMessage());
    }

    @Test
    void durations_take_units_and_bare_numbers_in_the_given_unit() {
        BackendConfig config = BackendConfig.of("demo", properties("cloacina.demo.a", "100us", "cloacina.demo.b", "250",
                "cloacina.demo.c", "1500ms", "cloacina.demo.zero", "0s"), Map.of());
        assertEquals(Duration.of(100, ChronoUnit.MICROS), config.duration("a", Duration.ZERO, ChronoUnit.SECONDS, false));
        assertEquals(Duration.ofSeconds(250), config.duration("b", Duration.ZERO, ChronoUnit.SECONDS, false));
        assertEquals(Duration.ofMillis(1500), config.duration("c", Duration.ZERO, ChronoUnit.SECONDS, false));
        assertEquals(Duration.ZERO, config.duration("zero", Duration.ofSeconds(1), ChronoUnit.SECONDS, true));
        assertThrows(BackendConfig.InvalidSettingException.class,
                () -> config.duration("zero", Duration.ofSeconds(1), ChronoUnit.SECONDS, false));
    }

    @Test
    void lists_flags_and_paths() {
        BackendConfig config = BackendConfig.of("demo", properties("cloacina.demo.modules", " numpy, ,pandas ",
                "cloacina.demo.on", "yes", "cloacina.demo.dirs", "/a" + java.io.File.pathSeparator + " /b "), Map.of());
        assertEquals(List.of("numpy", "pandas"), config.list("modules", List.of()));
        assertTrue(config.flag("on", false));
        assertEquals(List.of(Path.of("/a"), Path.of("/b")), config.paths("dirs"));
    }

    @Test
    void names_follow_one_style() {
        BackendConfig config = BackendConfig.of("demo", new Properties(), Map.of());
        assertThrows(IllegalArgumentException.class, () -> config.key("loadTimeoutSeconds"));
        assertThrows(IllegalArgumentException.class, () -> BackendConfig.of("Demo", new Properties(), Map.of()));
    }

    @Test
    void the_python_executable_has_a_short_environment_variable_too() {
        assertEquals("python3", BackendConfig.pythonExecutable(new Properties(), Map.of()));
        assertEquals("/opt/py", BackendConfig.pythonExecutable(new Properties(), Map.of("CLOACINA_PYTHON", "/opt/py")));
        assertEquals("/usr/py", BackendConfig.pythonExecutable(new Properties(),
                Map.of("CLOACINA_PYTHON", "/opt/py", "CLOACINA_PYTHON_EXECUTABLE", "/usr/py")));
        assertEquals("/p", BackendConfig.pythonExecutable(properties("cloacina.python.executable", "/p"),
                Map.of("CLOACINA_PYTHON_EXECUTABLE", "/usr/py")));
    }
}
