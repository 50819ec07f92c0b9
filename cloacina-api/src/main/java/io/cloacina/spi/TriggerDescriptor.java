package io.cloacina.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * A trigger a package declares with {@code @cloaca.trigger(...)}: a Python function the host polls to decide
 * whether to start a run of a workflow.
 *
 * @param name            the trigger's name ({@code name=}, or the function's name)
 * @param workflow        the workflow it starts ({@code on=}), or {@code null} when it names none
 * @param pollInterval    how often it is polled, or {@code null} for a cron trigger
 * @param cron            its cron expression, or {@code null}
 * @param timezone        the cron expression's time zone, or {@code null}
 * @param allowConcurrent whether a new run may start while the previous one it started is still running
 *
 * @since 0.2
 */
public record TriggerDescriptor(String name, String workflow, Duration pollInterval, String cron, String timezone,
                                boolean allowConcurrent) {
    public TriggerDescriptor {
        Objects.requireNonNull(name, "name");
    }
}
