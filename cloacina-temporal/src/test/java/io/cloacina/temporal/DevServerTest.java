package io.cloacina.temporal;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the dev server must behave like a real cluster and Temporal's in-memory test server, as it comes, does
 * not: its clock runs in real time (the test server skips time by default), and a worker that vanishes while it
 * holds a run does not take the run with it (the test server never moves a workflow task off a dead worker's
 * sticky queue: without {@link NoStickyQueues} the run waits for ever and the test fails on its timeout).
 */
@Timeout(60)
class DevServerTest {

    private static final String QUEUE = "dev-server-test";

    /** Waits for one signal, then returns what it carried. */
    @WorkflowInterface
    public interface WaitForSignal {
        @WorkflowMethod
        String run();

        @SignalMethod
        void release(String value);
    }

    public static final class WaitForSignalImpl implements WaitForSignal {
        private String value;

        @Override
        public String run() {
            Workflow.await(() -> value != null);
            return value;
        }

        @Override
        public void release(String value) {
            this.value = value;
        }
    }

    /** Sleeps on a durable timer. */
    @WorkflowInterface
    public interface Nap {
        @WorkflowMethod
        void run(long millis);
    }

    public static final class NapImpl implements Nap {
        @Override
        public void run(long millis) {
            Workflow.sleep(Duration.ofMillis(millis));
        }
    }

    /** A retry delay or a heartbeat timeout must mean what it says: the test server's time skipping stays off. */
    @Test
    void timers_take_real_time() throws Exception {
        try (DevServer server = DevServer.start(0);
             TemporalConnection temporal = TemporalConnection.connect(server.target(), null, "napper")) {
            WorkerFactory workers = serve(temporal.client());
            try {
                Nap nap = temporal.client().newWorkflowStub(Nap.class,
                        WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("nap").build());
                long started = System.nanoTime();
                nap.run(1_500);
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertTrue(tookMillis >= 1_500, "a 1.5 s timer fired after " + tookMillis + " ms");
            } finally {
                workers.shutdownNow();
                workers.awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void a_run_held_by_a_vanished_worker_goes_on_on_another() throws Exception {
        try (DevServer server = DevServer.start(0);
             TemporalConnection first = TemporalConnection.connect(server.target(), null, "first");
             TemporalConnection second = TemporalConnection.connect(server.target(), null, "second")) {
            WorkerFactory firstWorkers = serve(first.client());
            WaitForSignal run = first.client().newWorkflowStub(WaitForSignal.class,
                    WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("held").build());
            WorkflowClient.start(run::run);
            awaitFirstWorkflowTask(first.client(), "held");
            // Gone without a word, as a killed process would be (shutdownNow tells the server nothing it acts on).
            firstWorkers.shutdownNow();
            firstWorkers.awaitTermination(10, TimeUnit.SECONDS);

            WorkerFactory secondWorkers = serve(second.client());
            try {
                second.client().newWorkflowStub(WaitForSignal.class, "held").release("done");
                CompletableFuture<String> result = WorkflowStub.fromTyped(
                        second.client().newWorkflowStub(WaitForSignal.class, "held")).getResultAsync(String.class);
                assertEquals("done", result.get(30, TimeUnit.SECONDS));
            } finally {
                secondWorkers.shutdownNow();
                secondWorkers.awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    private static WorkerFactory serve(WorkflowClient client) {
        WorkerFactory factory = WorkerFactory.newInstance(client);
        Worker worker = factory.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(WaitForSignalImpl.class, NapImpl.class);
        factory.start();
        return factory;
    }

    /** Until the first worker has completed the run's first workflow task (so that it holds the run). */
    private static void awaitFirstWorkflowTask(WorkflowClient client, String workflowId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (client.fetchHistory(workflowId).getEvents().stream().noneMatch(e -> e.getEventType()
                == io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the first worker did not take the run's first workflow task in 20 s");
            }
            Thread.sleep(20);
        }
    }
}
