package io.cloacina.runner;

import io.cloacina.context.Context;
import io.cloacina.context.ContextJson;
import io.cloacina.error.TaskError;
import io.cloacina.spi.PackageFormat;
import io.cloacina.spi.RetryPolicy;
import io.cloacina.spi.TaskMetadata;
import io.cloacina.spi.TriggerRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runner acting on retry policies and trigger rules, with Java fakes for tasks (no Python). */
class RetriesAndRulesRunTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final RetryPolicy THREE_FAST = new RetryPolicy(3, new RetryPolicy.Backoff.Fixed(),
            Duration.ofMillis(20), Duration.ofSeconds(1), false, List.of(new RetryPolicy.Condition.AllErrors()));
    private FakePackage pkg;

    @AfterEach
    void closePackage() {
        if (pkg != null) {
            pkg.close();
        }
    }

    private WorkflowResult run(WorkflowRunner runner, FakePackage fake) throws Exception {
        pkg = fake;
        return runner.start(fake, new Context()).await(WAIT);
    }

    private static TaskMetadata retrying(RetryPolicy policy) {
        return new TaskMetadata(null, policy, TriggerRule.ALWAYS, false, false, false);
    }

    private static TaskMetadata rule(TriggerRule rule) {
        return new TaskMetadata(null, null, rule, false, false, false);
    }

    private static TaskMetadata transientRetries(int attempts) {
        return retrying(new RetryPolicy(attempts, new RetryPolicy.Backoff.Fixed(), Duration.ofMillis(20),
                Duration.ofSeconds(1), false, List.of(new RetryPolicy.Condition.TransientOnly())));
    }

    /** Fails with {@code error} the first {@code failures} times, then sets "ok"; counts calls, checks its input. */
    private static FakePackage.Body flaky(int failures, TaskError error, AtomicInteger calls, List<String> inputs) {
        return FakePackage.sync(input -> {
            inputs.add(input.toJson());
            input.set("touched", 1); // must not leak into the next attempt's input
            if (calls.incrementAndGet() <= failures) {
                throw error;
            }
            return input.set("ok", calls.get());
        });
    }

    private static TaskError connectionError() {
        return new TaskError.ExecutionFailed("load", "ConnectionError: warehouse reset the connection",
                "ConnectionError", null);
    }

    @Test
    void a_failed_attempt_is_retried_with_a_fresh_input_until_it_succeeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<String> inputs = new CopyOnWriteArrayList<>();
        List<String> retries = new CopyOnWriteArrayList<>();
        WorkflowRunner runner = WorkflowRunner.builder().listener(new RunListener() {
            @Override
            public void taskRetrying(String taskId, int failedAttempt, int maxAttempts, Duration delay, TaskError error) {
                retries.add(taskId + " " + failedAttempt + "/" + maxAttempts + " in " + delay.toMillis() + "ms: "
                        + error.pythonType().orElse("?"));
            }
        }).build();
        WorkflowResult result = run(runner, FakePackage.builder()
                .marker("extract")
                .task("load", List.of("extract"), retrying(THREE_FAST), flaky(2, connectionError(), calls, inputs))
                .build());
        assertTrue(result.succeeded(), result::toString);
        assertEquals(3, calls.get());
        assertEquals(List.of("load 1/3 in 20ms: ConnectionError", "load 2/3 in 20ms: ConnectionError"), retries);
        assertEquals(1, inputs.stream().distinct().count(), "every attempt got the same, fresh input: " + inputs);
        TaskOutcome load = result.outcome("load").orElseThrow();
        assertEquals(3, load.attempts().size());
        assertEquals("ConnectionError", load.attempts().get(0).error().orElseThrow().pythonType().orElseThrow());
        assertTrue(load.attempts().get(2).error().isEmpty());
        assertEquals(0, WorkflowRun.armedWatchdogs());
    }

    @Test
    void retries_stop_at_max_attempts_and_the_task_fails_with_every_attempt_reported() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        WorkflowResult result = run(WorkflowRunner.builder().build(), FakePackage.builder()
                .task("load", List.of(), retrying(THREE_FAST), flaky(99, connectionError(), calls,
                        new CopyOnWriteArrayList<>()))
                .build());
        assertEquals(WorkflowResult.Status.FAILED, result.status());
        assertEquals(3, calls.get());
        TaskOutcome.Failed failed = result.failures().get(0);
        assertEquals(3, failed.attempts().size());
        assertTrue(failed.attempts().stream().allMatch(a -> a.error().isPresent()));
    }

    @Test
    void transient_retries_timeout_errors_and_never_does_not() throws Exception {
        TaskError timeout = new TaskError.ExecutionFailed("t", "TimeoutError: read timed out", "TimeoutError", null);
        AtomicInteger calls = new AtomicInteger();
        WorkflowResult ok = run(WorkflowRunner.builder().build(), FakePackage.builder()
                .task("t", List.of(), transientRetries(3), flaky(2, timeout, calls, new CopyOnWriteArrayList<>()))
                .build());
        assertTrue(ok.succeeded(), ok::toString);
        assertEquals(3, calls.get());
        pkg.close();

        AtomicInteger once = new AtomicInteger();
        TaskMetadata never = retrying(new RetryPolicy(3, new RetryPolicy.Backoff.Fixed(), Duration.ofMillis(20),
                Duration.ofSeconds(1), false, List.of(new RetryPolicy.Condition.Never())));
        WorkflowResult failed = run(WorkflowRunner.builder().build(), FakePackage.builder()
                .task("t", List.of(), never, flaky(2, timeout, once, new CopyOnWriteArrayList<>()))
                .build());
        assertEquals(WorkflowResult.Status.FAILED, failed.status());
        assertEquals(1, once.get());
    }

    @Test
    void a_timeout_is_a_failed_attempt_and_is_retried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        FakePackage.Body hangsOnce = (input, threads) -> calls.incrementAndGet() == 1 ? new CompletableFuture<>()
                : CompletableFuture.completedFuture(input.set("ok", 1));
        WorkflowResult result = run(WorkflowRunner.builder().taskTimeout("t", Duration.ofMillis(50)).build(),
                FakePackage.builder().task("t", List.of(), transientRetries(2), hangsOnce).build());
        assertTrue(result.succeeded(), result::toString);
        assertInstanceOf(TaskError.Timeout.class, result.outcome("t").orElseThrow().attempts().get(0).failure());
    }

    @Test
    void our_packages_do_not_retry_and_cloacinas_get_its_default_policy() {
        WorkflowRunner.Settings settings = WorkflowRunner.builder().build().settings();
        var task = new io.cloacina.spi.TaskDescriptor("t", "t", List.of(), false);
        assertEquals(RetryPolicy.NO_RETRY, settings.retryPolicyFor(task, PackageFormat.MANIFEST));
        assertEquals(RetryPolicy.CLOACINA_DEFAULT, settings.retryPolicyFor(task, PackageFormat.CLOACINA));
        RetryPolicy override = THREE_FAST;
        WorkflowRunner.Settings overridden = WorkflowRunner.builder().defaultRetryPolicy(RetryPolicy.NO_RETRY)
                .retryPolicy("u", override).build().settings();
        assertEquals(RetryPolicy.NO_RETRY, overridden.retryPolicyFor(task, PackageFormat.CLOACINA));
        assertEquals(override, overridden.retryPolicyFor(new io.cloacina.spi.TaskDescriptor("u", "u", List.of(), false,
                retrying(RetryPolicy.NO_RETRY)), PackageFormat.MANIFEST), "a per-task override beats the declaration");
        assertTrue(settings.failFastFor(PackageFormat.MANIFEST));
        assertFalse(settings.failFastFor(PackageFormat.CLOACINA));
    }

    @Test
    void cancelling_the_run_cancels_a_pending_retry_at_once() throws Exception {
        CountDownLatch firstFailure = new CountDownLatch(1);
        RetryPolicy slow = new RetryPolicy(3, new RetryPolicy.Backoff.Fixed(), Duration.ofMinutes(10),
                Duration.ofMinutes(10), false, List.of(new RetryPolicy.Condition.AllErrors()));
        pkg = FakePackage.builder()
                .task("t", List.of(), retrying(slow), FakePackage.failing(connectionError()))
                .marker("after", "t")
                .build();
        WorkflowRun run = WorkflowRunner.builder().listener(new RunListener() {
            @Override
            public void taskRetrying(String taskId, int failedAttempt, int maxAttempts, Duration delay, TaskError error) {
                firstFailure.countDown();
            }
        }).build().start(pkg, new Context());
        assertTrue(firstFailure.await(10, TimeUnit.SECONDS));
        long before = System.nanoTime();
        run.cancel();
        WorkflowResult result = run.await(WAIT);
        assertTrue(Duration.ofNanos(System.nanoTime() - before).compareTo(Duration.ofSeconds(5)) < 0);
        assertEquals(WorkflowResult.Status.CANCELLED, result.status());
        TaskOutcome t = result.outcome("t").orElseThrow();
        assertInstanceOf(TaskOutcome.Cancelled.class, t);
        assertTrue(t.error().orElseThrow().getMessage().contains("waiting to be retried"), t::toString);
        assertEquals(0, WorkflowRun.armedWatchdogs(), "the retry's timer is gone");
    }

    @Test
    void a_failure_skips_plain_dependants_but_runs_one_whose_rule_asks_for_it() throws Exception {
        WorkflowResult result = run(WorkflowRunner.builder().build(), FakePackage.builder()
                .format(PackageFormat.CLOACINA)
                .marker("extract")
                .task("load", List.of("extract"), retrying(RetryPolicy.NO_RETRY), FakePackage.failing(connectionError()))
                .marker("report", "load")
                .task("cleanup", List.of("load"), rule(new TriggerRule.All(List.of(new TriggerRule.TaskFailed("load")))),
                        FakePackage.sync(c -> c.set("cleaned", 1)))
                .build());
        assertEquals(WorkflowResult.Status.FAILED, result.status());
        assertEquals(TaskStatus.SKIPPED, result.outcome("report").orElseThrow().status());
        assertEquals("dependency 'load' failed", ((TaskOutcome.Skipped) result.outcome("report").orElseThrow()).reason());
        assertEquals(TaskStatus.SUCCEEDED, result.outcome("cleanup").orElseThrow().status());
        // A failed dependency contributes nothing to the input.
        assertEquals("{}", pkg.inputs.get("cleanup").toJson());
    }

    @Test
    void context_value_rules_route_a_diamond_down_one_branch_and_any_of_joins() throws Exception {
        TaskMetadata toB = rule(new TriggerRule.All(List.of(new TriggerRule.ContextValue("route",
                TriggerRule.Operator.Equals, ContextJson.MAPPER.getNodeFactory().textNode("b")))));
        TaskMetadata toC = rule(new TriggerRule.All(List.of(new TriggerRule.ContextValue("route",
                TriggerRule.Operator.Equals, ContextJson.MAPPER.getNodeFactory().textNode("c")))));
        TaskMetadata join = rule(new TriggerRule.Any(List.of(new TriggerRule.TaskSuccess("b"),
                new TriggerRule.TaskSuccess("c"))));
        WorkflowResult result = run(WorkflowRunner.builder().build(), FakePackage.builder()
                .task("a", List.of(), FakePackage.sync(c -> c.set("route", "b")))
                .task("b", List.of("a"), toB, FakePackage.sync(c -> c.set("branch", "b")))
                .task("c", List.of("a"), toC, FakePackage.sync(c -> c.set("branch", "c")))
                .task("d", List.of("b", "c"), join, FakePackage.sync(c -> c.set("joined", c.get("branch").orElseThrow())))
                .build());
        assertTrue(result.succeeded(), "skips do not fail a run: " + result);
        TaskOutcome.Skipped c = (TaskOutcome.Skipped) result.outcome("c").orElseThrow();
        assertEquals("trigger rule not satisfied: all of ('route' equals \"c\")", c.reason());
        assertEquals("\"b\"", result.outcome("d").orElseThrow().output().orElseThrow().get("joined").orElseThrow().toString());
        assertEquals("\"b\"", result.finalContext().orElseThrow().get("joined").orElseThrow().toString());
    }

    @Test
    void a_rule_that_is_not_satisfied_skips_its_dependants_too() throws Exception {
        TaskMetadata never = rule(new TriggerRule.Any(List.of()));
        WorkflowResult result = run(WorkflowRunner.builder().build(), FakePackage.builder()
                .marker("a")
                .task("b", List.of("a"), never, FakePackage.sync(c -> c.set("b", 1)))
                .marker("c", "b")
                .build());
        assertTrue(result.succeeded(), result::toString);
        assertEquals("dependency 'b' was skipped", ((TaskOutcome.Skipped) result.outcome("c").orElseThrow()).reason());
        // The final context is what ran last: a's output.
        assertEquals("{\"a\":\"done\"}", result.finalContext().orElseThrow().toJson());
    }
}
