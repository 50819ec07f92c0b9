package io.cloacina.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.cloacina.context.Context;
import io.cloacina.context.ContextJson;
import io.cloacina.error.TaskError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkflowRunnerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private FakePackage pkg;

    @AfterEach
    void closePackage() {
        if (pkg != null) {
            pkg.close();
        }
    }

    private WorkflowResult run(WorkflowRunner runner, FakePackage fake, Context initial) throws Exception {
        pkg = fake;
        return runner.start(fake, initial).await(WAIT);
    }

    private static JsonNode json(String text) throws Exception {
        return ContextJson.MAPPER.readTree(text);
    }

    /** JSON equality where 7 (int) and 7 (long) are the same number, as they are in JSON. */
    private static void assertJson(String expected, Context actual) throws Exception {
        JsonNode want = json(expected);
        JsonNode got = actual.toJsonNode();
        assertTrue(want.equals((a, b) -> a.isNumber() && b.isNumber()
                        ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1, got),
                () -> "expected " + want + " but was " + got);
    }

    /** A task body that appends its id to the "log" array of its input. */
    private static FakePackage.Body appendsToLog(String id) {
        return FakePackage.sync(c -> {
            ArrayNode log = c.get("log").map(n -> (ArrayNode) n).orElseGet(ContextJson.MAPPER::createArrayNode);
            log.add(id);
            return c.set("log", log);
        });
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Nested
    @DisplayName("order and context flow")
    class Flow {

        @Test
        void a_chain_runs_in_order_and_passes_each_output_on() throws Exception {
            FakePackage fake = FakePackage.builder()
                    .task("c", List.of("b"), appendsToLog("c"))
                    .task("a", List.of(), appendsToLog("a"))
                    .task("b", List.of("a"), appendsToLog("b"))
                    .build();
            WorkflowResult result = run(WorkflowRunner.withDefaults(), fake, Context.fromJson("{\"log\":[\"start\"]}"));
            assertTrue(result.succeeded(), result.toString());
            assertEquals(List.of("a", "b", "c"), fake.started);
            assertJson("{\"log\":[\"start\",\"a\",\"b\",\"c\"]}", result.finalContext().orElseThrow());
            assertEquals(List.of("a", "b", "c"), result.outcomes().stream().map(TaskOutcome::taskId).toList());
        }

        @Test
        void tasks_without_dependencies_get_the_initial_context_and_a_join_gets_the_merge() throws Exception {
            FakePackage fake = FakePackage.builder()
                    .task("extract", List.of(), FakePackage.sync(c -> c.set("rows", array("[1,2]"))
                            .set("cfg", node("{\"x\":1}"))))
                    .task("audit", List.of(), FakePackage.sync(c -> c.set("audited", "yes")))
                    .task("t1", List.of("extract"), FakePackage.sync(c -> c.set("rows", array("[1,2,3]"))
                            .set("cfg", node("{\"y\":1}")).set("winner", "t1")))
                    .task("t2", List.of("extract"), FakePackage.sync(c -> c.set("rows", array("[2,4]"))
                            .set("cfg", node("{\"z\":1}")).set("winner", "t2")))
                    .task("load", List.of("t2", "t1"), FakePackage.sync(c -> c.set("loaded", true ? 1 : 0)))
                    .build();
            WorkflowResult result = run(WorkflowRunner.withDefaults(), fake, Context.fromJson("{\"day\":\"mon\"}"));
            assertTrue(result.succeeded(), result.toString());
            assertJson("{\"day\":\"mon\"}", fake.inputs.get("extract"));
            assertJson("{\"day\":\"mon\"}", fake.inputs.get("audit"));
            // t1 precedes t2 in topological order (declared first), so t2's scalars win; arrays and objects merge.
            assertJson("{\"day\":\"mon\",\"rows\":[1,2,3,4],\"cfg\":{\"y\":1,\"z\":1},\"winner\":\"t2\"}", fake.inputs.get("load"));
            // Final context: merge of the sinks (load, audit) in topological order.
            assertJson("{\"day\":\"mon\",\"audited\":\"yes\",\"rows\":[1,2,3,4],\"cfg\":{\"y\":1,\"z\":1},"
                    + "\"winner\":\"t2\",\"loaded\":1}", result.finalContext().orElseThrow());
            assertEquals(List.of("extract", "audit", "t1", "t2", "load").stream().sorted().toList(),
                    result.outcomes().stream().map(TaskOutcome::taskId).sorted().toList());
        }

        @Test
        void final_context_takes_the_later_sink_in_topological_order_for_scalars() throws Exception {
            FakePackage fake = FakePackage.builder()
                    .task("root", List.of(), FakePackage.sync(c -> c.set("status", "root")))
                    .task("report", List.of("root"), FakePackage.sync(c -> c.set("status", "report")
                            .set("tags", array("[\"r\"]"))))
                    .task("archive", List.of("root"), FakePackage.sync(c -> c.set("status", "archive")
                            .set("tags", array("[\"a\",\"r\"]"))))
                    .build();
            WorkflowResult result = run(WorkflowRunner.withDefaults(), fake, new Context());
            assertJson("{\"status\":\"archive\",\"tags\":[\"r\",\"a\"]}", result.finalContext().orElseThrow());
        }

        @Test
        void fan_out_fan_in_gives_every_branch_the_same_input() throws Exception {
            FakePackage.Builder builder = FakePackage.builder()
                    .task("split", List.of(), FakePackage.sync(c -> c.set("n", 7)));
            for (int i = 0; i < 6; i++) {
                String id = "part" + i;
                builder.task(id, List.of("split"), FakePackage.sync(c -> c.set(id, c.get("n").orElseThrow().asLong())));
            }
            builder.task("join", List.of("part0", "part1", "part2", "part3", "part4", "part5"),
                    FakePackage.sync(c -> c.set("joined", c.size())));
            WorkflowResult result = run(WorkflowRunner.builder().parallelism(3).build(), builder.build(), new Context());
            assertTrue(result.succeeded());
            for (int i = 0; i < 6; i++) {
                assertJson("{\"n\":7}", pkg.inputs.get("part" + i));
            }
            assertJson("{\"n\":7,\"part0\":7,\"part1\":7,\"part2\":7,\"part3\":7,\"part4\":7,\"part5\":7,\"joined\":7}", result.finalContext().orElseThrow());
        }

        @Test
        void listener_hears_every_task_in_order() throws Exception {
            List<String> events = new CopyOnWriteArrayList<>();
            RunListener listener = new RunListener() {
                @Override
                public void taskStarted(String taskId) {
                    events.add("start " + taskId);
                }

                @Override
                public void taskSucceeded(TaskOutcome.Succeeded outcome) {
                    events.add("ok " + outcome.taskId());
                }

                @Override
                public void runFinished(WorkflowResult result) {
                    events.add("finished " + result.status());
                }
            };
            FakePackage fake = FakePackage.builder().marker("a").marker("b", "a").build();
            run(WorkflowRunner.builder().listener(listener).build(), fake, new Context());
            assertEquals(List.of("start a", "ok a", "start b", "ok b", "finished SUCCEEDED"), events);
        }

        @Test
        void tasks_are_started_with_inline_completion() throws Exception {
            FakePackage fake = FakePackage.builder().task("a", List.of(), appendsToLog("a")).build();
            assertTrue(run(WorkflowRunner.withDefaults(), fake, new Context()).succeeded());
            assertTrue(fake.options.get("a").inlineCompletion(),
                    "the runner's callbacks never block, so it lets backends complete on their own thread");
        }

        @Test
        void callbacks_on_a_runs_result_never_run_on_a_backend_thread() throws Exception {
            // Tasks complete inline on the backend's thread; a caller's callback on the result may block (say, on
            // another run of the same package), so it must run elsewhere.
            CountDownLatch attached = new CountDownLatch(1);
            pkg = FakePackage.builder()
                    .task("a", List.of(), FakePackage.sync(c -> {
                        await(attached);
                        return c;
                    }))
                    .build();
            WorkflowRun run = WorkflowRunner.withDefaults().start(pkg, new Context());
            CompletableFuture<String> callbackThread = run.result().thenApply(r -> Thread.currentThread().getName());
            attached.countDown();
            String thread = callbackThread.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertFalse(thread.startsWith("fake-backend-worker"), "the result's callback ran on " + thread);
        }

        @Test
        void a_finished_run_leaves_no_timeout_armed() throws Exception {
            FakePackage fake = FakePackage.builder().marker("a").marker("b", "a").marker("c", "a").build();
            assertTrue(run(WorkflowRunner.withDefaults(), fake, new Context()).succeeded());
            assertEquals(0, WorkflowRun.armedWatchdogs(), "a finished run must not stay referenced by its timeouts");
        }

        @Test
        void a_listener_that_throws_does_not_break_the_run() throws Exception {
            RunListener broken = new RunListener() {
                @Override
                public void taskStarted(String taskId) {
                    throw new IllegalStateException("listener bug");
                }
            };
            FakePackage fake = FakePackage.builder().marker("a").marker("b", "a").build();
            assertTrue(run(WorkflowRunner.builder().listener(broken).build(), fake, new Context()).succeeded());
        }
    }

    @Nested
    @DisplayName("with a backend")
    class WithBackend {

        private io.cloacina.spi.PythonRuntime backend(FakePackage fake, int parallelism, List<String> events) {
            return new FakeRuntime(fake, parallelism, events);
        }

        @Test
        void run_loads_runs_and_unloads_the_package() throws Exception {
            List<String> events = new CopyOnWriteArrayList<>();
            FakePackage fake = pkg = FakePackage.builder().marker("a").marker("b", "a").build();
            WorkflowResult result = WorkflowRunner.withDefaults().run(backend(fake, 2, events), fake.pythonPackage(), new Context());
            assertTrue(result.succeeded());
            assertEquals(List.of("load fake", "unload"), events);
        }

        @Test
        void the_backends_parallelism_is_the_default() throws Exception {
            AtomicInteger seen = new AtomicInteger();
            RunListener listener = new RunListener() {
                @Override
                public void runStarted(TaskGraph graph, int parallelism) {
                    seen.set(parallelism);
                }
            };
            FakePackage fake = pkg = FakePackage.builder().marker("a").build();
            io.cloacina.spi.PythonRuntime runtime = backend(fake, 3, new CopyOnWriteArrayList<>());
            WorkflowRunner.builder().listener(listener).build().start(runtime, runtime.load(fake.pythonPackage()), new Context())
                    .await(WAIT);
            assertEquals(3, seen.get());
            WorkflowRunner.builder().parallelism(1).listener(listener).build()
                    .start(runtime, runtime.load(fake.pythonPackage()), new Context()).await(WAIT);
            assertEquals(1, seen.get());
        }
    }

    @Nested
    @DisplayName("validation before running")
    class Validation {

        @Test
        void unknown_dependency_fails_before_any_task_starts() {
            FakePackage fake = pkg = FakePackage.builder().marker("extract").marker("load", "extract", "transfrom").build();
            TaskError.ValidationFailed error = assertThrows(TaskError.ValidationFailed.class,
                    () -> WorkflowRunner.withDefaults().start(fake, new Context()));
            assertEquals("Task 'load' depends on unknown task 'transfrom' (known tasks: extract, load)", error.getMessage());
            assertTrue(fake.started.isEmpty());
        }

        @Test
        void cycle_fails_before_any_task_starts_naming_its_tasks() {
            FakePackage fake = pkg = FakePackage.builder().marker("ok").marker("a", "b").marker("b", "a").build();
            TaskError.ValidationFailed error = assertThrows(TaskError.ValidationFailed.class,
                    () -> WorkflowRunner.withDefaults().start(fake, new Context()));
            assertEquals("Dependency cycle: a -> b -> a", error.getMessage());
            assertTrue(fake.started.isEmpty());
        }

        @Test
        void duplicate_id_fails() {
            FakePackage fake = pkg = FakePackage.builder().marker("a").marker("a").build();
            assertThrows(TaskError.ValidationFailed.class, () -> WorkflowRunner.withDefaults().start(fake, new Context()));
        }

        @Test
        void a_timeout_for_an_unknown_task_is_refused() {
            FakePackage fake = pkg = FakePackage.builder().marker("a").build();
            WorkflowRunner runner = WorkflowRunner.builder().taskTimeout("b", Duration.ofSeconds(1)).build();
            TaskError.ValidationFailed error = assertThrows(TaskError.ValidationFailed.class,
                    () -> runner.start(fake, new Context()));
            assertTrue(error.getMessage().contains("'b'"), error.getMessage());
        }
    }

    @Nested
    @DisplayName("failures")
    class Failures {

        private static final TaskError BOOM = new TaskError.ExecutionFailed("bad", "ValueError: boom", "ValueError",
                "Traceback (most recent call last):\n  File \"wf.py\", line 3, in bad\nValueError: boom\n");

        /** bad fails while slow is running; after_bad depends on bad, after_slow on slow. */
        private FakePackage failingGraph(CountDownLatch badFailed) {
            return FakePackage.builder()
                    .task("bad", List.of(), FakePackage.failing(BOOM))
                    .task("slow", List.of(), FakePackage.sync(c -> {
                        await(badFailed);
                        return c.set("slow", "done");
                    }))
                    .marker("after_bad", "bad")
                    .marker("after_after_bad", "after_bad")
                    .marker("after_slow", "slow")
                    .build();
        }

        private RunListener releaseOnFailure(CountDownLatch latch) {
            return new RunListener() {
                @Override
                public void taskFailed(TaskOutcome.Failed outcome) {
                    latch.countDown();
                }
            };
        }

        @Test
        void fail_fast_lets_running_tasks_finish_starts_nothing_new_and_reports_why() throws Exception {
            CountDownLatch badFailed = new CountDownLatch(1);
            WorkflowRunner runner = WorkflowRunner.builder().parallelism(2).listener(releaseOnFailure(badFailed)).build();
            WorkflowResult result = run(runner, failingGraph(badFailed), new Context());

            assertEquals(WorkflowResult.Status.FAILED, result.status());
            assertTrue(result.finalContext().isEmpty());
            TaskOutcome.Failed failed = result.failures().get(0);
            assertEquals("bad", failed.taskId());
            assertEquals(BOOM, failed.failure());
            assertEquals(TaskStatus.SUCCEEDED, result.outcome("slow").orElseThrow().status(), "running task finishes");
            TaskOutcome.Skipped afterBad = (TaskOutcome.Skipped) result.outcome("after_bad").orElseThrow();
            assertEquals("bad", afterBad.failedTask());
            assertEquals("dependency 'bad' failed", afterBad.reason());
            TaskOutcome.Skipped transitive = (TaskOutcome.Skipped) result.outcome("after_after_bad").orElseThrow();
            assertEquals("dependency 'after_bad' was skipped because 'bad' failed", transitive.reason());
            TaskOutcome.Skipped stopped = (TaskOutcome.Skipped) result.outcome("after_slow").orElseThrow();
            assertEquals("bad", stopped.failedTask());
            assertTrue(stopped.reason().contains("fail-fast"), stopped.reason());
            assertEquals(List.of("bad", "slow").stream().sorted().toList(), pkg.started.stream().sorted().toList());
        }

        @Test
        void without_fail_fast_only_the_failures_dependants_are_skipped() throws Exception {
            CountDownLatch badFailed = new CountDownLatch(1);
            WorkflowRunner runner = WorkflowRunner.builder().parallelism(2).failFast(false)
                    .listener(releaseOnFailure(badFailed)).build();
            WorkflowResult result = run(runner, failingGraph(badFailed), new Context());

            assertEquals(WorkflowResult.Status.FAILED, result.status());
            assertEquals(TaskStatus.SUCCEEDED, result.outcome("after_slow").orElseThrow().status());
            assertEquals(TaskStatus.SKIPPED, result.outcome("after_bad").orElseThrow().status());
            assertEquals(TaskStatus.SKIPPED, result.outcome("after_after_bad").orElseThrow().status());
        }

        @Test
        void a_task_past_its_timeout_fails_with_timeout_and_its_backend_future_is_cancelled() throws Exception {
            FakePackage fake = FakePackage.builder()
                    .task("stuck", List.of(), FakePackage.never())
                    .marker("after", "stuck")
                    .build();
            WorkflowRunner runner = WorkflowRunner.builder().taskTimeout("stuck", Duration.ofMillis(200)).build();
            WorkflowResult result = run(runner, fake, new Context());

            TaskOutcome.Failed failed = result.failures().get(0);
            TaskError.Timeout timeout = assertInstanceOf(TaskError.Timeout.class, failed.failure());
            assertEquals("stuck", timeout.taskId());
            assertTrue(timeout.getMessage().contains("PT0.2S"), timeout.getMessage());
            assertTrue(failed.duration().compareTo(Duration.ofMillis(200)) >= 0, failed.duration().toString());
            assertEquals(List.of("stuck"), fake.cancelled);
            assertEquals(TaskStatus.SKIPPED, result.outcome("after").orElseThrow().status());
        }

        @Test
        void the_default_timeout_applies_to_tasks_without_their_own() throws Exception {
            FakePackage fake = FakePackage.builder().task("stuck", List.of(), FakePackage.never()).marker("quick").build();
            WorkflowRunner runner = WorkflowRunner.builder().defaultTimeout(Duration.ofMillis(100))
                    .taskTimeout("quick", Duration.ofSeconds(30)).failFast(false).build();
            WorkflowResult result = run(runner, fake, new Context());
            assertInstanceOf(TaskError.Timeout.class, result.outcome("stuck").orElseThrow().error().orElseThrow());
            assertEquals(TaskStatus.SUCCEEDED, result.outcome("quick").orElseThrow().status());
        }

        @Test
        void a_backend_that_throws_instead_of_failing_its_future_is_reported_as_a_failure() throws Exception {
            FakePackage fake = FakePackage.builder()
                    .task("odd", List.of(), (input, threads) -> {
                        throw new IllegalStateException("package closed");
                    })
                    .build();
            WorkflowResult result = run(WorkflowRunner.withDefaults(), fake, new Context());
            TaskError error = result.failures().get(0).failure();
            assertInstanceOf(TaskError.WorkerCrashed.class, error);
            assertTrue(error.getMessage().contains("package closed"), error.getMessage());
        }
    }

    @Nested
    @DisplayName("cancel")
    class Cancel {

        @Test
        void cancelling_the_run_cancels_running_tasks_and_unstarted_ones() throws Exception {
            CountDownLatch stuckStarted = new CountDownLatch(1);
            FakePackage fake = pkg = FakePackage.builder()
                    .task("stuck", List.of(), (input, threads) -> {
                        stuckStarted.countDown();
                        return new CompletableFuture<>();
                    })
                    .marker("after", "stuck")
                    .build();
            WorkflowRun run = WorkflowRunner.withDefaults().start(fake, new Context());
            assertTrue(await(stuckStarted));
            run.cancel();
            WorkflowResult result = run.await(WAIT);

            assertEquals(WorkflowResult.Status.CANCELLED, result.status());
            TaskOutcome.Cancelled stuck = (TaskOutcome.Cancelled) result.outcome("stuck").orElseThrow();
            assertTrue(stuck.cancellation().getMessage().contains("while running"));
            TaskOutcome.Cancelled after = (TaskOutcome.Cancelled) result.outcome("after").orElseThrow();
            assertTrue(after.cancellation().getMessage().contains("did not start"));
            assertEquals(Duration.ZERO, after.duration());
            assertEquals(List.of("stuck"), fake.cancelled);
            assertFalse(fake.started.contains("after"));
        }

        @Test
        void cancel_after_the_run_finished_changes_nothing() throws Exception {
            FakePackage fake = pkg = FakePackage.builder().marker("a").build();
            WorkflowRun run = WorkflowRunner.withDefaults().start(fake, new Context());
            WorkflowResult result = run.await(WAIT);
            run.cancel();
            assertTrue(result.succeeded());
            assertEquals(WorkflowResult.Status.SUCCEEDED, run.await(WAIT).status());
        }
    }

    @Nested
    @DisplayName("parallelism")
    class Parallelism {

        @Test
        void two_independent_tasks_overlap_in_time() throws Exception {
            // Each waits until the other has started: run one after the other, the first would time out waiting.
            CountDownLatch leftStarted = new CountDownLatch(1);
            CountDownLatch rightStarted = new CountDownLatch(1);
            FakePackage fake = FakePackage.builder()
                    .task("left", List.of(), FakePackage.sync(c -> {
                        leftStarted.countDown();
                        return c.set("left_saw_right", await(rightStarted) ? "yes" : "no");
                    }))
                    .task("right", List.of(), FakePackage.sync(c -> {
                        rightStarted.countDown();
                        return c.set("right_saw_left", await(leftStarted) ? "yes" : "no");
                    }))
                    .build();
            WorkflowResult result = run(WorkflowRunner.builder().parallelism(2).build(), fake, new Context());
            assertJson("{\"left_saw_right\":\"yes\",\"right_saw_left\":\"yes\"}", result.finalContext().orElseThrow());
        }

        @Test
        void never_more_tasks_at_once_than_the_parallelism() throws Exception {
            AtomicInteger active = new AtomicInteger();
            AtomicInteger highest = new AtomicInteger();
            FakePackage.Builder builder = FakePackage.builder();
            for (int i = 0; i < 8; i++) {
                builder.task("t" + i, List.of(), FakePackage.sync(c -> {
                    highest.accumulateAndGet(active.incrementAndGet(), Math::max);
                    Thread.onSpinWait();
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    active.decrementAndGet();
                    return c;
                }));
            }
            WorkflowResult result = run(WorkflowRunner.builder().parallelism(2).build(), builder.build(), new Context());
            assertTrue(result.succeeded());
            assertTrue(highest.get() <= 2, "at most 2 at once, saw " + highest.get());
        }

        @Test
        void parallelism_one_runs_independent_tasks_one_at_a_time_in_declaration_order() throws Exception {
            FakePackage fake = FakePackage.builder().marker("z").marker("y").marker("x").build();
            run(WorkflowRunner.builder().parallelism(1).build(), fake, new Context());
            assertEquals(List.of("z", "y", "x"), fake.started);
        }
    }

    private static ArrayNode array(String json) {
        try {
            return (ArrayNode) ContextJson.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode node(String json) {
        try {
            return ContextJson.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
