package io.cloacina.spi;

import java.util.List;
import java.util.Optional;

/**
 * The tasks a loaded package's entry module registered with {@code @task}, in declaration order.
 *
 * @since 0.1
 */
public interface TaskDiscovery {

    List<TaskDescriptor> tasks();

    /**
     * The workflows declared with {@code WorkflowBuilder} (name, description, tags); the package's own workflow is
     * not among them. A backend that reports none still gets each declared workflow from its tasks'
     * {@link TaskMetadata#workflow()}, without description or tags.
     *
     * @since 0.2
     */
    default List<WorkflowDescriptor> declaredWorkflows() {
        return List.of();
    }

    /**
     * The triggers the package declares with {@code @cloaca.trigger(...)}.
     *
     * @since 0.2
     */
    default List<TriggerDescriptor> triggers() {
        return List.of();
    }

    default Optional<TaskDescriptor> task(String id) {
        return tasks().stream().filter(t -> t.id().equals(id)).findFirst();
    }
}
