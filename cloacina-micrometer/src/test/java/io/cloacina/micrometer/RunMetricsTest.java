package io.cloacina.micrometer;

import io.cloacina.context.Context;
import io.cloacina.packaging.OpenedPackage;
import io.cloacina.packaging.PackageReader;
import io.cloacina.python.subprocess.SubprocessRuntime;
import io.cloacina.python.subprocess.SubprocessSettings;
import io.cloacina.runner.RunInfo;
import io.cloacina.runner.RunListener;
import io.cloacina.runner.WorkflowResult;
import io.cloacina.runner.WorkflowRunner;
import io.cloacina.spi.LoadedPackage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real runs (examples/etl and a failing package) on the subprocess backend, measured into a SimpleMeterRegistry. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> ETL_TASKS = List.of("extract", "totals_by_region", "convert_to_eur", "load");

    private SubprocessRuntime runtime;

    @BeforeAll
    void startBackend() {
        runtime = new SubprocessRuntime(SubprocessSettings.fromEnvironment().withWorkers(2));
    }

    @AfterAll
    void stopBackend() {
        runtime.close();
    }

    private static Path repository() {
        return Path.of("").toAbsolutePath().getParent();
    }

    private WorkflowResult run(WorkflowRunner runner, Path pkg, Context initial) throws Exception {
        try (OpenedPackage opened = new PackageReader().open(pkg);
             LoadedPackage loaded = runtime.load(opened.pythonPackage())) {
            return runner.start(runtime, loaded, initial).await(WAIT);
        }
    }

    @Test
    void the_etl_example_gives_one_run_timer_and_a_timer_and_attempt_per_task() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        RunMetrics metrics = new RunMetrics(registry);
        AtomicInteger mostRunning = new AtomicInteger();
        // Listens after the metrics' own listener (factories are called in the order added): it reads the gauge
        // the metrics listener has just raised.
        WorkflowRunner runner = metrics.instrument(WorkflowRunner.builder())
                .listenerPerRun(run -> new RunListener() {
                    @Override
                    public void taskStarted(String taskId, int attempt) {
                        double now = registry.get(RunMetrics.TASKS_RUNNING).tag("package", "etl").gauge().value();
                        mostRunning.accumulateAndGet((int) now, Math::max);
                    }
                })
                .build();

        WorkflowResult result = run(runner, repository().resolve("examples/etl"), Context.fromJson("{\"min_amount\": 100}"));

        assertTrue(result.succeeded(), result::toString);
        Timer run = registry.get(RunMetrics.RUN_DURATION).tags("package", "etl", "workflow", "etl",
                "backend", "subprocess", "outcome", "succeeded").timer();
        assertEquals(1, run.count());
        assertEquals(result.duration().toNanos(), run.totalTime(TimeUnit.NANOSECONDS), 1.0);
        for (String task : ETL_TASKS) {
            Timer attempt = registry.get(RunMetrics.TASK_DURATION).tags("package", "etl", "workflow", "etl",
                    "backend", "subprocess", "task", task, "outcome", "succeeded").timer();
            assertEquals(1, attempt.count(), task);
            assertEquals(result.outcome(task).orElseThrow().duration().toNanos(),
                    attempt.totalTime(TimeUnit.NANOSECONDS), 1.0, task + ": the attempt's own duration");
            assertEquals(1.0, registry.get(RunMetrics.TASK_ATTEMPTS).tags("task", task, "backend", "subprocess")
                    .counter().count(), task);
        }
        assertEquals(Set.of("succeeded"), tagValues(registry, RunMetrics.TASK_DURATION, "outcome"));
        assertNull(registry.find(RunMetrics.TASK_RETRIES).meter(), "nothing was retried");
        assertNull(registry.find(RunMetrics.TASK_FAILURES).meter(), "nothing failed");
        assertNull(registry.find(RunMetrics.TASK_SKIPS).meter(), "nothing was skipped");
        assertTrue(mostRunning.get() >= 1 && mostRunning.get() <= 2, "running attempts seen: " + mostRunning);
        assertEquals(0.0, registry.get(RunMetrics.TASKS_RUNNING).tag("package", "etl").gauge().value(),
                "nothing runs once the run is over");
        for (Meter meter : registry.getMeters()) {
            assertTrue(meter.getId().getName().startsWith("cloacina."), meter.getId().toString());
            assertNull(meter.getId().getTag("runId"), "no tag of unbounded values");
        }
    }

    @Test
    void retries_failures_and_skips_are_counted_by_task_and_error_type(@TempDir Path state) throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        WorkflowRunner runner = new RunMetrics(registry).instrument(WorkflowRunner.builder().failFast(false)).build();
        Path flaky = Path.of(RunMetricsTest.class.getResource("/packages/flaky").toURI());

        WorkflowResult result = run(runner, flaky, new Context().set("state_dir", state.toString()));

        assertEquals(WorkflowResult.Status.FAILED, result.status());
        assertEquals(3.0, counter(registry, RunMetrics.TASK_ATTEMPTS, "load").count());
        assertEquals(2.0, registry.get(RunMetrics.TASK_RETRIES).tags("task", "load", "error.type", "ConnectionError")
                .counter().count());
        assertEquals(1.0, registry.get(RunMetrics.TASK_FAILURES).tags("task", "load", "error.type", "ConnectionError",
                "package", "flaky", "backend", "subprocess").counter().count());
        assertEquals(3, registry.get(RunMetrics.TASK_DURATION).tags("task", "load", "outcome", "failed").timer().count());

        assertEquals(2.0, counter(registry, RunMetrics.TASK_ATTEMPTS, "wobbly").count());
        assertEquals(1.0, registry.get(RunMetrics.TASK_RETRIES).tags("task", "wobbly", "error.type", "TimeoutError")
                .counter().count());
        assertEquals(1, registry.get(RunMetrics.TASK_DURATION).tags("task", "wobbly", "outcome", "failed").timer().count());
        assertEquals(1, registry.get(RunMetrics.TASK_DURATION).tags("task", "wobbly", "outcome", "succeeded").timer().count());
        assertNull(registry.find(RunMetrics.TASK_FAILURES).tag("task", "wobbly").counter(), "wobbly succeeded in the end");

        assertEquals(1.0, counter(registry, RunMetrics.TASK_SKIPS, "report").count());
        assertEquals(Set.of("report"), tagValues(registry, RunMetrics.TASK_SKIPS, "task"));
        assertEquals(1.0, counter(registry, RunMetrics.TASK_ATTEMPTS, "cleanup").count(), "cleanup ran: load failed");
        assertEquals(1, registry.get(RunMetrics.RUN_DURATION).tags("package", "flaky", "outcome", "failed").timer().count());
        assertEquals(0.0, registry.get(RunMetrics.TASKS_RUNNING).tag("package", "flaky").gauge().value());
    }

    @Test
    void the_backend_gauges_count_its_workers_and_its_parallelism() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (SubprocessRuntime own = new SubprocessRuntime(SubprocessSettings.fromEnvironment().withWorkers(2))) {
            new BackendMetrics(own).bindTo(registry);
            assertEquals(0.0, registry.get(BackendMetrics.INTERPRETERS).tag("backend", "subprocess").gauge().value());
            assertEquals(2.0, registry.get(BackendMetrics.PARALLELISM).tag("backend", "subprocess").gauge().value());
            try (OpenedPackage opened = new PackageReader().open(repository().resolve("examples/etl"));
                 LoadedPackage loaded = own.load(opened.pythonPackage())) {
                assertEquals(1.0, registry.get(BackendMetrics.INTERPRETERS).gauge().value(),
                        "a load starts the package's first worker; the others start when tasks queue");
                assertNotNull(loaded);
            }
            assertEquals(0.0, registry.get(BackendMetrics.INTERPRETERS).gauge().value(), "closing retires them all");
        }
    }

    @Test
    void a_run_started_without_its_runtime_is_tagged_with_an_unknown_backend() {
        MeterRegistry registry = new SimpleMeterRegistry();
        RunListener listener = new RunMetrics(registry).listenerFor(new RunInfo("r", "p", "w", null,
                io.cloacina.runner.TaskGraph.of(List.of()), 1));
        listener.taskStarted("t", 1);
        assertEquals(1.0, registry.get(RunMetrics.TASKS_RUNNING).tag("backend", "unknown").gauge().value());
    }

    private static Counter counter(MeterRegistry registry, String name, String task) {
        return registry.get(name).tag("task", task).counter();
    }

    private static Set<String> tagValues(MeterRegistry registry, String name, String tag) {
        return registry.find(name).meters().stream().map(m -> m.getId().getTag(tag))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
