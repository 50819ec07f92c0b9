package io.cloacina.runner;

import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.spi.AttemptValues;
import io.cloacina.spi.RetryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Listeners made per run ({@code listenerPerRun}) and the attempt-aware events: who hears what, and in which
 * order, with Java fakes for tasks (no Python).
 */
class PerRunListenerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final RetryPolicy TWICE = new RetryPolicy(2, new RetryPolicy.Backoff.Fixed(), Duration.ofMillis(5),
            Duration.ofMillis(5), false, List.of(new RetryPolicy.Condition.AllErrors()));
    private final List<FakePackage> fakes = new ArrayList<>();

    @AfterEach
    void close() {
        fakes.forEach(FakePackage::close);
    }

    private FakePackage track(FakePackage fake) {
        fakes.add(fake);
        return fake;
    }

    /** Writes down every event as one line, in order. */
    private static class Journal implements RunListener {
        final RunInfo run;
        final List<String> lines = new CopyOnWriteArrayList<>();

        Journal(RunInfo run) {
            this.run = run;
        }

        @Override
        public void taskStarted(String taskId, int attempt) {
            lines.add("started " + taskId + " #" + attempt);
        }

        @Override
        public void attemptFinished(String taskId, Attempt attempt) {
            lines.add("finished " + taskId + " #" + attempt.number() + " "
                    + attempt.error().map(e -> e.getClass().getSimpleName()).orElse("ok"));
        }

        @Override
        public void taskRetrying(String taskId, int failedAttempt, int maxAttempts, Duration delay, TaskError error) {
            lines.add("retrying " + taskId + " after #" + failedAttempt);
        }

        @Override
        public void taskSucceeded(TaskOutcome.Succeeded outcome) {
            lines.add("succeeded " + outcome.taskId() + " " + outcome.context().get("run").map(n -> n.asText()).orElse("?"));
        }

        @Override
        public void taskFailed(TaskOutcome.Failed outcome) {
            lines.add("failed " + outcome.taskId());
        }

        @Override
        public void taskSkipped(TaskOutcome.Skipped outcome) {
            lines.add("skipped " + outcome.taskId());
        }

        @Override
        public void taskCancelled(TaskOutcome.Cancelled outcome) {
            lines.add("cancelled " + outcome.taskId());
        }

        @Override
        public void runFinished(WorkflowResult result) {
            lines.add("run " + result.status());
        }
    }

    @Test
    void each_run_gets_its_own_listener_made_on_the_starting_thread_and_hearing_only_that_run() throws Exception {
        // Both runs hold their first task until both have started, so they truly overlap.
        CountDownLatch bothStarted = new CountDownLatch(2);
        FakePackage.Body gate = FakePackage.sync(input -> {
            bothStarted.countDown();
            try {
                assertTrue(bothStarted.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the other run never started");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return input;
        });
        FakePackage fake = track(FakePackage.builder().task("extract", List.of(), gate)
                .task("load", List.of("extract"), FakePackage.sync(c -> c.set("loaded", 1))).build());
        FakeRuntime runtime = new FakeRuntime(fake, 4, new CopyOnWriteArrayList<>());
        Map<String, Journal> journals = new ConcurrentHashMap<>();
        List<Thread> factoryThreads = new CopyOnWriteArrayList<>();
        List<String> shared = new CopyOnWriteArrayList<>();
        WorkflowRunner runner = WorkflowRunner.builder()
                .listener(new RunListener() {
                    @Override
                    public void taskStarted(String taskId, int attempt) {
                        shared.add(taskId);
                    }
                })
                .listenerPerRun(run -> {
                    factoryThreads.add(Thread.currentThread());
                    Journal journal = new Journal(run);
                    journals.put(run.runId(), journal);
                    return journal;
                })
                .build();

        WorkflowRun a = runner.start(runtime, runtime.load(fake.pythonPackage()), new Context().set("run", "a"));
        assertEquals(1, journals.size(), "the factory is called before start returns");
        WorkflowRun b = runner.start(runtime, runtime.load(fake.pythonPackage()), new Context().set("run", "b"));
        assertTrue(a.await(WAIT).succeeded());
        assertTrue(b.await(WAIT).succeeded());

        assertEquals(List.of(Thread.currentThread(), Thread.currentThread()), factoryThreads,
                "one call per run, on the thread that started it");
        for (WorkflowRun run : List.of(a, b)) {
            Journal journal = journals.get(run.runId());
            assertEquals(run.runId(), journal.run.runId());
            String marker = run == a ? "a" : "b";
            assertEquals(List.of("started extract #1", "finished extract #1 ok", "succeeded extract " + marker,
                    "started load #1", "finished load #1 ok", "succeeded load " + marker, "run SUCCEEDED"),
                    journal.lines, "run " + marker + " hears its own events, and only those");
        }
        assertEquals(4, shared.size(), "the shared listener still hears every run: " + shared);
    }

    @Test
    void a_retried_task_reports_each_attempt_with_its_number_before_what_follows_from_it() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        FakePackage.Body flaky = FakePackage.sync(input -> {
            if (calls.incrementAndGet() == 1) {
                throw new TaskError.ExecutionFailed("extract", "reset", "ConnectionError", null);
            }
            return input.set("run", "r");
        });
        FakePackage fake = track(FakePackage.builder().task("extract", List.of(), flaky).build());
        List<String> oldStyle = new CopyOnWriteArrayList<>();
        List<Journal> journals = new CopyOnWriteArrayList<>();
        WorkflowRunner runner = WorkflowRunner.builder().retryPolicy("extract", TWICE)
                .listener(new RunListener() {
                    @Override
                    public void taskStarted(String taskId) { // written before attempts were numbered
                        oldStyle.add(taskId);
                    }
                })
                .listenerPerRun(run -> {
                    Journal journal = new Journal(run);
                    journals.add(journal);
                    return journal;
                })
                .build();

        assertTrue(runner.start(fake, new Context()).await(WAIT).succeeded());

        assertEquals(List.of("started extract #1", "finished extract #1 ExecutionFailed", "retrying extract after #1",
                "started extract #2", "finished extract #2 ok", "succeeded extract r", "run SUCCEEDED"),
                journals.get(0).lines);
        assertEquals(List.of("extract", "extract"), oldStyle, "taskStarted(String) still hears every attempt");
    }

    @Test
    void a_timed_out_and_a_cancelled_attempt_each_finish_once_with_their_error() throws Exception {
        FakePackage fake = track(FakePackage.builder().task("stuck", List.of(), FakePackage.never())
                .task("waits", List.of(), FakePackage.never()).threads(2).build());
        List<Journal> journals = new CopyOnWriteArrayList<>();
        CountDownLatch timedOut = new CountDownLatch(1);
        WorkflowRunner runner = WorkflowRunner.builder().failFast(false)
                .taskTimeout("stuck", Duration.ofMillis(20))
                .listenerPerRun(run -> {
                    Journal journal = new Journal(run) {
                        @Override
                        public void taskFailed(TaskOutcome.Failed outcome) {
                            super.taskFailed(outcome);
                            timedOut.countDown();
                        }
                    };
                    journals.add(journal);
                    return journal;
                })
                .build();

        WorkflowRun run = runner.start(fake, new Context());
        // The runner's watchdog ends "stuck" (the fake never does) a second after its 20 ms timeout.
        assertTrue(timedOut.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "stuck never timed out");
        run.cancel();
        WorkflowResult result = run.await(WAIT);

        assertEquals(WorkflowResult.Status.CANCELLED, result.status());
        List<String> lines = journals.get(0).lines;
        assertTrue(lines.indexOf("finished stuck #1 Timeout") >= 0 && lines.indexOf("finished stuck #1 Timeout")
                < lines.indexOf("failed stuck"), lines::toString);
        assertTrue(lines.indexOf("finished waits #1 Cancelled") >= 0 && lines.indexOf("finished waits #1 Cancelled")
                < lines.indexOf("cancelled waits"), lines::toString);
        assertEquals(2, lines.stream().filter(l -> l.startsWith("started ")).count(), lines::toString);
        assertEquals(2, lines.stream().filter(l -> l.startsWith("finished ")).count(), lines::toString);
    }

    @Test
    void queued_attempts_start_and_finish_in_pairs() throws Exception {
        FakePackage.Builder builder = FakePackage.builder().threads(2);
        for (int i = 0; i < 8; i++) {
            builder.marker("t" + i);
        }
        FakePackage fake = track(builder.build());
        FakeRuntime runtime = new FakeRuntime(fake, 2, new CopyOnWriteArrayList<>());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger negative = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        WorkflowRunner runner = WorkflowRunner.builder().listenerPerRun(run -> new RunListener() {
            @Override
            public void taskStarted(String taskId, int attempt) {
                running.incrementAndGet();
            }

            @Override
            public void attemptFinished(String taskId, Attempt attempt) {
                finished.incrementAndGet();
                if (running.decrementAndGet() < 0) {
                    negative.incrementAndGet();
                }
            }
        }).build();

        // Parallelism = the backend's: the runner hands it tasks ahead, which start when running ones end.
        assertTrue(runner.start(runtime, runtime.load(fake.pythonPackage()), new Context()).await(WAIT).succeeded());

        assertEquals(8, finished.get());
        assertEquals(0, running.get(), "every start has its finish");
        assertEquals(0, negative.get(), "no finish before its start");
    }

    @Test
    void a_factory_that_throws_or_returns_null_leaves_the_run_and_the_other_listeners_alone() throws Exception {
        FakePackage fake = track(FakePackage.builder().marker("only").build());
        List<Journal> journals = new CopyOnWriteArrayList<>();
        WorkflowRunner runner = WorkflowRunner.builder()
                .listenerPerRun(run -> {
                    throw new IllegalStateException("broken factory");
                })
                .listenerPerRun(run -> null)
                .listenerPerRun(run -> {
                    Journal journal = new Journal(run);
                    journals.add(journal);
                    return journal;
                })
                .build();

        WorkflowResult result = runner.start(fake, new Context()).await(WAIT);

        assertTrue(result.succeeded());
        assertEquals(1, journals.size());
        assertEquals("run SUCCEEDED", journals.get(0).lines.get(journals.get(0).lines.size() - 1));
    }

    @Test
    void without_per_run_factories_the_shared_listener_is_used_as_it_is() {
        RunListener shared = new RunListener() {
        };
        WorkflowRunner runner = WorkflowRunner.builder().listener(shared).build();
        RunInfo info = new RunInfo("id", "p", "w", "b", TaskGraph.of(List.of()), 1);
        assertSame(shared, runner.settings().listenerFor(info));
        assertInstanceOf(AllListeners.class, WorkflowRunner.builder().listenerPerRun(run -> shared).build()
                .settings().listenerFor(info));
    }

    @Test
    void a_failed_attempt_of_a_refused_hand_over_still_starts_and_finishes() throws Exception {
        FakePackage.Body refused = (input, threads) -> {
            throw new IllegalStateException("backend closed");
        };
        FakePackage fake = track(FakePackage.builder().task("x", List.of(), refused).build());
        List<Journal> journals = new CopyOnWriteArrayList<>();
        WorkflowRunner runner = WorkflowRunner.builder().listenerPerRun(run -> {
            Journal journal = new Journal(run);
            journals.add(journal);
            return journal;
        }).build();

        WorkflowResult result = runner.start(fake, new Context()).await(WAIT);

        assertEquals(WorkflowResult.Status.FAILED, result.status());
        assertEquals(List.of("started x #1", "finished x #1 WorkerCrashed", "failed x", "run FAILED"),
                journals.get(0).lines);
    }

    @Test
    void attempt_values_ride_in_each_attempts_input_merged_across_listeners() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<String> carried = new CopyOnWriteArrayList<>();
        FakePackage.Body flaky = FakePackage.sync(input -> {
            carried.add(input.get(AttemptValues.CONTEXT_KEY).map(Object::toString).orElse("none"));
            if (calls.incrementAndGet() == 1) {
                throw new TaskError.ExecutionFailed("extract", "reset", "ConnectionError", null);
            }
            return input;
        });
        FakePackage fake = track(FakePackage.builder().task("extract", List.of(), flaky)
                .marker("plain", "extract").build());
        List<String> order = new CopyOnWriteArrayList<>();
        WorkflowRunner runner = WorkflowRunner.builder().retryPolicy("extract", TWICE)
                .listener(new RunListener() {
                    @Override
                    public Map<String, String> attemptValues(String taskId, int attempt) {
                        order.add("values " + taskId + " #" + attempt);
                        if (!taskId.equals("extract")) {
                            return Map.of();
                        }
                        Map<String, String> values = new java.util.HashMap<>();
                        values.put("traceparent", "shared-" + attempt);
                        values.put("dropped", null); // left out, not a failure
                        return values;
                    }

                    @Override
                    public void taskStarted(String taskId, int attempt) {
                        order.add("started " + taskId + " #" + attempt);
                    }
                })
                .listenerPerRun(run -> new RunListener() {
                    @Override
                    public Map<String, String> attemptValues(String taskId, int attempt) {
                        return taskId.equals("extract") && attempt == 2 ? Map.of("traceparent", "own-2", "tenant", "t")
                                : Map.of();
                    }
                })
                .build();

        WorkflowResult result = runner.start(fake, new Context()).await(WAIT);

        assertTrue(result.succeeded());
        assertEquals(List.of("{\"traceparent\":\"shared-1\"}", "{\"traceparent\":\"own-2\",\"tenant\":\"t\"}"),
                carried, "each attempt gets its own values; a later listener's win");
        assertTrue(fake.inputs.get("plain").get(AttemptValues.CONTEXT_KEY).isEmpty(),
                "the key never reaches a dependant, even from a backend that echoes its input without the bridge");
        assertEquals(List.of("values extract #1", "started extract #1", "values extract #2", "started extract #2",
                "values plain #1", "started plain #1"), order);
    }
}
