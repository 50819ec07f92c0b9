package io.cloacina.temporal;

import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.runner.RunListener;
import io.cloacina.runner.TaskOutcome;
import io.cloacina.runner.TaskStatus;
import io.cloacina.runner.WorkflowResult;
import io.cloacina.runner.WorkflowRunner;
import io.cloacina.spi.RetryPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package workflow under Temporal's test environment (an in-memory Temporal with time skipping: retry waits
 * of tens of seconds pass at once), with the real subprocess backend running the tasks.
 */
@Timeout(120)
class PackageRunWorkflowTest {

    private static GraphPackage pkg;

    private TestWorkflowEnvironment env;
    private WorkflowClient client;

    @TempDir
    Path state;

    @BeforeAll
    static void load() {
        pkg = new GraphPackage();
    }

    @AfterAll
    static void unload() {
        pkg.close();
    }

    @BeforeEach
    void startTemporal() {
        env = TestWorkflowEnvironment.newInstance();
        Worker worker = env.newWorker(pkg.taskQueue(), CloacinaWorker.options(4));
        CloacinaWorker.register(worker, pkg.loaded, "test-worker");
        env.start();
        client = env.getWorkflowClient();
    }

    @AfterEach
    void stopTemporal() {
        env.close();
    }

    private Context initial(String json) throws Exception {
        Context context = Context.fromJson(json);
        context.set("state_dir", state.toString());
        return context;
    }

    private TemporalRunResult run(Context initial, RunOptions options, RunListener listener) throws Exception {
        return TemporalWorkflows.start(client, pkg.loaded.pythonPackage(), initial, options).await(listener);
    }

    @Test
    void a_run_on_temporal_gives_what_a_local_run_gives() throws Exception {
        TemporalRunResult temporal = run(initial("{\"flaky_failures\": 0}"), RunOptions.defaults(), RunListener.NONE);
        Path localState = Files.createDirectory(state.resolve("local"));
        Context localInitial = Context.fromJson("{\"flaky_failures\": 0}");
        localInitial.set("state_dir", localState.toString());
        WorkflowResult local = WorkflowRunner.withDefaults().start(pkg.runtime, pkg.loaded, localInitial).join();

        WorkflowResult remote = temporal.result();
        assertEquals(WorkflowResult.Status.SUCCEEDED, remote.status());
        assertEquals(local.outcomes().stream().map(o -> o.taskId() + "=" + o.status()).toList(),
                remote.outcomes().stream().map(o -> o.taskId() + "=" + o.status()).toList());
        Context expected = local.finalContext().orElseThrow().mutableCopy();
        expected.set("state_dir", state.toString());
        assertEquals(expected.toJsonNode(), remote.finalContext().orElseThrow().toJsonNode());
        assertEquals(local.skipped().stream().map(TaskOutcome.Skipped::reason).toList(),
                remote.skipped().stream().map(TaskOutcome.Skipped::reason).toList());
        assertEquals(List.of(new TemporalRunResult.Placement(1, "test-worker", 1)), temporal.placements().get("flaky"));
    }

    @Test
    void retries_wait_with_backoff_on_temporal_timers_and_rules_decide_what_runs() throws Exception {
        List<String> progress = Collections.synchronizedList(new ArrayList<>());
        List<Integer> flakyStarts = Collections.synchronizedList(new ArrayList<>());
        long virtualStart = env.currentTimeMillis();
        long wallStart = System.nanoTime();
        TemporalRunResult done = run(initial("{\"break\": true}"), RunOptions.defaults(), new RunListener() {
            @Override
            public void taskStarted(String taskId, int attempt) {
                if (taskId.equals("flaky")) {
                    flakyStarts.add(attempt);
                }
            }

            @Override
            public void taskRetrying(String taskId, int failedAttempt, int maxAttempts, Duration delay, TaskError error) {
                progress.add("retry " + taskId + " " + failedAttempt + "/" + maxAttempts + " " + error.pythonType().orElse("?"));
            }

            @Override
            public void taskSkipped(TaskOutcome.Skipped outcome) {
                progress.add("skipped " + outcome.taskId());
            }
        });
        long virtual = env.currentTimeMillis() - virtualStart;
        Duration wall = Duration.ofNanos(System.nanoTime() - wallStart);
        WorkflowResult result = done.result();

        assertEquals(WorkflowResult.Status.FAILED, result.status());
        TaskOutcome flaky = result.outcome("flaky").orElseThrow();
        assertEquals(TaskStatus.SUCCEEDED, flaky.status());
        assertEquals(3, flaky.attempts().size(), "two ConnectionErrors, then success");
        assertEquals("ConnectionError", flaky.attempts().get(0).failure().pythonType().orElseThrow());
        assertTrue(flaky.attempts().get(1).failure().getMessage().contains("attempt 2"));

        TaskOutcome.Failed broken = assertInstanceOf(TaskOutcome.Failed.class, result.outcome("broken").orElseThrow());
        assertEquals(2, broken.attempts().size());
        assertEquals("ValueError", broken.failure().pythonType().orElseThrow());
        assertTrue(broken.failure().traceback().orElseThrow().contains("broken on purpose"));

        TaskOutcome.Skipped after = assertInstanceOf(TaskOutcome.Skipped.class, result.outcome("after_broken").orElseThrow());
        assertEquals("dependency 'broken' failed", after.reason());
        assertEquals(TaskStatus.SUCCEEDED, result.outcome("cleanup").orElseThrow().status(), "its rule: broken failed");
        assertEquals(TaskStatus.SUCCEEDED, result.outcome("slow").orElseThrow().status(), "fail-fast is off for package.toml");

        assertEquals(List.of("retry flaky 1/3 ConnectionError", "retry flaky 2/3 ConnectionError",
                "retry broken 1/2 ValueError", "skipped after_broken"), progress);
        assertEquals(List.of(1, 2, 3), flakyStarts, "the client numbers each start of a task as its next attempt");
        // 20 s and 40 s (exponential, jitter +-25 %), then 30 s: minutes of Temporal time, seconds of real time.
        assertTrue(virtual >= 60_000, "Temporal time passed: " + virtual + " ms");
        assertTrue(wall.toSeconds() < 40, "real time: " + wall);
    }

