package io.cloacina.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A workflow of a package: the package's own (its module-level tasks) or one declared with
 * {@code with cloaca.WorkflowBuilder(name):}.
 *
 * @param name        its name ({@code workflow_name} of {@code package.toml}, the package's name, or the builder's)
 * @param description its description, {@code ""} when none
 * @param tags        its tags ({@code builder.tag(key, value)})
 * @param taskIds     its tasks, in declaration order
 *
 * @since 0.2
 */
public record WorkflowDescriptor(String name, String description, Map<String, String> tags, List<String> taskIds) {
    public WorkflowDescriptor {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
        taskIds = List.copyOf(taskIds);
    }
}
