package io.cloacina.runner.triggers;

import io.cloacina.context.Context;
import io.cloacina.runner.WorkflowRun;

import java.time.Instant;
import java.util.Objects;

/**
 * A run a trigger started.
 *
 * @param number    its number in the service, from 1, in the order runs started
 * @param trigger   the trigger that fired
 * @param initial   the context it started with (what the trigger fired with, or empty)
 * @param startedAt when it started, on the service's clock
 * @param run       the run itself: its result, or {@link WorkflowRun#cancel()}
 *
 * @since 0.2
 */
public record TriggeredRun(long number, ServedTrigger trigger, Context initial, Instant startedAt, WorkflowRun run) {

    public TriggeredRun {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(run, "run");
    }

    @Override
    public String toString() {
        return "run #" + number + " of " + trigger.packageName() + "/" + trigger.workflow() + " (trigger "
                + trigger.name() + ")";
    }
}