    @Test
    void a_rule_that_says_no_skips_the_task_with_the_reason() throws Exception {
        WorkflowResult result = run(initial("{\"flaky_failures\": 0}"), RunOptions.defaults(), RunListener.NONE).result();
        TaskOutcome.Skipped cleanup = assertInstanceOf(TaskOutcome.Skipped.class, result.outcome("cleanup").orElseThrow());
        assertEquals("trigger rule not satisfied: any of (task 'broken' failed)", cleanup.reason());
        assertEquals(WorkflowResult.Status.SUCCEEDED, result.status());
    }

    @Test
    void a_task_past_its_timeout_fails_with_timeout() throws Exception {
        RunOptions options = RunOptions.defaults().taskTimeout("slow", Duration.ofSeconds(1))
                .retryPolicy("slow", RetryPolicy.NO_RETRY);
        WorkflowResult result = run(initial("{\"flaky_failures\": 0, \"slow_seconds\": 30}"), options, RunListener.NONE)
                .result();
        TaskOutcome.Failed slow = assertInstanceOf(TaskOutcome.Failed.class, result.outcome("slow").orElseThrow());
        assertInstanceOf(TaskError.Timeout.class, slow.failure());
        assertEquals("Task 'slow' did not finish within PT1S", slow.failure().getMessage());
        assertEquals(WorkflowResult.Status.FAILED, result.status());
    }

    @Test
    void cancelling_the_temporal_workflow_cancels_the_running_task() throws Exception {
        TemporalRun run = TemporalWorkflows.start(client, pkg.loaded.pythonPackage(),
                initial("{\"flaky_failures\": 0, \"slow_seconds\": 60}"), RunOptions.defaults());
        List<String> started = Collections.synchronizedList(new ArrayList<>());
        Thread canceller = Thread.ofPlatform().start(() -> {
            try {
                while (!started.contains("slow")) {
                    Thread.sleep(50);
                }
                run.cancel();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        long wallStart = System.nanoTime();
        TemporalRunResult done = run.await(new RunListener() {
            @Override
            public void taskStarted(String taskId) {
                started.add(taskId);
            }
        });
        canceller.join();
        WorkflowResult result = done.result();
        assertEquals(WorkflowResult.Status.CANCELLED, result.status());
        TaskOutcome.Cancelled slow = assertInstanceOf(TaskOutcome.Cancelled.class, result.outcome("slow").orElseThrow());
        assertEquals("Task 'slow' was cancelled while running: the run was cancelled", slow.cancellation().getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - wallStart).toSeconds() < 30);
    }

    @Test
    void an_unknown_workflow_is_a_validation_error() throws Exception {
        TemporalRun run = TemporalWorkflows.start(client, pkg.loaded.pythonPackage(), initial("{}"),
                RunOptions.defaults().workflow("nope"));
        TaskError.ValidationFailed invalid = assertThrows(TaskError.ValidationFailed.class, run::await);
        assertTrue(invalid.getMessage().contains("nope"), invalid.getMessage());
    }

    @Test
    void the_workflow_replays_its_recorded_history_deterministically() throws Exception {
        TemporalRunResult done = run(initial("{\"break\": true}"), RunOptions.defaults(), RunListener.NONE);
        WorkflowExecutionHistory history = client.fetchHistory(done.workflowId());
        WorkflowReplayer.replayWorkflowExecution(history, PackageRunWorkflowImpl.class);
        if (Boolean.getBoolean("cloacina.recordHistory")) {
            Files.createDirectories(Path.of("src/test/resources/histories"));
            Files.writeString(Path.of("src/test/resources/histories/graph-break.json"), history.toJson(true));
            return;
        }
        // And a history recorded by an earlier build (-Dcloacina.recordHistory=true): today's code must replay it,
        // or workflows running on a cluster while workers are upgraded would break.
        WorkflowReplayer.replayWorkflowExecutionFromResource("histories/graph-break.json", PackageRunWorkflowImpl.class);
    }
}
