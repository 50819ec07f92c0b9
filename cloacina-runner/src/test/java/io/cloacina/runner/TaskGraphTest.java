package io.cloacina.runner;

import io.cloacina.error.TaskError;
import io.cloacina.spi.TaskDescriptor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TaskGraphTest {

    private static TaskDescriptor task(String id, String... deps) {
        return new TaskDescriptor(id, id + "_fn", List.of(deps), false);
    }

    private static List<String> order(TaskGraph graph) {
        return graph.topologicalOrder().stream().map(TaskDescriptor::id).toList();
    }

    @Test
    void orders_dependencies_first_and_ties_by_declaration() {
        TaskGraph graph = TaskGraph.of(List.of(task("load", "t2", "t1"), task("t2", "extract"), task("t1", "extract"),
                task("extract"), task("audit")));
        // Whenever several tasks are ready, the one declared first goes next.
        assertEquals(List.of("extract", "t2", "t1", "load", "audit"), order(graph));
        assertEquals(List.of("load", "audit"), graph.sinks());
        assertEquals(List.of("t2", "t1"), graph.dependenciesOf("load"));
        assertEquals(List.of("t2", "t1"), graph.dependantsOf("extract"));
    }

    @Test
    void a_dependency_listed_twice_counts_once() {
        TaskGraph graph = TaskGraph.of(List.of(task("a"), task("b", "a", "a")));
        assertEquals(List.of("a"), graph.dependenciesOf("b"));
        assertEquals(List.of("a", "b"), order(graph));
    }

    @Test
    void unknown_dependency_names_the_task_and_the_missing_dependency() {
        TaskError.ValidationFailed error = assertThrows(TaskError.ValidationFailed.class,
                () -> TaskGraph.of(List.of(task("extract"), task("load", "extract", "transfrom"))));
        assertEquals("load", error.taskId());
        assertEquals("Task 'load' depends on unknown task 'transfrom' (known tasks: extract, load)", error.getMessage());
    }

    @Test
    void cycle_is_named_in_order_starting_at_the_first_declared_task() {
        TaskError.ValidationFailed error = assertThrows(TaskError.ValidationFailed.class,
                () -> TaskGraph.of(List.of(task("root"), task("c", "b"), task("a", "c", "root"), task("b", "a"),
                        task("after", "a"))));
        assertEquals("Dependency cycle: c -> a -> b -> c", error.getMessage());
        assertEquals("c", error.taskId());
    }

    @Test
    void self_dependency_is_a_cycle() {
        TaskError.ValidationFailed error = assertThrows(TaskError.ValidationFailed.class,
                () -> TaskGraph.of(List.of(task("a", "a"))));
        assertEquals("Dependency cycle: a -> a", error.getMessage());
    }

    @Test
    void duplicate_id_is_rejected() {
        TaskError.ValidationFailed error = assertThrows(TaskError.ValidationFailed.class,
                () -> TaskGraph.of(List.of(task("a"), task("b"), task("a"))));
        assertEquals("Duplicate task id 'a'", error.getMessage());
    }
}
