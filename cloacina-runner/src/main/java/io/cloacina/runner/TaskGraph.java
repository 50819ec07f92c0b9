package io.cloacina.runner;

import io.cloacina.error.TaskError;
import io.cloacina.spi.TaskDescriptor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A package's tasks as a validated dependency graph, in one deterministic topological order.
 *
 * <p>The order is Kahn's algorithm that always takes, among the tasks whose dependencies are all placed,
 * the one declared first. It is the order the context-flow rule merges in ("later wins").
 *
 * @since 0.1
 */
public final class TaskGraph {

    private final List<TaskDescriptor> topological;
    private final Map<String, TaskDescriptor> byId;
    private final Map<String, Integer> position;
    private final Map<String, List<String>> dependants;
    /** Each task's distinct dependencies in topological order: asked for every task a run settles. */
    private final Map<String, List<String>> dependencies;

    private TaskGraph(List<TaskDescriptor> topological, Map<String, TaskDescriptor> byId,
                      Map<String, List<String>> dependants) {
        this.topological = List.copyOf(topological);
        this.byId = Collections.unmodifiableMap(byId);
        this.dependants = Collections.unmodifiableMap(dependants);
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < topological.size(); i++) {
            positions.put(topological.get(i).id(), i);
        }
        this.position = Collections.unmodifiableMap(positions);
        Map<String, List<String>> ordered = new HashMap<>();
        for (TaskDescriptor task : topological) {
            ordered.put(task.id(), task.dependencies().stream().distinct()
                    .sorted((a, b) -> Integer.compare(positions.get(a), positions.get(b))).toList());
        }
        this.dependencies = Collections.unmodifiableMap(ordered);
    }

    /**
     * Validates the tasks (in declaration order) and orders them.
     *
     * @throws TaskError.ValidationFailed a duplicate id, a dependency on an unknown task, or a cycle; the
     *                                    message names the tasks involved
     */
    public static TaskGraph of(List<TaskDescriptor> declared) {
        Map<String, TaskDescriptor> byId = new LinkedHashMap<>();
        for (TaskDescriptor task : declared) {
            if (byId.putIfAbsent(task.id(), task) != null) {
                throw new TaskError.ValidationFailed(task.id(), "Duplicate task id '" + task.id() + "'");
            }
        }
        Map<String, List<String>> dependants = new LinkedHashMap<>();
        byId.keySet().forEach(id -> dependants.put(id, new ArrayList<>()));
        for (TaskDescriptor task : declared) {
            for (String dependency : new LinkedHashSet<>(task.dependencies())) {
                if (!byId.containsKey(dependency)) {
                    throw new TaskError.ValidationFailed(task.id(), "Task '" + task.id()
                            + "' depends on unknown task '" + dependency + "' (known tasks: "
                            + String.join(", ", byId.keySet()) + ")");
                }
                dependants.get(dependency).add(task.id());
            }
        }
        List<TaskDescriptor> order = topologicalOrder(declared, byId, dependants);
        dependants.replaceAll((id, list) -> List.copyOf(list));
        return new TaskGraph(order, byId, dependants);
    }

    private static List<TaskDescriptor> topologicalOrder(List<TaskDescriptor> declared, Map<String, TaskDescriptor> byId,
                                                         Map<String, List<String>> dependants) {
        Map<String, Integer> declaredAt = new HashMap<>();
        Map<String, Integer> unplacedDependencies = new HashMap<>();
        for (int i = 0; i < declared.size(); i++) {
            TaskDescriptor task = declared.get(i);
            declaredAt.put(task.id(), i);
            unplacedDependencies.put(task.id(), new LinkedHashSet<>(task.dependencies()).size());
        }
        PriorityQueue<String> ready = new PriorityQueue<>((a, b) -> Integer.compare(declaredAt.get(a), declaredAt.get(b)));
        unplacedDependencies.forEach((id, count) -> {
            if (count == 0) {
                ready.add(id);
            }
        });
        List<TaskDescriptor> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String next = ready.poll();
            order.add(byId.get(next));
            for (String dependant : dependants.get(next)) {
                if (unplacedDependencies.merge(dependant, -1, Integer::sum) == 0) {
                    ready.add(dependant);
                }
            }
        }
        if (order.size() < declared.size()) {
            List<String> cycle = findCycle(declared, byId, order);
            throw new TaskError.ValidationFailed(cycle.get(0), "Dependency cycle: " + String.join(" -> ", cycle));
        }
        return order;
    }

    /** A cycle among the tasks Kahn's algorithm could not place, as a closed path (first id repeated last). */
    private static List<String> findCycle(List<TaskDescriptor> declared, Map<String, TaskDescriptor> byId,
                                          List<TaskDescriptor> placed) {
        Set<String> placedIds = new LinkedHashSet<>();
        placed.forEach(t -> placedIds.add(t.id()));
        // Every unplaced task has an unplaced dependency; walking those must revisit a task: that is a cycle.
        String start = declared.stream().map(TaskDescriptor::id).filter(id -> !placedIds.contains(id))
                .findFirst().orElseThrow();
        List<String> path = new ArrayList<>();
        Map<String, Integer> seenAt = new HashMap<>();
        String current = start;
        while (!seenAt.containsKey(current)) {
            seenAt.put(current, path.size());
            path.add(current);
            current = byId.get(current).dependencies().stream().filter(d -> !placedIds.contains(d))
                    .findFirst().orElseThrow();
        }
        // path runs against the dependency arrows; reverse it so it reads "runs before".
        List<String> cycle = new ArrayList<>(path.subList(seenAt.get(current), path.size()));
        Collections.reverse(cycle);
        // Start at the task declared first, so the message does not depend on where the walk began.
        List<String> declaredIds = declared.stream().map(TaskDescriptor::id).toList();
        String first = cycle.stream().min((a, b) -> Integer.compare(declaredIds.indexOf(a), declaredIds.indexOf(b)))
                .orElseThrow();
        Collections.rotate(cycle, -cycle.indexOf(first));
        cycle.add(cycle.get(0));
        return cycle;
    }

    /** Every task, dependencies before dependants, ties in declaration order. */
    public List<TaskDescriptor> topologicalOrder() {
        return topological;
    }

    public TaskDescriptor task(String id) {
        TaskDescriptor task = byId.get(id);
        if (task == null) {
            throw new IllegalArgumentException("No task '" + id + "' in this graph");
        }
        return task;
    }

    /** The position of a task in {@link #topologicalOrder()}. */
    public int positionOf(String id) {
        return position.get(id);
    }

    /** The distinct dependencies of a task, in topological order. */
    public List<String> dependenciesOf(String id) {
        List<String> found = dependencies.get(id);
        if (found == null) {
            task(id); // throws, naming the unknown task, as before
        }
        return found;
    }

    /** The tasks that depend directly on this one, in declaration order. */
    public List<String> dependantsOf(String id) {
        return dependants.get(id);
    }

    /** The tasks no other task depends on, in topological order: their outputs make the final context. */
    public List<String> sinks() {
        return topological.stream().map(TaskDescriptor::id).filter(id -> dependants.get(id).isEmpty()).toList();
    }

    public int size() {
        return topological.size();
    }

    /**
     * Trigger rules that may not do what their author meant: a condition on a task of another workflow (never
     * true), or on a task that is not a dependency (read as it is when the rule is evaluated, which may be before
     * that task has run — as in Cloacina). Warnings, not errors: the graph still runs.
     *
     * @since 0.2
     */
    public List<String> ruleWarnings() {
        List<String> warnings = new ArrayList<>();
        for (TaskDescriptor task : topological) {
            for (String named : TriggerRules.namedTasks(task.metadata().triggerRule())) {
                if (!byId.containsKey(named)) {
                    warnings.add("task '" + task.id() + "': its trigger rule names task '" + named
                            + "', which is not in this workflow: that condition is never true");
                } else if (!task.dependencies().contains(named)) {
                    warnings.add("task '" + task.id() + "': its trigger rule reads task '" + named + "', which is "
                            + "not one of its dependencies: it is read as it is when '" + task.id()
                            + "' becomes eligible (perhaps not run yet); add it to dependencies to wait for it");
                }
            }
        }
        return warnings;
    }
}
