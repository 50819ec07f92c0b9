package io.cloacina.temporal;

import io.cloacina.temporal.Payloads.GraphRecord;
import io.cloacina.temporal.Payloads.RunSettings;
import io.cloacina.temporal.Payloads.TaskReply;
import io.cloacina.temporal.Payloads.TaskRequest;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * What a worker that loaded a package does for its runs, on the package's task queue.
 *
 * @since 0.3
 */
@ActivityInterface
public interface TaskActivities {

    /**
     * The named workflow's task graph ({@code null}: the package's only one), validated with the run's options.
     * Fails with a non-retryable {@code ValidationFailed} for an unknown workflow, a bad graph, or an option naming
     * a task the workflow does not have.
     */
    @ActivityMethod(name = "DescribeWorkflow")
    GraphRecord describe(String workflow, RunSettings settings);

    /**
     * Runs one attempt of one task on the worker's backend, heartbeating while it runs. A task's own failure is a
     * non-retryable {@code ApplicationFailure} whose type is the {@code TaskError} kind and whose details are a
     * {@link Payloads.FailureDetails}: the workflow, not Temporal, decides whether it runs again.
     */
    @ActivityMethod(name = "RunTask")
    TaskReply runTask(TaskRequest request);
}
