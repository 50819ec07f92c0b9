package io.cloacina.opentelemetry;

import io.cloacina.error.TaskError;
import io.cloacina.runner.Attempt;
import io.cloacina.runner.RunInfo;
import io.cloacina.runner.RunListener;
import io.cloacina.runner.TaskOutcome;
import io.cloacina.runner.WorkflowResult;
import io.cloacina.runner.WorkflowRunner;
import io.cloacina.spi.AttemptValues;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Traces workflow runs through the OpenTelemetry API: a span per run, and a child span per task attempt whose W3C
 * {@code traceparent} the task's Python code reads with {@code cloaca.current_traceparent()}, so spans it makes
 * with OpenTelemetry's Python API join the same trace.
 *
 * <pre>{@code
 * RunTracing tracing = new RunTracing(openTelemetry);      // GlobalOpenTelemetry.get(), or your SDK
 * WorkflowRunner runner = tracing.instrument(WorkflowRunner.builder()).build();
 * }</pre>
 *
 * <ul>
 *   <li>The run span ({@code run <workflow>}) starts when the run is started, as a child of the starting thread's
 *       current {@link Context} (a request's span, say; a new trace when there is none), and ends with the run.
 *       Attributes {@value #RUN_ID}, {@value #PACKAGE}, {@value #WORKFLOW}, {@value #BACKEND}, and at its end
 *       {@value #OUTCOME} ({@code succeeded}, {@code failed}, {@code cancelled}); status ERROR when it failed.
 *       Events mark each retry ({@code cloacina.task.retrying}) and skip ({@code cloacina.task.skipped}).</li>
 *   <li>Each attempt's span ({@code task <id>}) is a child of the run span. It starts when the attempt is handed
 *       to the backend (its traceparent goes with it) — a task the backend queues behind running ones has a
 *       {@code cloacina.task.started} event when it starts — and ends with the attempt. Attributes
 *       {@value #TASK_ID}, {@value #ATTEMPT}, {@value #BACKEND}, and at its end {@value #OUTCOME}
 *       ({@code succeeded}, {@code failed}, {@code cancelled}) and, on failure, {@value #ERROR_TYPE} (the Python
 *       type, else {@code Timeout}, {@code WorkerCrashed}, ...), status ERROR with the message, and an
 *       {@code exception} event carrying the Python traceback.</li>
 * </ul>
 *
 * Uses the OpenTelemetry API only; without an SDK every span is a no-op and no traceparent is handed over.
 *
 * @since 0.3
 */
public final class RunTracing {

    /** The instrumentation scope name of the spans. */
    public static final String INSTRUMENTATION_SCOPE = "io.cloacina";

    public static final String RUN_ID = "cloacina.run.id";
    public static final String PACKAGE = "cloacina.package";
    public static final String WORKFLOW = "cloacina.workflow";
    public static final String BACKEND = "cloacina.backend";
    public static final String TASK_ID = "cloacina.task.id";
    public static final String ATTEMPT = "cloacina.task.attempt";
    public static final String OUTCOME = "cloacina.outcome";
    /** OpenTelemetry's semantic-convention name for the type of an error. */
    public static final String ERROR_TYPE = "error.type";

    private static final AttributeKey<String> RUN_ID_KEY = AttributeKey.stringKey(RUN_ID);
    private static final AttributeKey<String> PACKAGE_KEY = AttributeKey.stringKey(PACKAGE);
    private static final AttributeKey<String> WORKFLOW_KEY = AttributeKey.stringKey(WORKFLOW);
    private static final AttributeKey<String> BACKEND_KEY = AttributeKey.stringKey(BACKEND);
    private static final AttributeKey<String> TASK_ID_KEY = AttributeKey.stringKey(TASK_ID);
    private static final AttributeKey<Long> ATTEMPT_KEY = AttributeKey.longKey(ATTEMPT);
    private static final AttributeKey<String> OUTCOME_KEY = AttributeKey.stringKey(OUTCOME);
    private static final AttributeKey<String> ERROR_TYPE_KEY = AttributeKey.stringKey(ERROR_TYPE);
    private static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
    private static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");
    private static final AttributeKey<String> EXCEPTION_STACKTRACE = AttributeKey.stringKey("exception.stacktrace");
    private static final AttributeKey<String> REASON_KEY = AttributeKey.stringKey("cloacina.reason");
    private static final AttributeKey<Long> DELAY_KEY = AttributeKey.longKey("cloacina.retry.delay_ms");

    /** Writes W3C headers into attempt values; Python expects W3C whatever propagators the application uses. */
    private static final TextMapSetter<Map<String, String>> INTO_MAP = (carrier, key, value) -> {
        if (carrier != null) {
            carrier.put(key, value);
        }
    };

    private final Tracer tracer;

    /** Spans from {@code openTelemetry}'s tracer of scope {@value #INSTRUMENTATION_SCOPE}. */
    public RunTracing(OpenTelemetry openTelemetry) {
        this(Objects.requireNonNull(openTelemetry, "openTelemetry").getTracer(INSTRUMENTATION_SCOPE));
    }

    /** Spans from this tracer. */
    public RunTracing(Tracer tracer) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
    }

    /** Adds this object's per-run listener to {@code builder} ({@link WorkflowRunner.Builder#listenerPerRun}). */
    public WorkflowRunner.Builder instrument(WorkflowRunner.Builder builder) {
        return builder.listenerPerRun(this::listenerFor);
    }

    /**
     * The listener that traces one run; call it on the thread that starts the run (its current context is the run
     * span's parent), and hand it that run's events only.
     */
    public RunListener listenerFor(RunInfo run) {
        String backend = run.backend() == null ? "unknown" : run.backend();
        Span runSpan = tracer.spanBuilder("run " + run.workflow())
                .setParent(Context.current())
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(RUN_ID_KEY, run.runId())
                .setAttribute(PACKAGE_KEY, run.packageName())
                .setAttribute(WORKFLOW_KEY, run.workflow())
                .setAttribute(BACKEND_KEY, backend)
                .startSpan();
        return new Listener(runSpan, backend);
    }

    static String errorType(TaskError error) {
        return error.pythonType().orElse(error.getClass().getSimpleName());
    }

    /** One run's spans; its events come one at a time, so a plain map does. */
    private final class Listener implements RunListener {
        private final Span runSpan;
        private final Context runContext;
        private final String backend;
        /** The span of each task's attempt in flight (a task has one attempt at a time). */
        private final Map<String, Span> attempts = new HashMap<>();

        Listener(Span runSpan, String backend) {
            this.runSpan = runSpan;
            this.runContext = Context.root().with(runSpan);
            this.backend = backend;
        }

        @Override
        public Map<String, String> attemptValues(String taskId, int attempt) {
            Span span = tracer.spanBuilder("task " + taskId)
                    .setParent(runContext)
                    .setSpanKind(SpanKind.INTERNAL)
                    .setAttribute(TASK_ID_KEY, taskId)
                    .setAttribute(ATTEMPT_KEY, (long) attempt)
                    .setAttribute(BACKEND_KEY, backend)
                    .startSpan();
            Span earlier = attempts.put(taskId, span);
            if (earlier != null) {
                earlier.end(); // never: the runner finishes an attempt before the next starts
            }
            if (!span.getSpanContext().isValid()) {
                return Map.of(); // no SDK: nothing to join
            }
            Map<String, String> values = new LinkedHashMap<>();
            W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), values, INTO_MAP);
            return values;
        }

        @Override
        public void taskStarted(String taskId, int attempt) {
            Span span = attempts.get(taskId);
            if (span != null) {
                span.addEvent("cloacina.task.started");
            }
        }

        @Override
        public void attemptFinished(String taskId, Attempt attempt) {
            Span span = attempts.remove(taskId);
            if (span == null) {
                return;
            }
            TaskError failure = attempt.failure();
            if (failure == null) {
                span.setAttribute(OUTCOME_KEY, "succeeded");
            } else if (failure instanceof TaskError.Cancelled) {
                span.setAttribute(OUTCOME_KEY, "cancelled"); // asked for: not an error of the task
            } else {
                String type = errorType(failure);
                span.setAttribute(OUTCOME_KEY, "failed");
                span.setAttribute(ERROR_TYPE_KEY, type);
                span.setStatus(StatusCode.ERROR, failure.getMessage());
                // The Python traceback, not the Java one: the bridge's frames say nothing about the task's bug.
                span.addEvent("exception", Attributes.of(EXCEPTION_TYPE, type,
                        EXCEPTION_MESSAGE, String.valueOf(failure.getMessage()),
                        EXCEPTION_STACKTRACE, failure.traceback().orElse("")));
            }
            span.end();
        }

        @Override
        public void taskRetrying(String taskId, int failedAttempt, int maxAttempts, Duration delay, TaskError error) {
            runSpan.addEvent("cloacina.task.retrying", Attributes.of(TASK_ID_KEY, taskId,
                    ATTEMPT_KEY, (long) failedAttempt, ERROR_TYPE_KEY, errorType(error), DELAY_KEY, delay.toMillis()));
        }

        @Override
        public void taskSkipped(TaskOutcome.Skipped outcome) {
            runSpan.addEvent("cloacina.task.skipped", Attributes.of(TASK_ID_KEY, outcome.taskId(),
                    REASON_KEY, outcome.reason()));
            endNeverStarted(outcome.taskId(), "skipped");
        }

        @Override
        public void taskCancelled(TaskOutcome.Cancelled outcome) {
            endNeverStarted(outcome.taskId(), "cancelled");
        }

        /**
         * An attempt handed to the backend that never started: the run took it back from the backend's queue
         * (fail-fast, cancel). Its span ends now, saying so, rather than with the run.
         */
        private void endNeverStarted(String taskId, String outcome) {
            Span span = attempts.remove(taskId);
            if (span != null) {
                span.setAttribute(OUTCOME_KEY, outcome);
                span.end();
            }
        }

        @Override
        public void runFinished(WorkflowResult result) {
            attempts.values().forEach(Span::end); // none, unless the runner itself failed
            attempts.clear();
            runSpan.setAttribute(OUTCOME_KEY, result.status().name().toLowerCase(Locale.ROOT));
            if (result.status() == WorkflowResult.Status.FAILED) {
                runSpan.setStatus(StatusCode.ERROR, result.failures().isEmpty() ? "a task was cancelled"
                        : result.failures().size() + " task(s) failed, first '" + result.failures().get(0).taskId() + "'");
            }
            runSpan.end();
        }
    }
}
