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

    default Optional<TaskDescriptor> task(String id) {
        return tasks().stream().filter(t -> t.id().equals(id)).findFirst();
    }
}
