package io.cloacina.temporal;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;

/**
 * Makes the dev server ignore workers' requests for sticky workflow task queues.
 *
 * <p>A worker that completes a workflow task asks for the run's next workflow tasks on its own sticky queue, so
 * that it can keep the run's state in memory. A real cluster sends a task back to the shared queue when the
 * sticky worker has not picked it up within the schedule-to-start timeout (5 s by default). The in-memory test
 * server never does: once the worker holding a run dies, every later workflow task (and query) of that run waits
 * on a queue nobody polls, and the run hangs forever. Dropping the request keeps every workflow task on the
 * shared queue, where any live worker takes it; workers then replay the run's history more often, which costs
 * nothing that matters on a laptop.
 */
final class NoStickyQueues implements ServerInterceptor {

    private static final String COMPLETED = WorkflowServiceGrpc.getRespondWorkflowTaskCompletedMethod()
            .getFullMethodName();

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        ServerCall.Listener<Q> listener = next.startCall(call, headers);
        if (!COMPLETED.equals(call.getMethodDescriptor().getFullMethodName())) {
            return listener;
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            @SuppressWarnings("unchecked")
            public void onMessage(Q message) {
                if (message instanceof RespondWorkflowTaskCompletedRequest request && request.hasStickyAttributes()) {
                    message = (Q) request.toBuilder().clearStickyAttributes().build();
                }
                super.onMessage(message);
            }
        };
    }
}
