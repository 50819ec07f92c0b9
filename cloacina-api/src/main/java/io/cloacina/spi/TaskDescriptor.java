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
 *
 * @since 0.1
 */
public record TaskDescriptor(String id, String functionName, List<String> dependencies, boolean async) {
    public TaskDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(functionName, "functionName");
        dependencies = List.copyOf(dependencies);
    }
}
