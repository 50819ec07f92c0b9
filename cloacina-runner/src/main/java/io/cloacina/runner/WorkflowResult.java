package io.cloacina.runner;

import io.cloacina.context.Context;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a run did.
 *
 * @param status       {@code SUCCEEDED} when every task succeeded, {@code CANCELLED} when the run was cancelled,
 *                     else {@code FAILED}
 * @param outcomes     one per task, in the graph's topological order
 * @param finalContext the merge of the outputs of the tasks nothing depends on; present only when the run
 *                     succeeded
 * @param duration     wall-clock time of the whole run
 *
 * @since 0.1
 */
public record WorkflowResult(Status status, List<TaskOutcome> outcomes, Optional<Context> finalContext,
                             Duration duration) {

    public enum Status { SUCCEEDED, FAILED, CANCELLED }

    public WorkflowResult {
        Objects.requireNonNull(status, "status");
        outcomes = List.copyOf(outcomes);
        Objects.requireNonNull(finalContext, "finalContext");
        Objects.requireNonNull(duration, "duration");
    }

    public boolean succeeded() {
        return status == Status.SUCCEEDED;
    }

    public Optional<TaskOutcome> outcome(String taskId) {
        return outcomes.stream().filter(o -> o.taskId().equals(taskId)).findFirst();
    }

    /** The outcomes with the given status, in topological order. */
    public List<TaskOutcome> withStatus(TaskStatus wanted) {
        return outcomes.stream().filter(o -> o.status() == wanted).toList();
    }

    public List<TaskOutcome.Failed> failures() {
        return outcomes.stream().filter(TaskOutcome.Failed.class::isInstance).map(TaskOutcome.Failed.class::cast)
                .toList();
    }

    public List<TaskOutcome.Skipped> skipped() {
        return outcomes.stream().filter(TaskOutcome.Skipped.class::isInstance).map(TaskOutcome.Skipped.class::cast)
                .toList();
    }
}
