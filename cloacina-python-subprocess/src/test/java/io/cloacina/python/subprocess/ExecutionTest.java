package io.cloacina.python.subprocess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.tck.TaskErrorAssert;
import io.cloacina.spi.ExecutionOptions;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.TaskDescriptor;
import io.cloacina.spi.TaskLogging;
import io.cloacina.tck.CapturingLogProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.event.Level;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("subprocess backend: discovery and execution against real python3 workers")
class ExecutionTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    private static SubprocessRuntime runtime;
    private static LoadedPackage demo;

    @BeforeAll
    static void load() {
        runtime = TestPackages.runtime(2);
        demo = runtime.load(DemoPackage.write(dir.resolve("demo")));
    }

    @AfterAll
    static void close() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static Context run(String taskId, Context input) throws Exception {
        return demo.executor().execute(taskId, input).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static TaskError failure(CompletableFuture<Context> future) {
        return TaskErrorAssert.failureOf(future, WAIT);
    }

    private static long pid() throws Exception {
        return run("pid", new Context()).get("pid").orElseThrow().asLong();
    }

    @Test
    void discovers_the_tasks_in_declaration_order_with_dependencies_and_async() {
        List<TaskDescriptor> tasks = demo.discovery().tasks();
        assertEquals(List.of("double", "inspect", "chatty", "reads_stdin", "exit3", "segfault", "sleep",
                "native_spin", "spawn_child", "interval", "fails", "missing_key", "pid", "async_sum", "prints_later"),
                tasks.stream().map(TaskDescriptor::id).toList());
        TaskDescriptor inspect = demo.discovery().task("inspect").orElseThrow();
        assertEquals("inspect_values", inspect.functionName());
        assertEquals(List.of("double"), inspect.dependencies());
        assertFalse(inspect.async());
        assertTrue(demo.discovery().task("async_sum").orElseThrow().async());
        assertEquals("demo", demo.pythonPackage().name());
    }

    @Test
    void a_context_round_trips_exactly_with_big_integers_and_non_bmp_unicode() throws Exception {
        BigInteger big = BigInteger.TWO.pow(100).negate().add(BigInteger.valueOf(7));
        String text = "héllo 日本語 😀 𝄞 \u0000 \"quoted\" \\ end";
        ObjectNode nested = JSON.objectNode();
        nested.put("pi", 3.141592653589793).putNull("nothing").put("yes", true);
        ArrayNode list = nested.putArray("list");
        list.add(BigInteger.TWO.pow(70)).add(-1).add("𝄞");
        Context input = new Context()
                .set("n", 21)
                .set("big", JSON.numberNode(big))
                .set("text", text)
                .set("nested", nested);

        Context output = run("inspect", input);

        assertEquals(big.add(BigInteger.ONE), output.get("big_plus_one").orElseThrow().bigIntegerValue());
        assertEquals("int", output.get("big_type").orElseThrow().asText());
        // Python counts code points: each non-BMP character arrived as one character, not a surrogate pair.
        assertEquals(text.codePointCount(0, text.length()), output.get("text_code_points").orElseThrow().asInt());
        assertEquals(new StringBuilder(text).reverse().toString(), output.get("text_reversed").orElseThrow().asText());
        assertEquals(JSON.numberNode(big), output.get("big").orElseThrow());
        assertEquals(text, output.get("text").orElseThrow().asText());
        assertEquals(nested, output.get("nested").orElseThrow());
        assertEquals(List.of("n", "big", "text", "nested", "big_plus_one", "big_type", "text_code_points",
                "text_reversed"), output.keys());
        assertEquals(21, input.get("n").orElseThrow().asInt(), "the caller's context is not modified");
    }

    @Test
    void printed_output_and_c_level_writes_never_corrupt_the_protocol_and_reach_the_task_logger() throws Exception {
        Context output = run("chatty", new Context().set("n", 1));
        // stderr's C-level lines are read by their own thread, not ordered with the result: wait for them, bounded.
        List<CapturingLogProvider.Event> events = awaitEvents(e -> "chatty".equals(e.mdc().get(TaskLogging.MDC_TASK_ID)),
                "C-level stderr, last thing the task does");
        assertTrue(output.get("ok").orElseThrow().asBoolean());
        assertTrue(has(events, TaskLogging.STDOUT_LOGGER, Level.INFO, "hello from print ✓😀"), events::toString);
        // stderr is read apart from the result, yet each line is the task's, however late it is read.
        assertTrue(has(events, TaskLogging.STDERR_LOGGER, Level.WARN, "to stderr"), events::toString);
        assertTrue(has(events, TaskLogging.STDERR_LOGGER, Level.WARN, "C-level stderr, last thing the task does"),
                events::toString);
        assertTrue(events.stream().anyMatch(e -> e.message().contains("C-level write")), events::toString);
        assertTrue(has(events, TaskLogging.STDOUT_LOGGER, Level.INFO, "partial line without newline"), events::toString);
        assertTrue(has(events, TaskLogging.STDOUT_LOGGER, Level.INFO, "x".repeat(100_000)),
                "the 100 000-character line is forwarded whole");
        assertTrue(events.stream().noneMatch(e -> e.message().isEmpty()), "no empty line after the long one");
        assertEquals(42, run("double", new Context().set("n", 21)).get("n").orElseThrow().asInt(),
                "the worker still speaks the protocol");
    }

    @Test
    void output_written_between_requests_is_forwarded_too() throws Exception {
        run("prints_later", new Context());
        List<CapturingLogProvider.Event> events = awaitEvents(e -> e.message().contains("after the task returned"),
                "C-level write after the task returned");
        assertTrue(has(events, TaskLogging.STDOUT_LOGGER, Level.INFO, "printed after the task returned"), events::toString);
        assertTrue(has(events, TaskLogging.STDOUT_LOGGER, Level.INFO, "C-level write after the task returned"),
                events::toString);
        assertTrue(events.stream().noneMatch(e -> e.mdc().containsKey(TaskLogging.MDC_TASK_ID)),
                "written after the task: no task in the MDC " + events);
        assertEquals(8, run("double", new Context().set("n", 4)).get("n").orElseThrow().asInt());
    }

    private static List<CapturingLogProvider.Event> awaitEvents(Predicate<CapturingLogProvider.Event> filter,
                                                                String last) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<CapturingLogProvider.Event> events = CapturingLogProvider.events(filter);
        while (events.stream().noneMatch(e -> e.message().equals(last)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            events = CapturingLogProvider.events(filter);
        }
        return events;
    }

    private static boolean has(List<CapturingLogProvider.Event> events, String logger, Level level, String message) {
        return events.stream().anyMatch(e -> e.logger().equals(logger) && e.level() == level && e.message().equals(message));
    }

    @Test
    void a_task_reading_stdin_gets_end_of_file_not_the_protocol() throws Exception {
        assertEquals("", run("reads_stdin", new Context()).get("stdin").orElseThrow().asText());
        assertEquals(8, run("double", new Context().set("n", 4)).get("n").orElseThrow().asInt());
    }

    @Test
    void a_worker_that_exits_mid_task_fails_with_worker_crashed_and_is_replaced() throws Exception {
        TaskError crash = failure(demo.executor().execute("exit3", new Context()));
        TaskError.WorkerCrashed crashed = assertInstanceOf(TaskError.WorkerCrashed.class, crash);
        assertEquals("exit3", crashed.taskId());
        assertTrue(crashed.getMessage().contains("exit code 3"), crashed.getMessage());
        assertEquals(14, run("double", new Context().set("n", 7)).get("n").orElseThrow().asInt());
    }

    @Test
    void a_segfault_fails_with_worker_crashed_naming_the_signal_and_quoting_stderr() throws Exception {
        TaskError crash = failure(demo.executor().execute("segfault", new Context()));
        assertInstanceOf(TaskError.WorkerCrashed.class, crash);
        assertTrue(crash.getMessage().contains("signal 11 (SIGSEGV)"), crash.getMessage());
        assertTrue(crash.getMessage().contains("Segmentation fault"), crash.getMessage());
        assertTrue(crash.getMessage().contains("tasks.py"), "faulthandler's traceback names the task's file: "
                + crash.getMessage());
        assertEquals(2, run("double", new Context().set("n", 1)).get("n").orElseThrow().asInt());
    }

    @Test
    void a_task_past_its_timeout_fails_with_timeout_its_worker_is_killed_and_the_next_task_runs() throws Exception {
        Path pidFile = dir.resolve("timeout.pid");
        CompletableFuture<Context> slow = demo.executor().execute("sleep",
                new Context().set("pid_file", pidFile.toString()).set("seconds", 120),
                ExecutionOptions.withTimeout(Duration.ofSeconds(3)));
        TaskError timeout = failure(slow);
        assertInstanceOf(TaskError.Timeout.class, timeout);
        assertEquals("sleep", timeout.taskId());
        long workerPid = Long.parseLong(Files.readString(pidFile));
        assertTrue(TestPackages.ends(workerPid, WAIT), "the worker that ran past its timeout was killed");
        assertEquals(10, run("double", new Context().set("n", 5)).get("n").orElseThrow().asInt());
    }

    @Test
    void a_task_stuck_in_c_code_holding_the_gil_is_stopped_at_its_timeout() throws Exception {
        Path pidFile = dir.resolve("spin.pid");
        TaskError timeout = failure(demo.executor().execute("native_spin",
                new Context().set("pid_file", pidFile.toString()), ExecutionOptions.withTimeout(Duration.ofSeconds(3))));
        assertInstanceOf(TaskError.Timeout.class, timeout);
        long workerPid = Long.parseLong(Files.readString(pidFile));
        assertTrue(TestPackages.ends(workerPid, WAIT), "the worker spinning in C was killed");
        assertEquals(18, run("double", new Context().set("n", 9)).get("n").orElseThrow().asInt());
    }

    @Test
    void cancel_true_kills_the_worker_running_the_task_and_the_pool_recovers() throws Exception {
        Path pidFile = dir.resolve("cancel.pid");
        CompletableFuture<Context> slow = demo.executor().execute("sleep",
                new Context().set("pid_file", pidFile.toString()).set("seconds", 120));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.exists(pidFile) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long workerPid = Long.parseLong(Files.readString(pidFile));

        assertTrue(slow.cancel(true));

        assertTrue(slow.isCancelled());
        assertThrows(CancellationException.class, slow::join);
        assertTrue(TestPackages.ends(workerPid, WAIT), "the cancelled task's worker was killed");
        assertEquals(6, run("double", new Context().set("n", 3)).get("n").orElseThrow().asInt());
    }

    @Test
    void python_exceptions_become_typed_errors_with_the_users_traceback() throws Exception {
        TaskError failed = failure(demo.executor().execute("fails", new Context().set("order", 17)));
        TaskError.ExecutionFailed execution = assertInstanceOf(TaskError.ExecutionFailed.class, failed);
        assertEquals("ValueError", execution.pythonType().orElseThrow());
        assertTrue(execution.getMessage().contains("bad order 17"), execution.getMessage());
        assertTrue(execution.traceback().orElseThrow().contains("tasks.py"), execution.traceback().orElseThrow());

        TaskError keyError = failure(demo.executor().execute("missing_key", new Context()));
        assertInstanceOf(TaskError.ExecutionFailed.class, keyError);
        assertTrue(keyError.getMessage().startsWith("Context key error: "), keyError.getMessage());

        TaskError unknown = failure(demo.executor().execute("no_such_task", new Context()));
        assertInstanceOf(TaskError.TaskNotFound.class, unknown);
        assertTrue(unknown.getMessage().contains("no_such_task"), unknown.getMessage());
    }

    @Test
    void a_ten_megabyte_context_round_trips() throws Exception {
        String big = "ab😀".repeat(2_500_000);
        Context output = run("inspect", new Context().set("n", 1).set("big", 1).set("text", big));
        assertEquals(big.codePointCount(0, big.length()), output.get("text_code_points").orElseThrow().asInt());
        assertEquals(big, output.get("text").orElseThrow().asText());
    }

    @ParameterizedTest(name = "depth {0}")
    @ValueSource(ints = {990, 1_900})
    void a_deeply_nested_context_round_trips_or_is_refused_but_never_costs_a_worker(int depth) throws Exception {
        // Both deeper than Python's json module accepts by default (1 900 is also near ContextJson's limit).
        ArrayNode deep = JSON.arrayNode();
        ArrayNode level = deep;
        for (int i = 0; i < depth; i++) {
            level = level.addArray();
        }
        level.add(42);
        CompletableFuture<Context> future = demo.executor().execute("double",
                new Context().set("n", 1).set("deep", deep));
        try {
            assertEquals(deep, future.get(WAIT.toSeconds(), TimeUnit.SECONDS).get("deep").orElseThrow());
        } catch (ExecutionException refused) {
            // A lost worker would be WorkerCrashed here.
            TaskError error = assertInstanceOf(TaskError.ValidationFailed.class, refused.getCause());
            assertTrue(error.getMessage().contains("JSON"), error.getMessage());
        }
        assertEquals(4, run("double", new Context().set("n", 2)).get("n").orElseThrow().asInt());
    }

    @Test
    void an_integer_longer_than_pythons_default_digit_limit_round_trips_or_is_refused_but_never_costs_a_worker()
            throws Exception {
        // CPython >= 3.11 (and late 3.10s) refuse int <-> str conversions beyond 4 300 digits by default.
        BigInteger huge = BigInteger.TEN.pow(5_000).add(BigInteger.ONE);
        CompletableFuture<Context> future = demo.executor().execute("double",
                new Context().set("n", JSON.numberNode(huge)));
        try {
            assertEquals(huge.shiftLeft(1), future.get(WAIT.toSeconds(), TimeUnit.SECONDS).get("n").orElseThrow()
                    .bigIntegerValue());
        } catch (ExecutionException refused) {
            TaskError error = assertInstanceOf(TaskError.ValidationFailed.class, refused.getCause());
            assertTrue(error.getMessage().contains("digits"), error.getMessage());
        }
        assertEquals(4, run("double", new Context().set("n", 2)).get("n").orElseThrow().asInt());
    }

    @Test
    void async_tasks_run() throws Exception {
        ArrayNode values = JSON.arrayNode().add(1).add(2).add(3);
        JsonNode sum = run("async_sum", new Context().set("values", values)).get("sum").orElseThrow();
        assertEquals(6, sum.asInt());
    }

    @Test
    void a_worker_killed_while_idle_is_replaced_without_failing_the_next_task() throws Exception {
        long first = pid();
        ProcessHandle.of(first).orElseThrow().destroyForcibly();
        assertTrue(TestPackages.ends(first, WAIT));
        for (int i = 0; i < 4; i++) {
            assertEquals(2 * i, run("double", new Context().set("n", i)).get("n").orElseThrow().asInt());
        }
    }
}
