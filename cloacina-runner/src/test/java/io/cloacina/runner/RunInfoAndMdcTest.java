package io.cloacina.runner;

import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.spi.RetryPolicy;
import io.cloacina.spi.TaskLogging;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run's identity: what listeners hear in runStarted(RunInfo), and the MDC a backend sees at execute. */
class RunInfoAndMdcTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void the_listener_hears_the_run_and_the_backend_sees_run_workflow_and_attempt_in_the_mdc() throws Exception {
        List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        FakePackage.Body flaky = (input, threads) -> {
            seen.add(MDC.getCopyOfContextMap());
            return calls.incrementAndGet() == 1
                    ? CompletableFuture.failedFuture(new TaskError.ExecutionFailed("extract", "first try", "OSError", null))
                    : CompletableFuture.completedFuture(input);
        };
        FakePackage fake = FakePackage.builder().task("extract", List.of(), flaky).build();
        FakeRuntime runtime = new FakeRuntime(fake, 1, new ArrayList<>());
        AtomicReference<RunInfo> heard = new AtomicReference<>();
        RetryPolicy once = new RetryPolicy(2, new RetryPolicy.Backoff.Fixed(), Duration.ofMillis(1), Duration.ofMillis(1),
                false, List.of(new RetryPolicy.Condition.AllErrors()));
        WorkflowRunner runner = WorkflowRunner.builder().retryPolicy("extract", once).listener(new RunListener() {
            @Override
            public void runStarted(RunInfo run) {
                heard.set(run);
            }
        }).build();
        MDC.put("request", "r-42");
        WorkflowRun run;
        try {
            run = runner.start(runtime, runtime.load(fake.pythonPackage()), new Context());
            assertTrue(run.await(WAIT).succeeded());
            assertEquals("r-42", MDC.get("request"), "the caller's MDC is left as it was");
            assertNull(MDC.get(TaskLogging.MDC_RUN_ID), "the run's keys do not leak into the caller's MDC");
        } finally {
            MDC.remove("request");
        }
        RunInfo info = heard.get();
        assertNotNull(info);
        assertEquals(run.runId(), info.runId());
        assertEquals("fake", info.packageName());
        assertEquals("fake", info.backend());
        assertEquals(1, info.parallelism());
        assertEquals(2, seen.size(), seen::toString);
        for (int attempt = 1; attempt <= 2; attempt++) {
            Map<String, String> mdc = seen.get(attempt - 1);
            assertEquals(run.runId(), mdc.get(TaskLogging.MDC_RUN_ID));
            assertEquals(info.workflow(), mdc.get(TaskLogging.MDC_WORKFLOW));
            assertEquals(Integer.toString(attempt), mdc.get(TaskLogging.MDC_ATTEMPT));
            assertEquals("r-42", mdc.get("request"), "the caller's own keys go along");
        }
    }

    @Test
    void all_calls_every_listener_in_order_even_when_one_throws() {
        List<String> calls = new ArrayList<>();
        RunListener throwing = new RunListener() {
            @Override
            public void taskStarted(String taskId) {
                calls.add("first " + taskId);
                throw new IllegalStateException("broken listener");
            }
        };
        RunListener second = new RunListener() {
            @Override
            public void taskStarted(String taskId) {
                calls.add("second " + taskId);
            }
        };
        RunListener.all(throwing, second).taskStarted("t");
        assertEquals(List.of("first t", "second t"), calls);
    }
}
