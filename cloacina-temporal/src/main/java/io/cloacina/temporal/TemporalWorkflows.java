package io.cloacina.temporal;

import io.cloacina.context.Context;
import io.cloacina.spi.PythonPackage;
import io.cloacina.temporal.Payloads.RunRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;

import java.util.Objects;
import java.util.UUID;

/**
 * Starts package runs on a Temporal cluster. Workers that loaded the package ({@link CloacinaWorker}, or
 * {@code bin/cloacina worker}) must serve its task queue; the client itself needs no Python.
 *
 * <pre>{@code
 * try (TemporalConnection temporal = TemporalConnection.connect("localhost:7233", "default", null)) {
 *     TemporalRun run = TemporalWorkflows.start(temporal.client(), "etl", "1.0.0",
 *             Context.fromJson("{\"min_amount\": 100}"), RunOptions.defaults());
 *     TemporalRunResult done = run.await(RunListener.NONE);
 *     done.result().finalContext().ifPresent(System.out::println);
 * }
 * }</pre>
 *
 * @since 0.3
 */
public final class TemporalWorkflows {

    private TemporalWorkflows() {
    }

    /** Starts a run of the package's workflow and returns at once. */
    public static TemporalRun start(WorkflowClient client, String packageName, String version, Context initial,
                                    RunOptions options) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(initial, "initial");
        String queue = TaskQueues.of(packageName, version);
        String workflowId = options.workflowId() != null ? options.workflowId()
                : "cloacina-" + packageName + "-" + version + "-" + UUID.randomUUID();
        PackageRunWorkflow workflow = client.newWorkflowStub(PackageRunWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(queue)
                .setWorkflowId(workflowId)
                .build());
        WorkflowClient.start(workflow::run, new RunRequest(options.workflow(), initial.toJsonNode(), options.settings()));
        return new TemporalRun(client, workflowId);
    }

    /** {@link #start(WorkflowClient, String, String, Context, RunOptions)} for a package read from disk. */
    public static TemporalRun start(WorkflowClient client, PythonPackage pkg, Context initial, RunOptions options) {
        return start(client, pkg.name(), pkg.version(), initial, options);
    }

    /** A run started earlier (by {@code run --no-wait}, say), to wait for or cancel. */
    public static TemporalRun attach(WorkflowClient client, String workflowId) {
        return new TemporalRun(client, workflowId);
    }
}
