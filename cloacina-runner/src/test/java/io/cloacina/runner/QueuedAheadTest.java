package io.cloacina.runner;

import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.PythonPackage;
import io.cloacina.spi.TaskDiscovery;
import io.cloacina.spi.TaskExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When a run's parallelism is what its backend runs at once, the runner hands the backend up to that many
 * more tasks to queue, so the backend never idles between tasks. These tests use a fake backend that, like
 * the real ones, runs at most its parallelism at once and queues the rest first come first served.
 */
class QueuedAheadTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private FakePackage fake;

    @AfterEach
    void close() {
        if (fake != null) {
            fake.close();
        }
    }

    private WorkflowRun start(WorkflowRunner runner, int backendParallelism) {
        FakeRuntime runtime = new FakeRuntime(fake, backendParallelism, new CopyOnWriteArrayList<>());
        return runner.start(runtime, runtime.load(fake.pythonPackage()), new Context());
    }

    private static FakePackage.Body sleeping(long millis, AtomicInteger active, AtomicInteger mostActive) {
        return FakePackage.sync(c -> {
            mostActive.accumulateAndGet(active.incrementAndGet(), Math::max);
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            active.decrementAndGet();
            return c;
        });
    }

    /** Counts, from the listener's calls, how many tasks were reported started and not yet ended at most. */
    private static final class StartedCounter implements RunListener {
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        final List<String> started = new CopyOnWriteArrayList<>();

        @Override
        public void taskStarted(String taskId) {
            started.add(taskId);
            most.accumulateAndGet(open.incrementAndGet(), Math::max);
        }

        @Override
        public void taskSucceeded(TaskOutcome.Succeeded outcome) {
            open.decrementAndGet();
        }

        @Override
        public void taskFailed(TaskOutcome.Failed outcome) {
            open.decrementAndGet();
        }

        @Override
        public void taskCancelled(TaskOutcome.Cancelled outcome) {
            if (started.contains(outcome.taskId())) {
                open.decrementAndGet();
            }
        }
    }

    @Test
    void the_backend_gets_tasks_to_queue_but_never_runs_more_than_the_parallelism() throws Exception {
        AtomicInteger active = new AtomicInteger();
        AtomicInteger mostActive = new AtomicInteger();
        FakePackage.Builder builder = FakePackage.builder().threads(2);
        for (int i = 0; i < 10; i++) {
            builder.task("t" + i, List.of(), sleeping(30, active, mostActive));
        }
        fake = builder.build();
        StartedCounter listener = new StartedCounter();

        WorkflowResult result = start(WorkflowRunner.builder().listener(listener).build(), 2).await(WAIT);

        assertTrue(result.succeeded(), () -> "failures: " + result.failures());
        assertTrue(mostActive.get() <= 2, "the backend ran " + mostActive.get() + " at once");
        assertTrue(fake.mostHandedOver.get() > 2,
                "the runner never handed the backend more than its parallelism: " + fake.mostHandedOver.get());
        assertTrue(fake.mostHandedOver.get() <= 4, "more than twice the parallelism handed over: " + fake.mostHandedOver.get());
        assertTrue(listener.most.get() <= 2, "the listener saw " + listener.most.get() + " tasks running at once");
        assertEquals(10, listener.started.size());
    }

    @Test
    void nothing_is_queued_ahead_when_the_run_asks_for_less_than_the_backend_runs_at_once() throws Exception {
        AtomicInteger active = new AtomicInteger();
        AtomicInteger mostActive = new AtomicInteger();
        FakePackage.Builder builder = FakePackage.builder().threads(4);
        for (int i = 0; i < 6; i++) {
            builder.task("t" + i, List.of(), sleeping(20, active, mostActive));
        }
        fake = builder.build();

        WorkflowResult result = start(WorkflowRunner.builder().parallelism(1).build(), 4).await(WAIT);

        assertTrue(result.succeeded());
        assertEquals(1, fake.mostHandedOver.get(), "a run limited to 1 must hand over one task at a time");
        assertEquals(1, mostActive.get());
    }

    @Test
    void a_task_waiting_in_the_backends_queue_is_not_timed_out_while_it_waits() throws Exception {
        // "slow" holds the only backend thread for longer than "quick"'s timeout plus the watchdog's grace;
        // "quick" is handed over at once and waits behind it, but its timeout counts from its own start.
        long slowMillis = WorkflowRun.WATCHDOG_GRACE.toMillis() + 600;
        fake = FakePackage.builder().threads(1)
                .task("slow", List.of(), sleeping(slowMillis, new AtomicInteger(), new AtomicInteger()))
                .marker("quick")
                .build();
        WorkflowRunner runner = WorkflowRunner.builder().taskTimeout("quick", Duration.ofMillis(300)).build();

        WorkflowResult result = start(runner, 1).await(WAIT);

        assertTrue(result.succeeded(), () -> "failures: " + result.failures());
        assertEquals(2, fake.mostHandedOver.get(), "quick should have waited in the backend's queue");
    }

    @Test
    void fail_fast_takes_back_what_waits_in_the_backends_queue_and_starts_nothing_more() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        fake = FakePackage.builder().threads(1)
                .task("bad", List.of(), FakePackage.sync(c -> {
                    awaitQuietly(release);
                    throw new TaskError.ExecutionFailed("bad", "boom", "ValueError", null);
                }))
                .marker("queued")
                .marker("never")
                .build();
        WorkflowRun run = start(WorkflowRunner.withDefaults(), 1);
        waitUntil(() -> fake.started.size() == 2);
        release.countDown();

        WorkflowResult result = run.await(WAIT);

        assertFalse(result.succeeded());
        assertEquals(TaskStatus.FAILED, result.outcome("bad").orElseThrow().status());
        assertEquals(List.of("bad", "queued"), fake.started, "nothing may be handed over after the failure");
        TaskOutcome never = result.outcome("never").orElseThrow();
        assertInstanceOf(TaskOutcome.Skipped.class, never);
        TaskOutcome queued = result.outcome("queued").orElseThrow();
        // The backend may have started "queued" before the runner took it back; either way the report is true.
        if (fake.cancelled.contains("queued")) {
            assertInstanceOf(TaskOutcome.Skipped.class, queued);
        } else {
            assertEquals(TaskStatus.SUCCEEDED, queued.status());
        }
    }

    @Test
    void cancelling_a_run_reports_queued_tasks_as_not_started() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        fake = FakePackage.builder().threads(1)
                .task("running", List.of(), FakePackage.sync(c -> {
                    awaitQuietly(release);
                    return c;
                }))
                .marker("queued")
                .build();
        StartedCounter listener = new StartedCounter();
        try {
            WorkflowRun run = start(WorkflowRunner.builder().listener(listener).build(), 1);
            waitUntil(() -> fake.started.size() == 2);
            run.cancel();
            WorkflowResult result = run.await(WAIT);

            assertEquals(WorkflowResult.Status.CANCELLED, result.status());
            TaskOutcome.Cancelled running = assertInstanceOf(TaskOutcome.Cancelled.class,
                    result.outcome("running").orElseThrow());
            assertTrue(running.cancellation().getMessage().contains("while running"), running.cancellation().getMessage());
            TaskOutcome.Cancelled queued = assertInstanceOf(TaskOutcome.Cancelled.class,
                    result.outcome("queued").orElseThrow());
            assertTrue(queued.cancellation().getMessage().contains("did not start"), queued.cancellation().getMessage());
            assertEquals(List.of("running"), listener.started, "a queued task must not be reported started");
            // The run's result may be complete a moment before the backend sees the last cancel: wait (bounded).
            waitUntil(() -> new ArrayList<>(fake.cancelled).containsAll(List.of("running", "queued")));
            assertTrue(new ArrayList<>(fake.cancelled).containsAll(List.of("running", "queued")),
                    "both backend futures must be cancelled: " + fake.cancelled);
        } finally {
            release.countDown();
        }
    }

    @Test
    void cancelling_a_run_takes_back_queued_tasks_before_a_running_task_frees_the_backend() throws Exception {
        // A one-worker backend that, like a real one, runs its next queued task the moment the running one is
        // cancelled. Cancelling "running" before "queued" would let "queued" run after the run was cancelled.
        fake = FakePackage.builder().marker("running").marker("queued").build();
        Map<String, CompletableFuture<Context>> handedOver = new ConcurrentHashMap<>();
        List<String> ran = new CopyOnWriteArrayList<>();
        TaskExecutor backend = (taskId, input, options) -> {
            CompletableFuture<Context> future = new CompletableFuture<>();
            handedOver.put(taskId, future);
            future.whenComplete((ok, error) -> {
                CompletableFuture<Context> next = handedOver.get("queued");
                if (future.isCancelled() && taskId.equals("running") && next != null && next.complete(input)) {
                    ran.add("queued");
                }
            });
            return future;
        };
        LoadedPackage loaded = new LoadedPackage() {
            @Override
            public PythonPackage pythonPackage() {
                return fake.pythonPackage();
            }

            @Override
            public TaskDiscovery discovery() {
                return fake.discovery();
            }

            @Override
            public TaskExecutor executor() {
                return backend;
            }

            @Override
            public void close() {
            }
        };
        WorkflowRun run = WorkflowRunner.withDefaults()
                .start(new FakeRuntime(fake, 1, new CopyOnWriteArrayList<>()), loaded, new Context());
        assertEquals(2, handedOver.size(), "queued should wait in the backend's queue");

        run.cancel();
        WorkflowResult result = run.await(WAIT);

        assertEquals(List.of(), ran, "a queued task ran after its run was cancelled");
        assertTrue(handedOver.get("queued").isCancelled());
        assertEquals(TaskStatus.CANCELLED, result.outcome("queued").orElseThrow().status());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the test never released the task");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within " + WAIT);
            }
            Thread.sleep(5);
        }
    }
}
