package io.cloacina.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloacina.context.ContextJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cloacina run} in-process on the subprocess backend: real Python, real packages. */
class CliRunTest {

    @BeforeEach
    void needsPython() {
        Cli.assumeSubprocessBackend();
    }

    private static JsonNode json(String text) throws Exception {
        return ContextJson.MAPPER.readTree(text);
    }

    private static void assertSucceeded(Cli.Result result) {
        assertEquals(0, result.code(), result::toString);
        assertFalse(result.err().contains("\tat "), result::toString);
    }

    @Nested
    @DisplayName("examples")
    class Examples {

        @Test
        void etl_prints_only_the_final_context_on_stdout() throws Exception {
            Cli.Result result = Cli.run("run", Cli.example("etl"));
            assertSucceeded(result);
            JsonNode context = result.json(); // the whole of stdout parses as one JSON document
            assertEquals(json("{\"orders\":7,\"regions\":[\"east\",\"north\",\"south\",\"west\"],"
                    + "\"largest_region\":\"east\",\"total_eur\":905.34}"), context.get("report"));
            assertEquals(json("{\"east\":409.99,\"north\":180.5,\"south\":95.25,\"west\":200.0}"),
                    context.get("totals_by_region"));
            assertEquals(json("{\"EUR\":1.0,\"GBP\":1.17,\"USD\":0.92}"), context.get("rates"));
            assertFalse(context.has("orders"), "load removed the raw rows");
            // Progress went to stderr, one line per start and finish.
            for (String task : List.of("extract", "totals_by_region", "convert_to_eur", "load")) {
                assertTrue(result.err().contains("started   " + task), result::toString);
                assertTrue(result.err().contains("succeeded " + task), result::toString);
            }
            assertTrue(result.err().contains("run succeeded"), result::toString);
        }

        @Test
        void etl_takes_an_inline_context() throws Exception {
            Cli.Result result = Cli.run("run", Cli.example("etl"), "--context", "{\"min_amount\": 100}");
            assertSucceeded(result);
            assertEquals(json("{\"orders\":3,\"regions\":[\"east\",\"north\",\"west\"],"
                    + "\"largest_region\":\"east\",\"total_eur\":664.5}"), result.json().get("report"));
            assertEquals(100, result.json().get("min_amount").asInt(), "the initial context flows through");
        }

        @Test
        void etl_takes_a_context_file() throws Exception {
            Cli.Result result = Cli.run("run", Cli.example("etl"), "--context",
                    "@" + Path.of("src/test/resources/min100.json").toAbsolutePath());
            assertSucceeded(result);
            assertEquals(3, result.json().get("report").get("orders").asInt());
        }

        @Test
        void failing_exits_1_and_reports_task_type_traceback_and_skipped() {
            Cli.Result result = Cli.run("run", Cli.example("failing"));
            assertEquals(1, result.code(), result::toString);
            assertEquals("", result.out(), "nothing on stdout when the run failed");
            String err = result.err();
            assertTrue(err.contains("task 'parse_amounts' failed"), err);
            assertTrue(err.contains("Python exception: ValueError: row 3: amount 'twelve' is not a number"), err);
            assertTrue(err.contains("row 3: amount 'twelve' is not a number"), err);
            assertTrue(err.contains("Traceback (most recent call last):"), err);
            assertTrue(err.contains("pipeline.py\", line 15, in parse_amount"), err);
            assertTrue(err.contains("skipped 2 tasks: summarize, publish"), err);
            assertTrue(err.contains("summarize: dependency 'parse_amounts' failed"), err);
            assertFalse(err.contains("\tat "), err);
        }

        @Test
        void the_archive_form_of_etl_runs_the_same(@TempDir Path temp) throws Exception {
            Path archive = temp.resolve("etl.cloacina");
            // The archive is built here, from the example folder: no binary is committed.
            Process tar = new ProcessBuilder("tar", "-czf", archive.toString(), "-C", Cli.example("etl"), ".")
                    .redirectErrorStream(true).start();
            assertTrue(tar.waitFor(60, TimeUnit.SECONDS), "tar did not finish");
            assertEquals(0, tar.exitValue(), new String(tar.getInputStream().readAllBytes()));

            Cli.Result result = Cli.run("run", archive.toString());
            assertSucceeded(result);
            assertEquals(905.34, result.json().get("report").get("total_eur").asDouble());
            Cli.Result tasks = Cli.run("tasks", archive.toString(), "--json");
            assertEquals(4, tasks.json().size(), tasks::toString);
        }
    }

    @Nested
    @DisplayName("graph shapes")
    class Shapes {

        @Test
        void chain_runs_in_dependency_order_not_file_order() throws Exception {
            Cli.Result result = Cli.run("run", Cli.pkg("chain"), "--context", "{\"trail\": [\"start\"]}");
            assertSucceeded(result);
            assertEquals(json("[\"start\",\"first\",\"second\",\"third\"]"), result.json().get("trail"));
        }

        @Test
        void diamond_join_gets_the_merge_of_both_branches() throws Exception {
            Cli.Result result = Cli.run("run", Cli.pkg("diamond"));
            assertSucceeded(result);
            // Objects merged recursively, arrays concatenated without duplicates, scalar: later branch wins.
            assertEquals(json("{\"cfg\":{\"base\":1,\"left\":true,\"right\":true},\"log\":[\"root\",\"left\",\"right\"],"
                    + "\"winner\":\"right\"}"), result.json().get("join_saw"));
        }

        @Test
        void fan_out_fan_in_gathers_every_branch() throws Exception {
            Cli.Result result = Cli.run("run", Cli.pkg("fanout"), "--parallelism", "3");
            assertSucceeded(result);
            assertEquals(30, result.json().get("sum_of_squares").asInt());
            assertEquals(json("[1,2,3,4]"), result.json().get("numbers"));
        }

