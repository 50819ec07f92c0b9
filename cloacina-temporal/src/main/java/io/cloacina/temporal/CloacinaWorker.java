package io.cloacina.temporal;

import io.cloacina.spi.LoadedPackage;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Serves loaded packages on a Temporal cluster: for each, one Temporal worker on the package's task queue
 * ({@link TaskQueues}) running the package's workflows and its task activities. Start any number of these, on any
 * number of machines; each task attempt runs on one of them.
 *
 * <pre>{@code
 * try (TemporalConnection temporal = TemporalConnection.connect("temporal:7233", "default", null);
 *      LoadedPackage etl = runtime.load(pkg);
 *      CloacinaWorker worker = CloacinaWorker.start(temporal.client(), List.of(etl), 4)) {
 *     worker.awaitShutdownSignal();  // or your own lifecycle
 * }
 * }</pre>
 *
 * <p>The caller owns the packages and the backend: close them after the worker.
 *
 * @since 0.3
 */
public final class CloacinaWorker implements AutoCloseable {

    /**
     * Heartbeats reach the cluster at most this far apart: a cancelled run's tasks are stopped within about this
     * long (Temporal's default would be 80% of the heartbeat timeout).
     */
    static final Duration HEARTBEAT_THROTTLE = Duration.ofSeconds(1);

    private final WorkerFactory factory;
    private final List<String> taskQueues;
    private final String identity;

    private CloacinaWorker(WorkerFactory factory, List<String> taskQueues, String identity) {
        this.factory = factory;
        this.taskQueues = taskQueues;
        this.identity = identity;
    }

    /**
     * Starts serving the packages.
     *
     * @param maxConcurrent tasks this worker runs at once per package (usually the backend's parallelism)
     */
    public static CloacinaWorker start(WorkflowClient client, List<LoadedPackage> packages, int maxConcurrent) {
        Objects.requireNonNull(client, "client");
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1, got " + maxConcurrent);
        }
        String identity = client.getOptions().getIdentity();
        WorkerFactory factory = WorkerFactory.newInstance(client);
        List<String> queues = new ArrayList<>();
        for (LoadedPackage loaded : packages) {
            String queue = TaskQueues.of(loaded.pythonPackage());
            if (queues.contains(queue)) {
                throw new IllegalArgumentException("package " + loaded.pythonPackage() + " is given twice");
            }
            queues.add(queue);
            register(factory.newWorker(queue, options(maxConcurrent)), loaded, identity);
        }
        factory.start();
        return new CloacinaWorker(factory, List.copyOf(queues), identity);
    }

    /** A Temporal worker's options for a package's queue. */
    static WorkerOptions options(int maxConcurrent) {
        return WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(maxConcurrent)
                .setMaxHeartbeatThrottleInterval(HEARTBEAT_THROTTLE)
                .setDefaultHeartbeatThrottleInterval(HEARTBEAT_THROTTLE)
                .build();
    }

    /** Makes a Temporal worker on a package's queue run the package workflow and the package's tasks. */
    static void register(Worker worker, LoadedPackage loaded, String identity) {
        worker.registerWorkflowImplementationTypes(PackageRunWorkflowImpl.class);
        worker.registerActivitiesImplementations(new PackageActivities(loaded, identity));
    }

    /** The task queues served, one per package. */
    public List<String> taskQueues() {
        return taskQueues;
    }

    /** This worker's name in the cluster's history (and in {@link TemporalRunResult#placements()}). */
    public String identity() {
        return identity;
    }

    /**
     * Stops taking new work and waits up to {@code grace} for running tasks to finish; tasks still running then are
     * handed back (Temporal gives them to another worker).
     */
    public void shutdown(Duration grace) {
        factory.shutdown();
        factory.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        if (!factory.isTerminated()) {
            factory.shutdownNow();
            factory.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** {@link #shutdown(Duration)} with 10 seconds of grace. */
    @Override
    public void close() {
        shutdown(Duration.ofSeconds(10));
    }
}
