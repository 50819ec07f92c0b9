package io.cloacina.temporal;

import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.runner.TaskGraph;
import io.cloacina.spi.ExecutionOptions;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.TaskDescriptor;
import io.cloacina.temporal.Payloads.FailureDetails;
import io.cloacina.temporal.Payloads.GraphRecord;
import io.cloacina.temporal.Payloads.RunSettings;
import io.cloacina.temporal.Payloads.TaskReply;
import io.cloacina.temporal.Payloads.TaskRequest;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The activities of one loaded package, run by a worker on the package's task queue. A task runs on the package's
 * backend exactly as in a local run; while it runs the activity heartbeats, so that Temporal notices a dead worker
 * within the heartbeat timeout and so that a cancellation of the run reaches the task (the backend stops it).
 */
final class PackageActivities implements TaskActivities {

    /** How often a running task's activity heartbeats (Temporal throttles what it sends, see CloacinaWorker). */
    static final Duration HEARTBEAT_EVERY = Duration.ofMillis(500);

    private final LoadedPackage loaded;
    private final String identity;

    PackageActivities(LoadedPackage loaded, String identity) {
        this.loaded = Objects.requireNonNull(loaded, "loaded");
        this.identity = identity;
    }

    @Override
    public GraphRecord describe(String workflow, RunSettings settings) {
        TaskGraph graph;
        try {
            graph = settings.runner().validate(loaded, workflow);
        } catch (TaskError.ValidationFailed invalid) {
            throw ApplicationFailure.newNonRetryableFailure(invalid.getMessage(), "ValidationFailed", Codec.error(invalid));
        }
        // In declaration order, so that the workflow's graph orders ties as the local runner does.
        Set<String> inGraph = new HashSet<>();
        graph.topologicalOrder().forEach(t -> inGraph.add(t.id()));
        List<TaskDescriptor> declared = loaded.discovery().tasks().stream().filter(t -> inGraph.contains(t.id())).toList();
        String workflowName = workflow != null ? workflow
                : declared.isEmpty() ? loaded.pythonPackage().workflowName()
                : declared.get(0).workflowOr(loaded.pythonPackage().workflowName());
        return new GraphRecord(loaded.pythonPackage().name(), loaded.pythonPackage().version(),
                loaded.pythonPackage().format().name(), workflowName, declared.stream().map(Codec::task).toList());
    }

    @Override
    public TaskReply runTask(TaskRequest request) {
        ActivityExecutionContext activity = Activity.getExecutionContext();
        int delivery = activity.getInfo().getAttempt();
        String taskId = request.taskId();
        Duration timeout = Duration.ofMillis(request.timeoutMs());
        long started = System.nanoTime();
        CompletableFuture<Context> future;
        try {
            future = loaded.executor().execute(taskId, Context.fromJsonNode(request.input()),
                    ExecutionOptions.withTimeout(timeout));
        } catch (RuntimeException refused) {
            future = CompletableFuture.failedFuture(refused);
        }
        try {
            while (true) {
                try {
                    Context output = future.get(HEARTBEAT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
                    if (output == null) {
                        throw new TaskError.ValidationFailed(taskId, "the backend returned no output context");
                    }
                    return new TaskReply(output.toJsonNode(), millisSince(started), identity, delivery);
                } catch (TimeoutException stillRunning) {
                    activity.heartbeat(null);
                }
            }
        } catch (ActivityCompletionException cancelledOrGone) {
            // The run was cancelled (or Temporal no longer knows this attempt): stop the task on the backend.
            future.cancel(true);
            throw cancelledOrGone;
        } catch (InterruptedException shuttingDown) {
            // The worker is stopping and could not wait for the task: hand it back, Temporal gives it to another.
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw ApplicationFailure.newFailure("Task '" + taskId + "' was handed back: worker " + identity
                    + " is shutting down", "WorkerShutdown");
        } catch (ExecutionException | RuntimeException failed) {
            TaskError error = TaskError.of(taskId, failed);
            throw ApplicationFailure.newNonRetryableFailure(error.getMessage(), error.getClass().getSimpleName(),
                    new FailureDetails(Codec.error(error), millisSince(started), identity, delivery));
        }
    }

    private static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }
}