        @Test
        void two_independent_tasks_overlap_on_the_subprocess_pool(@TempDir Path meeting) throws Exception {
            String context = ContextJson.MAPPER.createObjectNode().put("meeting_dir", meeting.toString()).toString();
            Cli.Result result = Cli.run("run", Cli.pkg("overlap"), "--backend", "subprocess", "--parallelism", "2",
                    "--context", context);
            assertSucceeded(result);
            assertTrue(result.json().get("left_saw_right").asBoolean(), result::toString);
            assertTrue(result.json().get("right_saw_left").asBoolean(), result::toString);
            assertTrue(Files.exists(meeting.resolve("left")) && Files.exists(meeting.resolve("right")));
        }
    }

    @Nested
    @DisplayName("failures")
    class Failures {

        @Test
        void failure_mid_graph_names_the_custom_exception_type_and_skips_dependants() {
            Cli.Result result = Cli.run("run", Cli.pkg("midfail"));
            assertEquals(1, result.code(), result::toString);
            assertEquals("", result.out());
            String err = result.err();
            assertTrue(err.contains("task 'validate' failed"), err);
            assertTrue(err.contains("Python exception: midfail.errors.BadInput"), err);
            assertTrue(err.contains("record 2 has a negative quantity (-1)"), err);
            assertTrue(err.contains("in check"), err);
            assertTrue(err.contains("skipped 2 tasks: aggregate, notify"), err);
            assertTrue(err.contains("notify: dependency 'aggregate' was skipped because 'validate' failed"), err);
        }

        @Test
        void a_task_past_the_timeout_fails_with_timeout() {
            // A task stuck in time.sleep: the subprocess backend can always stop it (a process boundary).
            Cli.Result result = Cli.run("run", Cli.pkg("sleepy"), "--timeout", "1s", "--backend", "subprocess");
            assertEquals(1, result.code(), result::toString);
            assertTrue(result.err().contains("task 'sleeper' failed"), result::toString);
            assertTrue(result.err().contains("Timeout"), result::toString);
        }

        @Test
        void a_cycle_is_refused_before_running_naming_its_tasks() {
            Cli.Result result = Cli.run("run", Cli.pkg("cycle"));
            assertEquals(2, result.code(), result::toString);
            assertTrue(result.err().contains("Dependency cycle: a -> b -> c -> a"), result::toString);
            assertFalse(result.err().contains("started"), "nothing ran");
        }

        @Test
        void an_unknown_dependency_is_refused_naming_task_and_dependency() {
            Cli.Result result = Cli.run("run", Cli.pkg("unknowndep"));
            assertEquals(2, result.code(), result::toString);
            assertTrue(result.err().contains("Task 'load' depends on unknown task 'transfrom'"), result::toString);
        }

        @Test
        void an_entry_module_that_fails_to_import_is_a_bad_package_with_its_traceback() {
            Cli.Result result = Cli.run("run", Cli.pkg("importerror"));
            assertEquals(2, result.code(), result::toString);
            assertTrue(result.err().contains("KeyError"), result::toString);
            assertTrue(result.err().contains("tasks.py\", line 4"), result::toString);
            assertFalse(result.err().contains("\tat "), result::toString);
        }

        @Test
        void a_package_in_cloacinas_own_format_runs_unchanged() throws Exception {
            Cli.Result result = Cli.run("run", Cli.example("cloacina-format"));
            assertSucceeded(result);
            assertEquals(json("{\"eu\": 1975, \"us\": 4000}"), result.json().path("totals_cents"), result::toString);
            assertTrue(result.err().contains("running acme-orders 0.3.0 (3 tasks)"), result::toString);
        }

        @Test
        void a_package_without_tasks_is_a_bad_package_naming_the_entry_file_not_a_successful_run() {
            // Before: exit 0, "run succeeded", nothing ran.
            Cli.Result result = Cli.run("run", Cli.pkg("notasks"));
            assertEquals(2, result.code(), result::toString);
            assertTrue(result.err().contains("no tasks found in " + java.nio.file.Path.of(Cli.pkg("notasks"))
                    .resolve("workflow/notasks/tasks.py").toAbsolutePath().normalize()), result::toString);
            assertTrue(result.out().isBlank(), result::toString);
        }

        @Test
        void an_entry_module_shadowed_by_the_standard_library_is_refused_naming_where_it_resolved() {
            // Before: the bridge's own inspect module was "imported", 0 tasks, exit 0.
            Cli.Result result = Cli.run("run", Cli.pkg("shadowed"));
            assertEquals(2, result.code(), result::toString);
            assertTrue(result.err().contains("entry module 'inspect' resolved to "), result::toString);
            assertTrue(result.err().contains("outside the package's source folder"), result::toString);
            assertFalse(result.err().contains("missing dependency"), result::toString);
        }

        @Test
        void a_module_on_cloacinas_stdlib_deny_list_is_refused_before_anything_is_imported() {
            Cli.Result result = Cli.run("run", Cli.pkg("shadowsjson"));
            assertEquals(2, result.code(), result::toString);
            assertTrue(result.err().contains("json.py: shadows the standard library's 'json' module"), result::toString);
        }

        @Test
        void a_syntax_error_is_not_called_a_missing_dependency() {
            Cli.Result result = Cli.run("run", Cli.pkg("syntaxerror"));
            assertEquals(2, result.code(), result::toString);
            assertTrue(result.err().contains("syntax error while importing entry module 'syntaxerror.tasks'"),
                    result::toString);
            assertFalse(result.err().contains("missing dependency"), result::toString);
        }
    }
}
