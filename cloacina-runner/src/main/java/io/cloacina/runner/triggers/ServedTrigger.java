package io.cloacina.runner.triggers;

import io.cloacina.spi.TriggerDescriptor;

import java.util.Objects;

/**
 * A trigger as a {@link TriggerService} serves it: where it comes from, what it starts and when it is polled.
 *
 * @param packageName the name of the package that declares it
 * @param workflow    the workflow a fire starts: its {@code on=}, or the package's only workflow when it names none
 * @param descriptor  the declaration as discovered
 * @param schedule    for people: {@code every 30s}, or {@code cron '0 6 * * *' (Europe/Paris)}
 *
 * @since 0.2
 */
public record ServedTrigger(String packageName, String workflow, TriggerDescriptor descriptor, String schedule) {

    public ServedTrigger {
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(schedule, "schedule");
    }

    /** The trigger's name. */
    public String name() {
        return descriptor.name();
    }

    /** {@code package/trigger}, for messages. */
    @Override
    public String toString() {
        return packageName + "/" + name();
    }
}
