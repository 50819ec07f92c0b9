package io.cloacina.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Usage errors and unusable packages: exit 2, a message naming what is wrong, nothing on stdout, no stack trace. */
class CliUsageTest {

    private static void assertNoStackTrace(Cli.Result result) {
        assertFalse(result.err().contains("\tat "), () -> "a Java stack trace leaked:\n" + result);
        assertFalse(result.err().contains("Exception:"), () -> "a Java exception name leaked:\n" + result);
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "tasks", "package", "backends"})
    void every_command_has_help(String command) {
        Cli.Result result = Cli.run(command, "--help");
        assertEquals(0, result.code(), result::toString);
        assertTrue(result.out().startsWith("Usage: cloacina " + command), result::toString);
    }

    @Test
    void top_level_help_lists_the_commands_and_exit_codes() {
        Cli.Result result = Cli.run("--help");
        assertEquals(0, result.code());
        for (String text : new String[]{"run", "tasks", "package", "backends", "Exit codes", "a task failed"}) {
            assertTrue(result.out().contains(text), text);
        }
    }

    @Test
    void no_command_is_a_usage_error() {
        Cli.Result result = Cli.run();
        assertEquals(2, result.code());
        assertTrue(result.err().contains("Missing command: run, serve, tasks, package, backends, worker or temporal-dev"), result::toString);
        assertEquals("", result.out());
    }

    @Test
    void unknown_option_is_a_usage_error() {
        Cli.Result result = Cli.run("run", Cli.example("etl"), "--paralelism", "2");
        assertEquals(2, result.code(), result::toString);
        assertTrue(result.err().contains("--paralelism"), result::toString);
        assertEquals("", result.out());
    }

    @Test
    void bad_duration_is_a_usage_error() {
        Cli.Result result = Cli.run("run", Cli.example("etl"), "--timeout", "ten seconds");
        assertEquals(2, result.code(), result::toString);
        assertTrue(result.err().contains("--timeout"), result::toString);
    }

    @Test
    void parallelism_below_one_is_a_usage_error() {
        Cli.Result result = Cli.run("run", Cli.example("etl"), "--parallelism", "0");
        assertEquals(2, result.code(), result::toString);
        assertTrue(result.err().contains("--parallelism must be at least 1"), result::toString);
    }

    @Test
    void missing_package_names_the_path() {
        Cli.Result result = Cli.run("run", "/no/such/package");
        assertEquals(2, result.code(), result::toString);
        assertTrue(result.err().contains("/no/such/package"), result::toString);
        assertEquals("", result.out());
        assertNoStackTrace(result);
    }

    @Test
    void manifest_without_entry_module_names_the_file_and_field() {
        Cli.Result result = Cli.run("run", Cli.pkg("badmanifest"));
        assertEquals(2, result.code(), result::toString);
        assertTrue(result.err().contains("manifest.json"), result::toString);
        assertTrue(result.err().contains("python.entry_module"), result::toString);
        assertEquals("", result.out());
        assertNoStackTrace(result);
    }

    @Test
    void tasks_of_a_bad_package_fails_the_same_way() {
        Cli.Result result = Cli.run("tasks", Cli.pkg("badmanifest"), "--json");
        assertEquals(2, result.code(), result::toString);
        assertTrue(result.err().contains("python.entry_module"), result::toString);
        assertEquals("", result.out());
    }

    @Test
    void context_that_is_not_json_is_a_usage_error() {
        Cli.Result result = Cli.run("run", Cli.example("etl"), "--context", "{min_amount: 3}");
        assertEquals(2, result.code(), result::toString);
        assertTrue(result.err().contains("--context"), result::toString);
        assertNoStackTrace(result);
    }

    @Test
    void context_that_is_not_an_object_is_a_usage_error() {
        Cli.Result result = Cli.run("run", Cli.example("etl"), "--context", "[1,2]");
        assertEquals(2, result.code(), result::toString);
        assertTrue(result.err().contains("must be a JSON object"), result::toString);
    }

    @Test
    void context_file_that_does_not_exist_is_named() {
        Cli.Result result = Cli.run("run", Cli.example("etl"), "--context", "@/no/such/context.json");
        assertEquals(2, result.code(), result::toString);
        assertTrue(result.err().contains("/no/such/context.json"), result::toString);
        assertTrue(result.err().contains("no such file"), result::toString);
    }

    @Test
    void an_unknown_backend_name_is_a_usage_error() {
        Cli.assumeSubprocessBackend(); // with no backend at all, the message is about that instead
        Cli.Result result = Cli.run("run", Cli.example("etl"), "--backend", "cobol");
        assertEquals(2, result.code(), result::toString);
        assertTrue(result.err().contains("cobol"), result::toString);
        assertNoStackTrace(result);
    }

    @Test
    void no_usable_python_is_explained_in_one_line_with_exit_3() {
        Cli.assumeSubprocessBackend();
        String property = "cloacina.python.executable"; // the subprocess backend's interpreter setting
        System.setProperty(property, "/nonexistent/python3");
        try {
            Cli.Result result = Cli.run("run", Cli.example("etl"), "--backend", "subprocess");
            assertEquals(3, result.code(), result::toString);
            assertEquals(1, result.err().lines().count(), result::toString);
            assertTrue(result.err().startsWith("cloacina: cannot run Python here: subprocess: "), result::toString);
            assertTrue(result.err().contains("/nonexistent/python3"), result::toString);
            assertEquals("", result.out());
        } finally {
            System.clearProperty(property);
        }
    }

    /**
     * The backend is chosen while the context and the package are read (BackendChoice), but the errors keep
     * their order: a bad context or package is reported, not the unusable backend chosen meanwhile.
     */
    @Test
    void a_bad_context_or_package_is_reported_before_an_unusable_backend() {
        Cli.assumeSubprocessBackend();
        String property = "cloacina.python.executable";
        System.setProperty(property, "/nonexistent/python3");
        try {
            Cli.Result badContext = Cli.run("run", Cli.example("etl"), "--backend", "subprocess", "--context", "[1]");
            assertEquals(2, badContext.code(), badContext::toString);
            assertTrue(badContext.err().contains("must be a JSON object"), badContext::toString);
            assertFalse(badContext.err().contains("/nonexistent/python3"), badContext::toString);

            Cli.Result badPackage = Cli.run("run", Cli.pkg("badmanifest"), "--backend", "subprocess");
            assertEquals(2, badPackage.code(), badPackage::toString);
            assertTrue(badPackage.err().contains("python.entry_module"), badPackage::toString);
            assertFalse(badPackage.err().contains("/nonexistent/python3"), badPackage::toString);
        } finally {
            System.clearProperty(property);
        }
    }
}
