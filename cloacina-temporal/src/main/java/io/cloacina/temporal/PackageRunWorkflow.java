package io.cloacina.temporal;

import io.cloacina.temporal.Payloads.EventPage;
import io.cloacina.temporal.Payloads.RunRecord;
import io.cloacina.temporal.Payloads.RunRequest;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The one Temporal workflow every package run is: it asks a worker for the workflow's task graph, then walks it,
 * running each task attempt as an activity on the package's task queue.
 *
 * @since 0.3
 */
@WorkflowInterface
public interface PackageRunWorkflow {

    /** The workflow type's name in the cluster (stable: recorded histories name it). */
    String TYPE = "CloacinaPackageRun";

    @WorkflowMethod(name = TYPE)
    RunRecord run(RunRequest request);

    /**
     * The run's result once it has ended ({@code null} before): how a client reads the outcomes of a cancelled run,
     * whose Temporal cancellation carries no result.
     */
    @QueryMethod(name = "result")
    RunRecord result();

    /** The run's progress events from index {@code from} on. */
    @QueryMethod(name = "events")
    EventPage events(int from);
}
