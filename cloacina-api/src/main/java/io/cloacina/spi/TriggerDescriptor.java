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
 * <h2>Polling a trigger</h2>
 * A host polls a trigger through the package's ordinary {@link TaskExecutor}, with the reserved execution id
 * {@link #executionId(String)} ({@code "::trigger::" + name}) and an empty context: no SPI method of its own. Task
 * ids can never contain {@code ::} (the bridge refuses them when decorating), so the id cannot name a task. The
 * output context is {@code {"fire": true|false, "context": {...}|null}}: whether the trigger fired and the context
 * it fired with ({@code null}: none). A trigger that raises, returns something other than a
 * {@code TriggerResult} or a bool, or fires a context that is not JSON fails the future with a {@code TaskError}
 * whose task id is the execution id.
 *
 * @since 0.2
 */
public record TriggerDescriptor(String name, String workflow, Duration pollInterval, String cron, String timezone,
                                boolean allowConcurrent) {
    /**
     * What execution ids of trigger polls start with.
     *
     * @since 0.2
     */
    public static final String EXECUTION_ID_PREFIX = "::trigger::";

    public TriggerDescriptor {
        Objects.requireNonNull(name, "name");
    }

    /**
     * The execution id that polls the trigger {@code name} through {@link TaskExecutor#execute}:
     * {@code "::trigger::" + name}.
     *
     * @since 0.2
     */
    public static String executionId(String name) {
        return EXECUTION_ID_PREFIX + Objects.requireNonNull(name, "name");
    }

    /**
     * The execution id that polls this trigger, {@link #executionId(String) executionId(name())}.
     *
     * @since 0.2
     */
    public String executionId() {
        return executionId(name);
    }

    /**
     * The trigger name an execution id polls, or {@code null} when it is not a trigger's execution id.
     *
     * @since 0.2
     */
    public static String triggerName(String executionId) {
        return executionId != null && executionId.startsWith(EXECUTION_ID_PREFIX)
                ? executionId.substring(EXECUTION_ID_PREFIX.length()) : null;
    }
}
