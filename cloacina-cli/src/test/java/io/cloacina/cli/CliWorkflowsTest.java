package io.cloacina.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A package declaring two workflows (module-level tasks and a WorkflowBuilder block) through tasks and run. */
class CliWorkflowsTest {

    @BeforeEach
    void needsPython() {
        Cli.assumeSubprocessBackend();
    }

    @Test
    void tasks_groups_the_table_by_workflow() {
        Cli.Result result = Cli.run("tasks", Cli.pkg("twoflows"));
        assertEquals(0, result.code(), result::toString);
        int daily = result.out().indexOf("WORKFLOW daily");
        int cleanup = result.out().indexOf("WORKFLOW cleanup  (Removes old files)");
        assertTrue(daily >= 0 && cleanup > daily, result::toString);
        assertTrue(result.out().indexOf("sweep") > cleanup && result.out().indexOf("publish") < cleanup,
                result::toString);
    }

    @Test
    void tasks_json_stays_an_array_of_tasks_each_with_its_workflow_and_metadata() {
        Cli.Result result = Cli.run("tasks", "--json", Cli.pkg("twoflows"));
        assertEquals(0, result.code(), result::toString);
        JsonNode tasks = result.json();
        assertTrue(tasks.isArray(), result::toString);
        List<String> workflows = new ArrayList<>();
        tasks.forEach(task -> workflows.add(task.path("id").asText() + "@" + task.path("workflow").asText()));
        assertEquals(List.of("fetch@daily", "publish@daily", "sweep@cleanup"), workflows, result::toString);
        JsonNode fetch = tasks.get(0);
        assertEquals(4, fetch.path("retry").path("max_attempts").asInt(), result::toString);
        assertTrue(fetch.path("retry_declared").asBoolean(), result::toString);
        JsonNode publish = tasks.get(1);
        // Not declared: a Cloacina package's task gets Cloacina's default policy (3 runs, exponential).
        assertEquals(3, publish.path("retry").path("max_attempts").asInt(), result::toString);
        assertFalse(publish.path("retry_declared").asBoolean(), result::toString);
        assertEquals("TaskSuccess", publish.path("trigger_rule").path("conditions").path(0).path("type").asText(),
                result::toString);
        assertTrue(tasks.get(2).path("handle").asBoolean(), result::toString);
    }

    @Test
    void run_without_workflow_refuses_a_package_with_several_naming_them() {
        Cli.Result result = Cli.run("run", Cli.pkg("twoflows"));
        assertEquals(2, result.code(), result::toString);
        assertTrue(result.err().contains("declares several workflows (daily, cleanup)"), result::toString);
        assertTrue(result.err().contains("--workflow"), result::toString);
        assertTrue(result.out().isBlank(), result::toString);
    }

    @Test
    void run_workflow_runs_only_that_workflows_tasks() {
        Cli.Result daily = Cli.run("run", "--workflow", "daily", Cli.pkg("twoflows"));
        assertEquals(0, daily.code(), daily::toString);
        assertTrue(daily.json().path("published").asBoolean(), daily::toString);
        assertFalse(daily.json().has("swept"), daily::toString);
        assertTrue(daily.err().contains("workflow daily (2 tasks)"), daily::toString);

        Cli.Result cleanup = Cli.run("run", "--workflow", "cleanup", Cli.pkg("twoflows"));
        assertEquals(0, cleanup.code(), cleanup::toString);
        assertEquals(3, cleanup.json().path("swept").asInt(), cleanup::toString);
        assertFalse(cleanup.json().has("fetched"), cleanup::toString);
    }

    @Test
    void run_with_an_unknown_workflow_names_the_known_ones() {
        Cli.Result result = Cli.run("run", "--workflow", "weekly", Cli.pkg("twoflows"));
        assertEquals(2, result.code(), result::toString);
        assertTrue(result.err().contains("has no workflow 'weekly' (its workflows: daily, cleanup)"), result::toString);
    }
}
