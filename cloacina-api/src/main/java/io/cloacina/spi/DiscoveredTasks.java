package io.cloacina.spi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tasks of a loaded package, in declaration order, with an O(1) lookup by id: backends check the id of
 * every execution against it, so it must not cost a scan per task.
 *
 * @since 0.1
 */
public final class DiscoveredTasks implements TaskDiscovery {

    private final List<TaskDescriptor> tasks;
    private final List<WorkflowDescriptor> declaredWorkflows;
    private final List<TriggerDescriptor> triggers;
    private final Map<String, TaskDescriptor> byId;

    public DiscoveredTasks(List<TaskDescriptor> tasks) {
        this(tasks, List.of());
    }

    /** @since 0.2 */
    public DiscoveredTasks(List<TaskDescriptor> tasks, List<WorkflowDescriptor> declaredWorkflows) {
        this(tasks, declaredWorkflows, List.of());
    }

    /** @since 0.2 */
    public DiscoveredTasks(List<TaskDescriptor> tasks, List<WorkflowDescriptor> declaredWorkflows,
                           List<TriggerDescriptor> triggers) {
        this.tasks = List.copyOf(tasks);
        this.declaredWorkflows = List.copyOf(declaredWorkflows);
        this.triggers = List.copyOf(triggers);
        Map<String, TaskDescriptor> index = new LinkedHashMap<>();
        for (TaskDescriptor task : this.tasks) {
            index.putIfAbsent(task.id(), task);
        }
        this.byId = Map.copyOf(index);
    }

    @Override
    public List<TaskDescriptor> tasks() {
        return tasks;
    }

    @Override
    public List<WorkflowDescriptor> declaredWorkflows() {
        return declaredWorkflows;
    }

    @Override
    public List<TriggerDescriptor> triggers() {
        return triggers;
    }

    @Override
    public Optional<TaskDescriptor> task(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public boolean contains(String id) {
        return byId.containsKey(id);
    }
}
