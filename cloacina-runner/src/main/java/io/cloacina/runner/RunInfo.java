package io.cloacina.runner;

import java.util.Objects;

/**
 * What a run is, as {@link RunListener#runStarted(RunInfo)} hears of it: enough to name its metrics and spans.
 *
 * @param runId       unique per run (a random UUID); also in the MDC of its tasks' Python output
 *                    ({@link io.cloacina.spi.TaskLogging#MDC_RUN_ID})
 * @param packageName the package's name
 * @param workflow    the workflow that runs (the package's own, or the one chosen)
 * @param backend     the backend's name, or {@code null} when the run was started without the runtime
 *                    ({@link WorkflowRunner#start(io.cloacina.spi.LoadedPackage, io.cloacina.context.Context)})
 * @param graph       the tasks that run
 * @param parallelism how many tasks run at once at most
 * @since 0.3
 */
public record RunInfo(String runId, String packageName, String workflow, String backend, TaskGraph graph,
                      int parallelism) {

    public RunInfo {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(graph, "graph");
    }
}
