package io.cloacina.temporal;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;

import java.util.Objects;

/**
 * A connection to a Temporal cluster (its frontend's {@code host:port}) and a namespace. For TLS, API keys or
 * other options build your own {@link WorkflowServiceStubs} and {@link WorkflowClient} and use them directly:
 * {@link CloacinaWorker} and {@link TemporalWorkflows} take a {@code WorkflowClient}.
 *
 * @since 0.3
 */
public final class TemporalConnection implements AutoCloseable {

    public static final String DEFAULT_NAMESPACE = "default";

    private final WorkflowServiceStubs service;
    private final WorkflowClient client;

    private TemporalConnection(WorkflowServiceStubs service, WorkflowClient client) {
        this.service = service;
        this.client = client;
    }

    /**
     * Connects, and checks that the frontend answers.
     *
     * @param target    {@code host:port} of the cluster's frontend
     * @param namespace {@code null}: {@value #DEFAULT_NAMESPACE}
     * @param identity  this process's name in the cluster's history; {@code null}: Temporal's {@code pid@host}
     * @throws IllegalStateException the cluster cannot be reached
     */
    public static TemporalConnection connect(String target, String namespace, String identity) {
        Objects.requireNonNull(target, "target");
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(target)
                .build());
        try {
            service.healthCheck();
        } catch (RuntimeException unreachable) {
            service.shutdownNow();
            throw new IllegalStateException("cannot reach Temporal at " + target + ": " + unreachable.getMessage(), unreachable);
        }
        WorkflowClientOptions.Builder options = WorkflowClientOptions.newBuilder()
                .setNamespace(namespace == null ? DEFAULT_NAMESPACE : namespace);
        if (identity != null) {
            options.setIdentity(identity);
        }
        return new TemporalConnection(service, WorkflowClient.newInstance(service, options.build()));
    }

    public WorkflowClient client() {
        return client;
    }

    @Override
    public void close() {
        service.shutdown();
        service.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        service.shutdownNow();
    }
}
