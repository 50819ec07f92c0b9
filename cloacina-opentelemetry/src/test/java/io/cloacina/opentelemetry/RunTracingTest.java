package io.cloacina.opentelemetry;

import io.cloacina.packaging.OpenedPackage;
import io.cloacina.packaging.PackageReader;
import io.cloacina.python.subprocess.SubprocessRuntime;
import io.cloacina.python.subprocess.SubprocessSettings;
import io.cloacina.runner.WorkflowResult;
import io.cloacina.runner.WorkflowRun;
import io.cloacina.runner.WorkflowRunner;
import io.cloacina.spi.LoadedPackage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real runs on the subprocess backend, traced into the SDK's in-memory exporter. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunTracingTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private SubprocessRuntime runtime;
    private InMemorySpanExporter exporter;
    private OpenTelemetrySdk sdk;

    @BeforeAll
    void startBackend() {
        runtime = new SubprocessRuntime(SubprocessSettings.fromEnvironment().withWorkers(2));
    }

    @AfterAll
    void stopBackend() {
        runtime.close();
    }

    @BeforeEach
    void startSdk() {
        exporter = InMemorySpanExporter.create();
        sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
    }

    @AfterEach
    void stopSdk() {
        sdk.close();
    }

    private WorkflowResult run(Path pkg, io.cloacina.context.Context initial, boolean failFast) throws Exception {
        WorkflowRunner runner = new RunTracing(sdk).instrument(WorkflowRunner.builder().failFast(failFast)).build();
        try (OpenedPackage opened = new PackageReader().open(pkg);
             LoadedPackage loaded = runtime.load(opened.pythonPackage())) {
            WorkflowRun run = runner.start(runtime, loaded, initial);
            return run.await(WAIT);
        }
    }

    private static Path etl() {
        return Path.of("").toAbsolutePath().getParent().resolve("examples/etl");
    }

    @Test
    void the_etl_example_is_one_run_span_with_a_child_span_per_task_under_the_callers_span() throws Exception {
        Tracer callerTracer = sdk.getTracer("test");
        Span caller = callerTracer.spanBuilder("request").startSpan();
        WorkflowResult result;
        try (Scope ignored = caller.makeCurrent()) {
            result = run(etl(), new io.cloacina.context.Context(), true);
        } finally {
            caller.end();
        }

        assertTrue(result.succeeded(), result::toString);
        List<SpanData> spans = exporter.getFinishedSpanItems();
        SpanData runSpan = only(spans, "run etl");
        assertEquals(caller.getSpanContext().getSpanId(), runSpan.getParentSpanId(), "the run joins the caller's trace");
        assertEquals(caller.getSpanContext().getTraceId(), runSpan.getTraceId());
        assertEquals("etl", runSpan.getAttributes().get(AttributeKey.stringKey(RunTracing.PACKAGE)));
        assertEquals("subprocess", runSpan.getAttributes().get(AttributeKey.stringKey(RunTracing.BACKEND)));
        assertEquals("succeeded", runSpan.getAttributes().get(AttributeKey.stringKey(RunTracing.OUTCOME)));
        assertEquals(StatusCode.UNSET, runSpan.getStatus().getStatusCode());

        Map<String, SpanData> tasks = spans.stream().filter(s -> s.getName().startsWith("task "))
                .collect(Collectors.toMap(SpanData::getName, Function.identity()));
        assertEquals(List.of("task convert_to_eur", "task extract", "task load", "task totals_by_region"),
                tasks.keySet().stream().sorted().toList());
        for (SpanData task : tasks.values()) {
            assertEquals(runSpan.getSpanId(), task.getParentSpanId(), task.getName() + " is a child of the run");
            assertEquals(runSpan.getTraceId(), task.getTraceId());
            assertEquals(1L, task.getAttributes().get(AttributeKey.longKey(RunTracing.ATTEMPT)));
            assertEquals("succeeded", task.getAttributes().get(AttributeKey.stringKey(RunTracing.OUTCOME)));
            assertTrue(task.getStartEpochNanos() >= runSpan.getStartEpochNanos() && task.getEndEpochNanos() <= runSpan.getEndEpochNanos(),
                    task.getName() + " lies within its run");
        }
        SpanData extract = tasks.get("task extract");
        SpanData load = tasks.get("task load");
        assertTrue(extract.getEndEpochNanos() <= load.getStartEpochNanos(), "load starts after its dependencies");
        assertEquals(6, spans.size(), "the caller's span, the run's and four tasks': " + spans);
    }

    @Test
    void python_reads_its_attempts_traceparent_and_a_failure_is_an_error_span() throws Exception {
        Path traced = Path.of(RunTracingTest.class.getResource("/packages/traced").toURI());

        WorkflowResult result = run(traced, new io.cloacina.context.Context(), false);

        assertEquals(WorkflowResult.Status.FAILED, result.status());
        List<SpanData> spans = exporter.getFinishedSpanItems();
        SpanData runSpan = only(spans, "run traced");
        assertFalse(SpanId.isValid(runSpan.getParentSpanId()), "no current span at start: a new trace");
        SpanData whoami = only(spans, "task whoami");
        String seen = result.outcome("whoami").orElseThrow().output().orElseThrow().get("traceparent").orElseThrow()
                .asText();
        assertEquals("00-" + whoami.getTraceId() + "-" + whoami.getSpanId() + "-"
                + whoami.getSpanContext().getTraceFlags().asHex(), seen,
                "cloaca.current_traceparent() is the attempt's own span, in the run's trace");

        SpanData broken = only(spans, "task broken");
        assertEquals(StatusCode.ERROR, broken.getStatus().getStatusCode());
        assertTrue(broken.getStatus().getDescription().contains("broken on purpose"), broken.getStatus().toString());
        assertEquals("ValueError", broken.getAttributes().get(AttributeKey.stringKey(RunTracing.ERROR_TYPE)));
        assertEquals("failed", broken.getAttributes().get(AttributeKey.stringKey(RunTracing.OUTCOME)));
        EventData exception = broken.getEvents().stream().filter(e -> e.getName().equals("exception")).findFirst()
                .orElseThrow();
        assertTrue(exception.getAttributes().get(AttributeKey.stringKey("exception.stacktrace")).contains("tracedtasks.py"),
                "the Python traceback, naming the task's file");

        assertTrue(spans.stream().noneMatch(s -> s.getName().equals("task after")), "a skipped task has no span");
        assertTrue(runSpan.getEvents().stream().anyMatch(e -> e.getName().equals("cloacina.task.skipped")
                && "after".equals(e.getAttributes().get(AttributeKey.stringKey(RunTracing.TASK_ID)))));
        assertEquals(StatusCode.ERROR, runSpan.getStatus().getStatusCode());
        assertEquals("failed", runSpan.getAttributes().get(AttributeKey.stringKey(RunTracing.OUTCOME)));
    }

    @Test
    void without_an_sdk_nothing_is_handed_to_python() throws Exception {
        WorkflowRunner runner = new RunTracing(io.opentelemetry.api.OpenTelemetry.noop())
                .instrument(WorkflowRunner.builder().failFast(false)).build();
        Path traced = Path.of(RunTracingTest.class.getResource("/packages/traced").toURI());
        try (OpenedPackage opened = new PackageReader().open(traced);
             LoadedPackage loaded = runtime.load(opened.pythonPackage())) {
            WorkflowResult result = runner.start(runtime, loaded, new io.cloacina.context.Context()).await(WAIT);
            assertTrue(result.outcome("whoami").orElseThrow().output().orElseThrow().get("traceparent").orElseThrow()
                    .isNull(), "no span, no traceparent");
        }
    }

    @Test
    void an_attempt_taken_back_before_it_started_ends_its_span_with_the_tasks_outcome() {
        // The runner hands tasks ahead to the backend's queue and may take them back (fail-fast): no start, no finish.
        io.cloacina.runner.RunListener listener = new RunTracing(sdk).listenerFor(new io.cloacina.runner.RunInfo("r",
                "p", "w", "b", io.cloacina.runner.TaskGraph.of(List.of()), 1));
        assertFalse(listener.attemptValues("queued", 1).isEmpty(), "a traceparent went with the hand-over");
        listener.taskSkipped(new io.cloacina.runner.TaskOutcome.Skipped("queued", "other", "not started: fail-fast"));

        SpanData queued = only(exporter.getFinishedSpanItems(), "task queued");
        assertEquals("skipped", queued.getAttributes().get(AttributeKey.stringKey(RunTracing.OUTCOME)));
        assertTrue(exporter.getFinishedSpanItems().stream().noneMatch(s -> s.getName().equals("run w")),
                "the run span is still open");
    }

    private static SpanData only(List<SpanData> spans, String name) {
        List<SpanData> named = spans.stream().filter(s -> s.getName().equals(name)).toList();
        assertEquals(1, named.size(), "spans named '" + name + "' among " + spans);
        return named.get(0);
    }
}
