package io.cloacina.spi;

import java.util.List;
import java.util.Objects;

/**
 * One discovered task.
 *
 * @param id           the task id ({@code @task(id=...)}, or the function's name)
 * @param functionName the Python function's name
 * @param dependencies ids of the tasks it depends on, as declared
 * @param async        whether it is an {@code async def}
 * @param metadata     its workflow, retry policy, trigger rule, callbacks and handle
 *
 * @since 0.1
 */
public record TaskDescriptor(String id, String functionName, List<String> dependencies, boolean async,
                             TaskMetadata metadata) {
    public TaskDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(functionName, "functionName");
        dependencies = List.copyOf(dependencies);
        metadata = metadata == null ? TaskMetadata.NONE : metadata;
    }

    /** A task of the package's own workflow that declares nothing beyond its dependencies. */
    public TaskDescriptor(String id, String functionName, List<String> dependencies, boolean async) {
        this(id, functionName, dependencies, async, TaskMetadata.NONE);
    }

    /** The workflow it belongs to: the one it was declared in, else the package's own ({@code packageWorkflow}). */
    public String workflowOr(String packageWorkflow) {
        return metadata.workflow() != null ? metadata.workflow() : packageWorkflow;
    }
}
