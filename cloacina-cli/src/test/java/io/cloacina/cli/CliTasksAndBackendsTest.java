package io.cloacina.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloacina.context.ContextJson;
import io.cloacina.runtime.PythonRuntimes;
import io.cloacina.runtime.RuntimeCandidate;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTasksAndBackendsTest {

    @Test
    void tasks_json_lists_id_function_dependencies_and_async() throws Exception {
        Cli.assumeSubprocessBackend();
        Cli.Result result = Cli.run("tasks", Cli.example("etl"), "--json");
        assertEquals(0, result.code(), result::toString);
        JsonNode expected = ContextJson.MAPPER.readTree("""
                [{"id":"extract","function":"extract","dependencies":[],"async":false},
                 {"id":"totals_by_region","function":"totals_by_region","dependencies":["extract"],"async":false},
                 {"id":"convert_to_eur","function":"convert_to_eur","dependencies":["extract"],"async":true},
                 {"id":"load","function":"load","dependencies":["totals_by_region","convert_to_eur"],"async":false}]""");
        // The four original fields are unchanged (scripts reading them keep working); the metadata comes after.
        JsonNode actual = result.json();
        assertEquals(expected.size(), actual.size(), result::toString);
        for (int i = 0; i < expected.size(); i++) {
            for (String field : List.of("id", "function", "dependencies", "async")) {
                assertEquals(expected.get(i).get(field), actual.get(i).get(field), field + " of task " + i);
            }
            // A manifest.json package: its own workflow is named after the package, and a task that declares no
            // retry policy runs once (no retry).
            assertEquals("etl", actual.get(i).path("workflow").asText(), result::toString);
            assertEquals(1, actual.get(i).path("retry").path("max_attempts").asInt(), result::toString);
            assertEquals(ContextJson.MAPPER.readTree("{\"type\":\"Always\"}"), actual.get(i).get("trigger_rule"));
        }
    }

    @Test
    void tasks_table_shows_dependencies_and_async() {
        Cli.assumeSubprocessBackend();
        Cli.Result result = Cli.run("tasks", Cli.example("etl"));
        assertEquals(0, result.code(), result::toString);
        List<String> lines = result.out().lines().toList();
        assertEquals(5, lines.size(), result::toString);
        assertTrue(lines.get(0).startsWith("TASK"), result::toString);
        assertTrue(lines.get(3).matches("convert_to_eur\\s+convert_to_eur\\s+yes\\s+extract"), lines.get(3));
        assertTrue(lines.get(4).matches("load\\s+load\\s+no\\s+totals_by_region, convert_to_eur"), lines.get(4));
    }

    @Test
    void tasks_of_a_cyclic_package_lists_them_then_exits_2() {
        Cli.assumeSubprocessBackend();
        Cli.Result result = Cli.run("tasks", Cli.pkg("cycle"), "--json");
        assertEquals(2, result.code(), result::toString);
        assertEquals(4, result.json().size());
        assertTrue(result.err().contains("Dependency cycle"), result::toString);
    }

    @Test
    void backends_prints_one_line_per_backend_found() {
        List<RuntimeCandidate> found = PythonRuntimes.discover();
        Cli.Result result = Cli.run("backends");
        if (found.isEmpty()) {
            assertEquals(3, result.code(), result::toString);
            return;
        }
        assertEquals(0, result.code(), result::toString);
        List<String> lines = result.out().lines().toList();
        assertEquals(found.size(), lines.size(), result::toString);
        for (int i = 0; i < found.size(); i++) {
            RuntimeCandidate candidate = found.get(i);
            String line = lines.get(i);
            assertTrue(line.startsWith(candidate.name() + " "), line);
            String status = line.substring(candidate.name().length()).strip();
            assertTrue(candidate.available() ? status.startsWith("available") : status.startsWith("unavailable: "),
                    line);
        }
    }
}
