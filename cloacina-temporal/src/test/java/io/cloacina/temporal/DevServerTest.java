package io.cloacina.temporal;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the dev server must behave like a real cluster and Temporal's in-memory test server, as it comes, does
 * not: its clock runs in real time (the test server skips time by default).
 */
@Timeout(60)
class DevServerTest {

    private static final String QUEUE = "dev-server-test";

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

    private static WorkerFactory serve(WorkflowClient client) {
        WorkerFactory factory = WorkerFactory.newInstance(client);
        Worker worker = factory.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(NapImpl.class);
        factory.start();
        return factory;
    }
}
