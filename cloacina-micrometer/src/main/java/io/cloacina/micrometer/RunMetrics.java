package io.cloacina.micrometer;

import io.cloacina.error.TaskError;
import io.cloacina.runner.Attempt;
import io.cloacina.runner.RunInfo;
import io.cloacina.runner.RunListener;
import io.cloacina.runner.TaskOutcome;
import io.cloacina.runner.WorkflowResult;
import io.cloacina.runner.WorkflowRunner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns workflow runs into Micrometer meters: how long tasks and runs take, how many attempts, retries, failures
 * and skips there were, and how many tasks run now.
 *
 * <pre>{@code
 * MeterRegistry registry = ...;                          // Prometheus, OTLP, SimpleMeterRegistry, ...
 * RunMetrics metrics = new RunMetrics(registry);         // one per registry; keep it as long as the runner
 * WorkflowRunner runner = metrics.instrument(WorkflowRunner.builder()).build();
 * new BackendMetrics(runtime).bindTo(registry);          // the backend's gauges
 * }</pre>
 *
 * <p>Every meter carries the tags {@value #TAG_PACKAGE}, {@value #TAG_WORKFLOW} and {@value #TAG_BACKEND}
 * ({@code unknown} for a run started without its runtime); task meters add {@value #TAG_TASK}. Their values are
 * bounded by the packages you run, so they are safe for any registry; the run id, which is not, is never a tag.
 *
 * <table>
 *   <caption>The meters</caption>
 *   <tr><th>name</th><th>type</th><th>extra tags</th><th>what</th></tr>
 *   <tr><td>{@value #TASK_DURATION}</td><td>timer</td><td>task, outcome</td><td>each attempt: {@code succeeded},
 *       {@code failed} (a retry may follow), {@code cancelled}</td></tr>
 *   <tr><td>{@value #RUN_DURATION}</td><td>timer</td><td>outcome</td><td>each run: {@code succeeded},
 *       {@code failed}, {@code cancelled}</td></tr>
 *   <tr><td>{@value #TASK_ATTEMPTS}</td><td>counter</td><td>task</td><td>attempts started</td></tr>
 *   <tr><td>{@value #TASK_RETRIES}</td><td>counter</td><td>task, error.type</td><td>failed attempts that will
 *       run again</td></tr>
 *   <tr><td>{@value #TASK_FAILURES}</td><td>counter</td><td>task, error.type</td><td>tasks failed after their
 *       last attempt</td></tr>
 *   <tr><td>{@value #TASK_SKIPS}</td><td>counter</td><td>task</td><td>tasks skipped (a dependency did not
 *       succeed, a trigger rule said no, fail-fast)</td></tr>
 *   <tr><td>{@value #TASKS_RUNNING}</td><td>gauge</td><td></td><td>attempts running now</td></tr>
 * </table>
 * {@code error.type} is the Python exception's type ({@code ConnectionError}, {@code orders.errors.BadOrder}), else
 * the kind of failure ({@code Timeout}, {@code WorkerCrashed}, {@code Cancelled}).
 *
 * <p>Thread-safe; a run's events come one at a time (see {@link RunListener}), so its listener keeps its meters
 * in plain fields.
 *
 * @since 0.3
 */
public final class RunMetrics {

    public static final String TASK_DURATION = "cloacina.task.duration";
    public static final String RUN_DURATION = "cloacina.run.duration";
    public static final String TASK_ATTEMPTS = "cloacina.task.attempts";
    public static final String TASK_RETRIES = "cloacina.task.retries";
    public static final String TASK_FAILURES = "cloacina.task.failures";
    public static final String TASK_SKIPS = "cloacina.task.skips";
    public static final String TASKS_RUNNING = "cloacina.tasks.running";

    public static final String TAG_PACKAGE = "package";
    public static final String TAG_WORKFLOW = "workflow";
    public static final String TAG_BACKEND = "backend";
    public static final String TAG_TASK = "task";
    public static final String TAG_OUTCOME = "outcome";
    public static final String TAG_ERROR_TYPE = "error.type";

    private final MeterRegistry registry;
    /**
     * The running-attempts count of each package, workflow and backend. Held here because a registry keeps only a
     * weak reference to a gauge's state: without this map the gauges would read NaN once collected.
     */
    private final Map<Tags, AtomicInteger> running = new ConcurrentHashMap<>();

    public RunMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Adds this object's per-run listener to {@code builder} ({@link WorkflowRunner.Builder#listenerPerRun}). */
    public WorkflowRunner.Builder instrument(WorkflowRunner.Builder builder) {
        return builder.listenerPerRun(this::listenerFor);
    }

    /**
     * The listener that measures one run, for runners you assemble yourself (several per-run factories, a listener
     * of your own that forwards). Hand it that run's events only.
     */
    public RunListener listenerFor(RunInfo run) {
        Tags runTags = Tags.of(TAG_PACKAGE, run.packageName(), TAG_WORKFLOW, run.workflow(), TAG_BACKEND,
                run.backend() == null ? "unknown" : run.backend());
        AtomicInteger gauge = running.computeIfAbsent(runTags, tags -> {
            AtomicInteger count = new AtomicInteger();
            Gauge.builder(TASKS_RUNNING, count, AtomicInteger::get).tags(tags)
                    .description("Task attempts running now").register(registry);
            return count;
        });
        return new Listener(runTags, gauge);
    }

    static String errorType(TaskError error) {
        return error.pythonType().orElse(error.getClass().getSimpleName());
    }

    private static String outcome(TaskError failure) {
        return failure == null ? "succeeded" : failure instanceof TaskError.Cancelled ? "cancelled" : "failed";
    }

    /** One run's meters; its events come one at a time, so plain maps do. */
    private final class Listener implements RunListener {
        private final Tags runTags;
        private final AtomicInteger runningGauge;
        private final Map<String, Counter> attempts = new HashMap<>();
        private final Map<String, Timer> durations = new HashMap<>();
        /** Attempts of this run started and not finished, so that an end of run leaves the gauge right. */
        private int runningHere;

        Listener(Tags runTags, AtomicInteger runningGauge) {
            this.runTags = runTags;
            this.runningGauge = runningGauge;
        }

        private Tags taskTags(String taskId) {
            return runTags.and(TAG_TASK, taskId);
        }

        @Override
        public void taskStarted(String taskId, int attempt) {
            runningHere++;
            runningGauge.incrementAndGet();
            attempts.computeIfAbsent(taskId, id -> Counter.builder(TASK_ATTEMPTS).tags(taskTags(id))
                    .description("Task attempts started").register(registry)).increment();
        }

        @Override
        public void attemptFinished(String taskId, Attempt attempt) {
            runningHere--;
            runningGauge.decrementAndGet();
            String outcome = outcome(attempt.failure());
            durations.computeIfAbsent(taskId + '\u0000' + outcome, key -> Timer.builder(TASK_DURATION)
                    .tags(taskTags(taskId)).tag(TAG_OUTCOME, outcome)
                    .description("How long each attempt of a task ran").register(registry))
                    .record(attempt.duration());
        }

        @Override
        public void taskRetrying(String taskId, int failedAttempt, int maxAttempts, Duration delay, TaskError error) {
            Counter.builder(TASK_RETRIES).tags(taskTags(taskId)).tag(TAG_ERROR_TYPE, errorType(error))
                    .description("Failed attempts that run again").register(registry).increment();
        }

        @Override
        public void taskFailed(TaskOutcome.Failed outcome) {
            Counter.builder(TASK_FAILURES).tags(taskTags(outcome.taskId()))
                    .tag(TAG_ERROR_TYPE, errorType(outcome.failure()))
                    .description("Tasks that failed after their last attempt").register(registry).increment();
        }

        @Override
        public void taskSkipped(TaskOutcome.Skipped outcome) {
            Counter.builder(TASK_SKIPS).tags(taskTags(outcome.taskId()))
                    .description("Tasks skipped: a dependency did not succeed, a trigger rule said no, fail-fast")
                    .register(registry).increment();
        }

        @Override
        public void runFinished(WorkflowResult result) {
            if (runningHere != 0) {
                // Only a runner failure leaves attempts without their end: do not let the gauge drift.
                runningGauge.addAndGet(-runningHere);
                runningHere = 0;
            }
            Timer.builder(RUN_DURATION).tags(runTags).tag(TAG_OUTCOME, result.status().name().toLowerCase(Locale.ROOT))
                    .description("How long each run took").register(registry).record(result.duration());
        }
    }
}
