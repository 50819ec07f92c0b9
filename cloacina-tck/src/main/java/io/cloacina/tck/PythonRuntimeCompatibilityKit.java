package io.cloacina.tck;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.spi.PythonPackage;
import io.cloacina.runtime.PythonRuntimes;
import io.cloacina.spi.AttemptValues;
import io.cloacina.spi.Availability;
import io.cloacina.spi.Capability;
import io.cloacina.spi.ExecutionOptions;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.PythonRuntime;
import io.cloacina.spi.PackageFormat;
import io.cloacina.spi.RetryPolicy;
import io.cloacina.spi.TaskDescriptor;
import io.cloacina.spi.TaskLogging;
import io.cloacina.spi.TaskMetadata;
import io.cloacina.spi.TriggerDescriptor;
import io.cloacina.spi.TriggerRule;
import io.cloacina.spi.WorkflowDescriptor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The compatibility kit every Python backend must pass. A backend's test subclasses it and supplies the
 * runtime:
 *
 * <pre>{@code
 * class SubprocessCompatibilityTest extends PythonRuntimeCompatibilityKit {
 *     @Override
 *     protected PythonRuntime createRuntime() {
 *         return new SubprocessPythonRuntime();
 *     }
 * }
 * }</pre>
 *
 * <p>One runtime serves the whole run, and each area loads its fixture packages once, because starting an
 * interpreter can take seconds. Tests named {@code required_...} state what every backend must do; tests
 * named {@code optional_...} check a declared {@link Capability} and are skipped, saying what is left
 * unverified, when the backend does not declare it. Every wait is bounded; slow machines stretch the bounds
 * with {@code -Dcloacina.tck.timeout.scale=3} (or by overriding {@link #timeoutScale()}).
 *
 * @since 0.1
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PythonRuntimeCompatibilityKit {

    private static final Duration TASK_WAIT = Duration.ofSeconds(30);
    private static final Duration LOAD_WAIT = Duration.ofSeconds(120);
    private static final Duration CONCURRENCY_WAIT = Duration.ofSeconds(180);
    private static final Duration THREAD_EXIT_WAIT = Duration.ofSeconds(10);

    private PythonRuntime runtime;
    private TckPackages packages;
    private Set<Thread> threadsBeforeRuntime;
    private final List<LoadedPackage> opened = Collections.synchronizedList(new ArrayList<>());

    /** For a backend's test class to extend. */
    protected PythonRuntimeCompatibilityKit() {
    }

    /** The backend under test, fresh. Called once per run of the kit; the kit closes it at the end. */
    protected abstract PythonRuntime createRuntime();

    /** Factor applied to every wait; defaults to {@code -Dcloacina.tck.timeout.scale} (1 when unset). */
    protected double timeoutScale() {
        return TckTimeouts.scaleFromSystemProperty();
    }

    /**
     * Names of threads the backend's Python cannot stop and that may therefore outlive
     * {@link PythonRuntime#close()} (Jep's process-wide {@code JepMainInterpreter}, say). Keep it short and say
     * why in the override: every other thread still alive after close is reported as a leak.
     */
    protected Set<String> threadsAllowedToOutliveClose() {
        return Set.of();
    }

    /** How long one task execution may take before the kit calls it hung. */
    protected Duration taskWait() {
        return timeouts().scaled(TASK_WAIT);
    }

    /** How long loading one package may take (interpreter start-up included). */
    protected Duration loadWait() {
        return timeouts().scaled(LOAD_WAIT);
    }

    // ------------------------------------------------------------------------------------------ lifecycle

    @BeforeAll
    final void startRuntime() {
        threadsBeforeRuntime = new HashSet<>(Thread.getAllStackTraces().keySet());
        packages = TckPackages.extract();
        try {
            runtime = createRuntime();
        } catch (RuntimeException | LinkageError failed) {
            throw new AssertionError(getClass().getName() + ".createRuntime() failed: " + failed, failed);
        }
    }

    @AfterAll
    final void stopRuntime() {
        List<Throwable> problems = new ArrayList<>();
        List<LoadedPackage> leftOpen;
        synchronized (opened) {
            leftOpen = List.copyOf(opened);
        }
        for (LoadedPackage pkg : leftOpen) {
            closeQuietly(pkg, problems);
        }
        if (runtime != null) {
            try {
                Bounded.call("backend " + backend() + ": PythonRuntime.close()", loadWait(), () -> {
                    runtime.close();
                    return null;
                }, ignored -> { });
            } catch (Throwable failure) {
                problems.add(failure);
            }
        }
        if (packages != null) {
            packages.close();
        }
        if (problems.isEmpty() && runtime != null) {
            checkNoThreadsLeft(problems);
        }
        if (!problems.isEmpty()) {
            AssertionError error = new AssertionError("backend " + backend() + ": closing failed: "
                    + problems.get(0).getMessage(), problems.get(0));
            problems.subList(1, problems.size()).forEach(error::addSuppressed);
            throw error;
        }
    }

    private void checkNoThreadsLeft(List<Throwable> problems) {
        Set<String> allowed = threadsAllowedToOutliveClose();
        try {
            new TckEnvironment(timeouts().scale()).assertThreadsEnded(threadsBeforeRuntime,
                    thread -> allowed.contains(thread.getName()), THREAD_EXIT_WAIT,
                    "backend " + backend() + ": threads still alive after PythonRuntime.close()");
        } catch (AssertionError left) {
            problems.add(left);
        }
    }

    // -------------------------------------------------------------------------------------- the runtime

    @Test
    @DisplayName("required: the runtime under test is usable (not null, available here, named)")
    void required_runtimeIsUsable() {
        assertNotNull(runtime, getClass().getName() + ".createRuntime() returned null: it must return the backend under test");
        Availability availability = runtime.availability();
        assertNotNull(availability, "backend " + backend() + ": availability() returned null");
        assertTrue(availability.available(), "backend " + backend() + " is not available here: " + availability.reason());
        String name = runtime.name();
        assertTrue(name != null && !name.isBlank(), "backend " + runtime.getClass().getName() + ": name() is blank");
        assertNotNull(runtime.capabilities(), "backend " + backend() + ": capabilities() returned null");
        assertTrue(runtime.parallelism() >= 1, "backend " + backend() + ": parallelism() is "
                + runtime.parallelism() + ", must be at least 1");
    }

    @Test
    @DisplayName("required: the backend is registered with ServiceLoader under its name")
    void required_backendIsRegisteredWithServiceLoader() {
        requireUsableRuntime();
        PythonRuntime selected;
        try {
            selected = PythonRuntimes.select(runtime.name());
        } catch (RuntimeException notFound) {
            throw new AssertionError("backend " + backend() + " is not registered with ServiceLoader: declare "
                    + runtime.getClass().getName() + " in META-INF/services/" + PythonRuntime.class.getName()
                    + " and with 'provides' in module-info (" + notFound.getMessage() + ")", notFound);
        }
        try {
            assertEquals(runtime.getClass(), selected.getClass(), "backend " + backend()
                    + ": PythonRuntimes.select(\"" + runtime.name() + "\") chose another implementation");
        } finally {
            if (selected != runtime) {
                selected.close();
            }
        }
    }

    @Test
    @DisplayName("required: capabilities() lists capabilities in Capability's declaration order")
    void required_capabilitiesHaveAStableOrder() {
        requireUsableRuntime();
        List<Capability> listed = List.copyOf(runtime.capabilities());
        List<Capability> declarationOrder = listed.stream().sorted().toList();
        assertEquals(declarationOrder, listed, "backend " + backend() + ": capabilities() iterates out of "
                + "Capability's declaration order, so it prints differently from run to run (return an EnumSet, "
                + "or Collections.unmodifiableSet of one; Set.of and Set.copyOf have no stable order)");
    }

    // ------------------------------------------------------------------------------------------ discovery

    @Nested
    @DisplayName("discovery: loading a package finds its tasks")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Discovery {

        private LoadedPackage disc;

        @BeforeAll
        void loadOnce() {
            requireUsableRuntime();
            disc = load("discovery");
        }

        @AfterAll
        void closeAll() {
            close(disc);
        }

        @Test
        @DisplayName("required: every task is listed in declaration order with its id, function, dependencies and async flag")
        void required_everyTaskIsDiscovered() {
            List<TaskDescriptor> expected = List.of(
                    new TaskDescriptor("bare", "bare", List.of(), false),
                    new TaskDescriptor("extract", "extract_rows", List.of(), false),
                    new TaskDescriptor("transform", "transform_rows", List.of("extract"), true),
                    new TaskDescriptor("load", "load_rows", List.of("extract", "transform"), false));
            assertEquals(expected, disc.discovery().tasks(), "backend " + backend()
                    + ": tasks discovered in package " + disc.pythonPackage().name());
            assertEquals("tck-discovery", disc.pythonPackage().name(), "backend " + backend() + ": LoadedPackage.pythonPackage() is not the package loaded");
        }

        @Test
        @DisplayName("required: discovered tasks run, a bare one, an async one and ones whose dependencies were functions")
        void required_discoveredTasksRun() {
            Context bare = run(disc, "bare", new Context());
            assertJson(json("true"), value(bare, "bare", "bare"));
            Context extracted = run(disc, "extract", new Context());
            assertJson(json("[1,2,3]"), value(extracted, "extract", "rows"));
            Context transformed = run(disc, "transform", extracted);
            assertJson(json("[10,20,30]"), value(transformed, "transform", "rows"),
                    "backend " + backend() + ": async task transform");
            Context loaded = run(disc, "load", transformed);
            assertJson(json("60"), value(loaded, "load", "loaded"));
        }

        @Test
        @DisplayName("required: a module without tasks loads with an empty task list")
        void required_moduleWithoutTasksLoadsEmpty() {
            LoadedPackage quiet = load("no_tasks");
            try {
                assertEquals(List.of(), quiet.discovery().tasks(), "backend " + backend()
                        + ": package tck-no_tasks registers no task");
            } finally {
                close(quiet);
            }
        }

        @Test
        @DisplayName("required: an import of a missing module fails the load with ImportFailed")
        void required_missingImportFailsLoad() {
            TaskError error = loadFailure("import_error");
            assertType(TaskError.ImportFailed.class, error, "loading tck-import_error");
            assertContains(error.getMessage(), "Import error (missing dependency?)", "loading tck-import_error: message");
            assertContains(error.getMessage(), "tck_surely_missing_dependency", "loading tck-import_error: message");
            assertTraceback(error, "loading tck-import_error", "needs_missing.py",
                    packages.lineOf("import_error", "workflow/needs_missing.py", "import"));
        }

        @Test
        @DisplayName("required: a syntax error fails the load with ImportFailed naming the file and line")
        void required_syntaxErrorFailsLoad() {
            TaskError error = loadFailure("syntax_error");
            assertType(TaskError.ImportFailed.class, error, "loading tck-syntax_error");
            int line = packages.lineOf("syntax_error", "workflow/syntaxpkg/broken.py", "syntax");
            assertEquals("SyntaxError", error.pythonType().orElse(null), "backend " + backend()
                    + ": loading tck-syntax_error: Python type");
            assertContains(error.getMessage(), "broken.py", "loading tck-syntax_error: message");
            assertTraceback(error, "loading tck-syntax_error", "broken.py", line);
        }

        @Test
        @DisplayName("required: a duplicate task id fails the load with ValidationFailed naming both functions")
        void required_duplicateTaskIdFailsLoad() {
            TaskError error = loadFailure("duplicate_id");
            assertType(TaskError.ValidationFailed.class, error, "loading tck-duplicate_id");
            assertContains(error.getMessage(), "first_same", "loading tck-duplicate_id: message");
            assertContains(error.getMessage(), "second_same", "loading tck-duplicate_id: message");
            assertContains(error.getMessage(), "'same'", "loading tck-duplicate_id: message");
        }

        @Test
        @DisplayName("required: an exception while the entry module imports fails the load with ImportFailed tracing the user's lines")
        void required_exceptionAtImportFailsLoad() {
            TaskError error = loadFailure("raises_at_import");
            assertType(TaskError.ImportFailed.class, error, "loading tck-raises_at_import");
            assertContains(error.getMessage(), "tck settings are missing", "loading tck-raises_at_import: message");
            assertEquals("RuntimeError", error.pythonType().orElse(null), "backend " + backend()
                    + ": loading tck-raises_at_import: Python type");
            assertTraceback(error, "loading tck-raises_at_import", "boom.py",
                    packages.lineOf("raises_at_import", "workflow/boom.py", "call"));
            assertTraceback(error, "loading tck-raises_at_import", "boom.py",
                    packages.lineOf("raises_at_import", "workflow/boom.py", "raise"));
        }

        @Test
        @DisplayName("required: a package that failed to load leaves the runtime able to load the next one")
        void required_failedLoadLeavesRuntimeUsable() {
            loadFailure("raises_at_import");
            LoadedPackage again = load("discovery");
            try {
                assertJson(json("true"), value(run(again, "bare", new Context()), "bare", "bare"));
            } finally {
                close(again);
            }
        }
    }

    // -------------------------------------------------------------------------------------------- context

    @Nested
    @DisplayName("context: values cross to Python and back exactly")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ContextRoundTrips {

        private LoadedPackage ctx;

        @BeforeAll
        void loadOnce() {
            requireUsableRuntime();
            ctx = load("context");
        }

        @AfterAll
        void closeAll() {
            close(ctx);
        }

        @Test
        @DisplayName("required: nested objects and arrays arrive as dicts and lists and come back unchanged")
        void required_nestedObjectsAndArrays() {
            Context input = Context.fromJson("""
                    {"order": {"id": 7, "lines": [{"sku": "a", "qty": 2}, [1, [2, [3]]]], "meta": {}},
                     "tags": [], "list": ["x", {"y": [true]}]}""");
            Context out = run(ctx, "mirror", input);
            assertJson(input.toJsonNode(), value(out, "mirror", "seen"), "backend " + backend()
                    + ": task mirror saw a different context than it was given");
            assertJson(json("""
                    {"order": {"id": "int", "lines": [{"sku": "str", "qty": "int"}, ["int", ["int", ["int"]]]], "meta": {}},
                     "tags": [], "list": ["str", {"y": ["bool"]}]}"""), value(out, "mirror", "types"),
                    "backend " + backend() + ": task mirror: Python types of the input values");
            for (String key : input.keys()) {
                assertJson(input.get(key).orElseThrow(), value(out, "mirror", key), "backend " + backend()
                        + ": task mirror changed input key '" + key + "'");
            }
        }

        @Test
        @DisplayName("required: null values and empty objects survive the round trip; key order is kept")
        void required_nullsEmptiesAndKeyOrderSurvive() {
            Context input = Context.fromJson("""
                    {"zeta": null, "alpha": {}, "mid": {"y": null, "b": [], "a": {"q": null}}}""");
            Context out = run(ctx, "nulls_and_order", input);
            List<String> expectedKeys = List.of("zeta", "alpha", "mid", "made_null", "made_empty", "made_nested");
            for (String key : expectedKeys) {
                assertTrue(out.get(key).isPresent(), "backend " + backend() + ": task nulls_and_order: key '" + key
                        + "' is missing from the output (null-valued or empty keys must come back; a backend that "
                        + "drops them loses data). Output: " + out.toJson());
            }
            assertJson(json("null"), out.get("zeta").orElseThrow(), "backend " + backend() + ": key 'zeta' (input null)");
            assertJson(json("null"), out.get("made_null").orElseThrow(), "backend " + backend()
                    + ": key 'made_null' (None set in Python)");
            assertJson(json("{}"), out.get("made_empty").orElseThrow(), "backend " + backend()
                    + ": key 'made_empty' (an empty dict set in Python)");
            assertJson(json("{\"y\": null, \"b\": [], \"a\": {\"q\": null}}"), out.get("mid").orElseThrow(),
                    "backend " + backend() + ": key 'mid' (nested nulls and empties)");
            assertKeyOrder(expectedKeys, out.keys(), "task nulls_and_order: output keys out of order (the input's "
                    + "keys first, in their order, then the task's in the order it set them)");
            List<String> nested = new java.util.ArrayList<>();
            out.get("made_nested").orElseThrow().fieldNames().forEachRemaining(nested::add);
            assertKeyOrder(List.of("z", "a", "m"), nested, "key 'made_nested': nested keys out of order (Python dicts "
                    + "keep insertion order)");
            List<String> nestedInput = new java.util.ArrayList<>();
            out.get("mid").orElseThrow().fieldNames().forEachRemaining(nestedInput::add);
            assertKeyOrder(List.of("y", "b", "a"), nestedInput, "key 'mid': nested input keys out of order");
        }

        @Test
        @DisplayName("required: a task gets Cloacina's Context API (insert raises ValueError, to_dict, to_json, ...)")
        void required_cloacinaContextApi() {
            Context out = run(ctx, "cloacina_api", Context.fromJson("{\"existing\": 1}"));
            JsonNode report = value(out, "cloacina_api", "report");
            assertJson(json("true"), report.path("is_context"), "backend " + backend()
                    + ": task cloacina_api: the context is not a cloaca.Context");
            assertTrue(report.path("insert_error").asText().startsWith("Key already exists: 'existing'"), "backend "
                    + backend() + ": task cloacina_api: insert of an existing key should raise a ValueError saying "
                    + "'Key already exists', report " + report);
            assertEquals("KeyError", report.path("update_error").asText(), "backend " + backend()
                    + ": task cloacina_api: update of a missing key should raise KeyError, report " + report);
            assertJson(json("true"), report.path("copy_is_separate"), "backend " + backend()
                    + ": task cloacina_api: to_dict() must be a copy");
            assertJson(json("true"), report.path("json_round_trip"), "backend " + backend()
                    + ": task cloacina_api: Context.from_json(to_json()) changed the context");
            assertJson(json("true"), value(out, "cloacina_api", "merged"), "backend " + backend()
                    + ": task cloacina_api: update_from_dict");
        }

        @Test
        @DisplayName("required: a task returning a new cloaca.Context makes it the whole output")
        void required_freshContextIsTheWholeOutput() {
            Context out = run(ctx, "fresh_context", Context.fromJson("{\"input\": 1}"));
            assertJson(json("{\"only\": \"this\"}"), out.toJsonNode(), "backend " + backend()
                    + ": task fresh_context returned cloaca.Context({'only': 'this'})");
        }

        @Test
        @DisplayName("required: unicode text, non-BMP characters (emoji) included, is exact both ways")
        void required_unicodeIsExact() {
            String text = "h\u00e9llo \u4e16\u754c \uD83D\uDE00\uD83C\uDF89";
            Context input = new Context().set("text", text);
            Context out = run(ctx, "unicode_facts", input);
            assertEquals(text.codePointCount(0, text.length()), value(out, "unicode_facts", "code_points").asInt(),
                    "backend " + backend() + ": task unicode_facts: Python counted a different number of code points "
                            + "(non-BMP characters split into surrogates?)");
            assertEquals(0x1F389, value(out, "unicode_facts", "last_code_point").asInt(), "backend " + backend()
                    + ": task unicode_facts: last code point");
            assertEquals("\u00e9\u4e2d\uD83D\uDE80\uD83D\uDE00", value(out, "unicode_facts", "made").asText(),
                    "backend " + backend() + ": task unicode_facts: text made in Python");
            assertEquals(text, value(out, "unicode_facts", "text").asText(), "backend " + backend()
                    + ": task unicode_facts: input text came back changed");
        }

        @Test
        @DisplayName("required: integers beyond 64 bits stay exact in both directions; floats stay floats")
        void required_bigIntegersAndFloats() {
            BigInteger big = BigInteger.TWO.pow(100).add(BigInteger.valueOf(7));
            Context input = Context.fromJson("{\"big\": " + big + ", \"a\": 0.1, \"b\": 0.2, \"whole_float\": 2.0}");
            Context out = run(ctx, "big_numbers", input);
            assertJson(json("true"), value(out, "big_numbers", "big_is_int"), "backend " + backend()
                    + ": task big_numbers: a 101-bit integer did not arrive as a Python int");
            assertEquals(big.add(BigInteger.ONE), value(out, "big_numbers", "big_plus_one").bigIntegerValue(),
                    "backend " + backend() + ": task big_numbers: big + 1 computed in Python");
            assertTrue(value(out, "big_numbers", "big_plus_one").isIntegralNumber(), "backend " + backend()
                    + ": task big_numbers: big + 1 came back as a non-integer");
            assertEquals(BigInteger.TWO.pow(127).negate().subtract(BigInteger.valueOf(5)),
                    value(out, "big_numbers", "made_big").bigIntegerValue(), "backend " + backend()
                            + ": task big_numbers: -(2**127) - 5 made in Python");
            assertEquals(big, value(out, "big_numbers", "big").bigIntegerValue(), "backend " + backend()
                    + ": task big_numbers: input integer came back changed");
            assertEquals(0.1 + 0.2, value(out, "big_numbers", "float_sum").doubleValue(), "backend " + backend()
                    + ": task big_numbers: 0.1 + 0.2 computed in Python");
            assertJson(json("true"), value(out, "big_numbers", "float_is_float"), "backend " + backend()
                    + ": task big_numbers: 2.0 did not arrive as a Python float");
            assertTrue(value(out, "big_numbers", "whole_float").isFloatingPointNumber(), "backend " + backend()
                    + ": task big_numbers: 2.0 came back as an integer");
        }

        @Test
        @DisplayName("required: null, booleans, the empty string and the empty key survive")
        void required_nullBooleansAndEmptiness() {
            Context input = Context.fromJson("{\"\": \"under the empty key\", \"empty\": \"\", \"nothing\": null,"
                    + " \"yes\": true, \"no\": false}");
            Context out = run(ctx, "mirror", input);
            assertJson(input.toJsonNode(), value(out, "mirror", "seen"), "backend " + backend()
                    + ": task mirror saw a different context than it was given");
            assertJson(json("{\"\": \"str\", \"empty\": \"str\", \"nothing\": \"NoneType\", \"yes\": \"bool\", \"no\": \"bool\"}"),
                    value(out, "mirror", "types"), "backend " + backend() + ": task mirror: Python types");
        }

        @Test
        @DisplayName("required: a 10 MB string goes in and another comes out")
        void required_tenMegabyteStrings() {
            String blob = "x".repeat(10 * 1024 * 1024 - 12) + "end-of-blob!";
            Context out = run(ctx, "big_string", new Context().set("blob", blob));
            assertEquals(blob.length(), value(out, "big_string", "blob_length").asInt(), "backend " + backend()
                    + ": task big_string: length seen by Python");
            assertEquals("end-of-blob!", value(out, "big_string", "blob_tail").asText());
            String made = value(out, "big_string", "made_blob").asText();
            assertEquals(10 * 1024 * 1024, made.length(), "backend " + backend() + ": task big_string: length of the string made in Python");
            assertTrue(made.chars().allMatch(c -> c == 'y'), "backend " + backend() + ": task big_string: content of the string made in Python");
        }

        @Test
        @DisplayName("required: changes made in place are returned, and the caller's input is left alone")
        void required_inPlaceChanges() {
            Context input = Context.fromJson("{\"counter\": 1, \"items\": [\"first\"], \"nested\": {\"inner\": {}}}");
            Context out = run(ctx, "modify_in_place", input);
            assertJson(json("{\"counter\": 2, \"items\": [\"first\", \"added\"], \"nested\": {\"inner\": {\"flag\": true}}}"),
                    out.toJsonNode(), "backend " + backend() + ": task modify_in_place: output");
            assertJson(json("{\"counter\": 1, \"items\": [\"first\"], \"nested\": {\"inner\": {}}}"), input.toJsonNode(),
                    "backend " + backend() + ": task modify_in_place: the caller's input context was modified");
        }

        @Test
        @DisplayName("required: a task returning None keeps its in-place changes")
        void required_returnNone() {
            Context out = run(ctx, "return_none", new Context().set("kept", "yes"));
            assertJson(json("{\"kept\": \"yes\", \"touched\": true}"), out.toJsonNode(),
                    "backend " + backend() + ": task return_none: output");
        }

        @Test
        @DisplayName("required: a returned dict is merged into the context")
        void required_returnedDictIsMerged() {
            Context out = run(ctx, "return_dict", Context.fromJson("{\"existing\": \"old\", \"other\": 1}"));
            assertJson(json("{\"existing\": \"replaced\", \"other\": 1, \"added\": \"old!\"}"), out.toJsonNode(),
                    "backend " + backend() + ": task return_dict: output");
        }

        @Test
        @DisplayName("required: a key deleted in place is gone from the output")
        void required_keyDeletedInPlace() {
            Context out = run(ctx, "delete_key", Context.fromJson("{\"remove_me\": [1], \"stay\": 2}"));
            assertFalse(out.containsKey("remove_me"), "backend " + backend()
                    + ": task delete_key deleted 'remove_me' but it is still in the output " + out);
            assertJson(json("{\"stay\": 2, \"kept_count\": 1}"), out.toJsonNode(),
                    "backend " + backend() + ": task delete_key: output");
        }

        @Test
        @DisplayName("required: a value JSON cannot carry is rejected with ValidationFailed naming its key path")
        void required_nonJsonValueRejected() {
            TaskError error = failure(ctx, "non_json_set", new Context());
            assertType(TaskError.ValidationFailed.class, error, "task non_json_set (a set inside a dict)");
            assertContains(error.getMessage(), "report.when", "task non_json_set: message");
            assertEquals("non_json_set", error.taskId(), "backend " + backend() + ": task non_json_set: TaskError.taskId()");
        }

        @Test
        @DisplayName("required: a dict key that is not a string is rejected with ValidationFailed naming its path")
        void required_nonStringKeyRejected() {
            TaskError error = failure(ctx, "int_key", new Context());
            assertType(TaskError.ValidationFailed.class, error, "task int_key (a dict with an int key)");
            assertContains(error.getMessage(), "lookup", "task int_key: message");
        }

        @Test
        @DisplayName("required: a value that contains itself is rejected with ValidationFailed, not walked for ever")
        void required_referenceCycleRejected() {
            TaskError error = failure(ctx, "self_reference", new Context());
            assertType(TaskError.ValidationFailed.class, error, "task self_reference (a dict inside its own list)");
            assertContains(error.getMessage(), "tree.children[0]", "task self_reference: message");
            assertContains(error.getMessage(), "cycle", "task self_reference: message");
        }

        @Test
        @DisplayName("required: returning something other than a dict is rejected naming the task and the type")
        void required_nonDictReturnRejected() {
            TaskError error = failure(ctx, "return_list", new Context());
            assertType(TaskError.ValidationFailed.class, error, "task return_list");
            assertContains(error.getMessage(), "return_list", "task return_list: message");
            assertContains(error.getMessage(), "list", "task return_list: message");
        }

        @Test
        @DisplayName("required: NaN is rejected with ValidationFailed naming the key")
        void required_nanRejected() {
            TaskError error = failure(ctx, "produce_nan", new Context());
            assertType(TaskError.ValidationFailed.class, error, "task produce_nan");
            assertContains(error.getMessage(), "ratio", "task produce_nan: message");
        }

        @Test
        @DisplayName("required: attempt values reach cloaca.current_traceparent(); their reserved key never reaches the "
                + "task or its output")
        void required_attemptValuesReachPythonAndNeverTheOutput() {
            String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
            Context input = AttemptValues.attach(new Context().set("kept", "yes"),
                    Map.of(AttemptValues.TRACEPARENT, traceparent, "tenant", "acme"));
            Context out = run(ctx, "attempt_values", input);
            assertFalse(out.containsKey(AttemptValues.CONTEXT_KEY), "backend " + backend() + ": task attempt_values: "
                    + "the reserved key " + AttemptValues.CONTEXT_KEY + " came back in the output; the bridge "
                    + "(cloaca._host.execute) takes it out of the input: hand the context to it unchanged. Output: " + out);
            assertFalse(value(out, "attempt_values", "saw_reserved_key").asBoolean(), "backend " + backend()
                    + ": task attempt_values saw the reserved key " + AttemptValues.CONTEXT_KEY + " in its context");
            assertEquals(traceparent, value(out, "attempt_values", "traceparent").asText(), "backend " + backend()
                    + ": task attempt_values: cloaca.current_traceparent()");
            assertEquals("acme", value(out, "attempt_values", "tenant").asText(), "backend " + backend()
                    + ": task attempt_values: cloaca.attempt_value(\"tenant\")");
            assertTrue(value(out, "attempt_values", "tracestate").isNull(), "backend " + backend()
                    + ": task attempt_values: cloaca.current_tracestate() without a tracestate must be None");
            assertEquals("yes", value(out, "attempt_values", "kept").asText());

            Context bare = run(ctx, "attempt_values", new Context());
            assertTrue(value(bare, "attempt_values", "traceparent").isNull(), "backend " + backend()
                    + ": an execution given no attempt values saw a traceparent (another execution's?): "
                    + bare.get("traceparent").orElseThrow());
            assertEquals("none", value(bare, "attempt_values", "tenant").asText());
        }
    }

    // ---------------------------------------------------------------------------------------------- async

    @Nested
    @DisplayName("async: async def tasks run to completion and leave nothing behind")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Async {

        private LoadedPackage tasks;

        @BeforeAll
        void loadOnce() {
            requireUsableRuntime();
            tasks = load("async_tasks");
        }

        @AfterAll
        void closeAll() {
            close(tasks);
        }

        @Test
        @DisplayName("required: an async def task is awaited and its result returned")
        void required_asyncTaskRuns() {
            Context out = run(tasks, "simple_async", new Context().set("value", 21));
            assertEquals(42, value(out, "simple_async", "awaited").asInt(), "backend " + backend() + ": task simple_async");
        }

        @Test
        @DisplayName("required: a module named asyncio in the package's folders does not replace the standard library's")
        void required_aPackagesOwnAsyncioDoesNotReplaceTheStandardOne() {
            // The fixture vendors an asyncio.py that raises when imported: loading the package worked, so the
            // package's own `import asyncio` got the standard module; the async task reports where it came from.
            Context out = run(tasks, "asyncio_origin", new Context());
            String file = value(out, "asyncio_origin", "asyncio_file").asText();
            assertFalse(file.contains("vendor"), "backend " + backend() + ": async tasks ran on the package's own "
                    + "asyncio module (" + file + ") instead of the standard library's");
        }

        @Test
        @DisplayName("required: asyncio.gather, asyncio.sleep and create_task sub-tasks work inside a task")
        void required_gatherSleepAndSubTasks() {
            Context out = run(tasks, "gather_children", new Context());
            assertJson(json("[\"a\", \"b\", \"c\"]"), value(out, "gather_children", "gathered"));
            assertEquals("spawned", value(out, "gather_children", "spawned").asText());
        }

        @Test
        @DisplayName("required: 500 async tasks in a row all run, and leave no Python threads or running loop")
        void required_fiveHundredAsyncTasksLeaveNothingBehind() {
            Context before = run(tasks, "python_state", new Context());
            Context chain = new Context().set("i", 0);
            for (int i = 0; i < 500; i++) {
                chain = run(tasks, "counter", chain);
            }
            assertEquals(500, value(chain, "counter", "i").asInt(), "backend " + backend() + ": task counter run 500 times");
            Context after = run(tasks, "python_state", new Context());
            assertJson(json("false"), value(after, "python_state", "running_loop"), "backend " + backend()
                    + ": an asyncio loop is still running in the task's thread after 500 async tasks");
            assertJson(value(before, "python_state", "threads"), value(after, "python_state", "threads"),
                    "backend " + backend() + ": Python thread count changed across 500 async tasks (before: "
                            + value(before, "python_state", "thread_names") + ", after: "
                            + value(after, "python_state", "thread_names") + ")");
        }
    }

    // --------------------------------------------------------------------------------------------- errors

    @Nested
    @DisplayName("errors: Python exceptions become typed TaskErrors that point at the user's code")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Errors {

        private static final String TASKS_FILE = "workflow/errtasks/tasks.py";
        private LoadedPackage errors;

        @BeforeAll
        void loadOnce() {
            requireUsableRuntime();
            errors = load("errors");
        }

        @AfterAll
        void closeAll() {
            close(errors);
        }

        /** Task id, then the mark of the line its traceback must point at in workflow/errtasks/tasks.py. */
        Stream<Arguments> failingTasks() {
            return Stream.of(
                    Arguments.of("key_error", "key_error"),
                    Arguments.of("type_error", "type_error"),
                    Arguments.of("import_inside", "import_inside"),
                    Arguments.of("custom_error", "custom_error"),
                    Arguments.of("vendor_error", "vendor_call"),
                    Arguments.of("async_error", "async_error"),
                    Arguments.of("exits", "exits"));
        }

        @ParameterizedTest(name = "required: the traceback of task {0} names tasks.py and the line marked {1}")
        @MethodSource("failingTasks")
        void required_tracebackNamesUserFileAndLine(String taskId, String mark) {
            TaskError error = failure(errors, taskId, new Context().set("card", "4242"));
            assertTraceback(error, "task " + taskId, "errtasks" + SEPARATOR + "tasks.py", packages.lineOf("errors", TASKS_FILE, mark));
        }

        @Test
        @DisplayName("required: KeyError is ExecutionFailed 'Context key error: ...' with type KeyError")
        void required_keyError() {
            TaskError error = failure(errors, "key_error", new Context());
            assertType(TaskError.ExecutionFailed.class, error, "task key_error");
            assertTrue(error.getMessage().startsWith("Context key error: "), "backend " + backend()
                    + ": task key_error: message should start with 'Context key error: ', was: " + error.getMessage());
            assertContains(error.getMessage(), "tck_no_such_key", "task key_error: message");
            assertPythonType("KeyError", error, "task key_error");
            assertTraceback(error, "task key_error", "tasks.py", packages.lineOf("errors", TASKS_FILE, "key_error"));
        }

        @Test
        @DisplayName("required: TypeError is ValidationFailed")
        void required_typeError() {
            TaskError error = failure(errors, "type_error", new Context());
            assertType(TaskError.ValidationFailed.class, error, "task type_error");
            assertPythonType("TypeError", error, "task type_error");
            assertTraceback(error, "task type_error", "tasks.py", packages.lineOf("errors", TASKS_FILE, "type_error"));
        }

        @Test
        @DisplayName("required: ImportError inside a task is ImportFailed")
        void required_importErrorInsideTask() {
            TaskError error = failure(errors, "import_inside", new Context());
            assertType(TaskError.ImportFailed.class, error, "task import_inside");
            assertContains(error.getMessage(), "Import error (missing dependency?)", "task import_inside: message");
            assertContains(error.getMessage(), "tck_missing_inside_task", "task import_inside: message");
            assertTraceback(error, "task import_inside", "tasks.py", packages.lineOf("errors", TASKS_FILE, "import_inside"));
        }

        @Test
        @DisplayName("required: a user-defined exception is ExecutionFailed with its qualified type")
        void required_customException() {
            TaskError error = failure(errors, "custom_error", new Context().set("card", "4242"));
            assertType(TaskError.ExecutionFailed.class, error, "task custom_error");
            assertPythonType("errtasks.errors.PaymentDeclined", error, "task custom_error");
            assertContains(error.getMessage(), "card 4242 declined", "task custom_error: message");
            assertTraceback(error, "task custom_error", "tasks.py", packages.lineOf("errors", TASKS_FILE, "custom_error"));
        }

        @Test
        @DisplayName("required: an exception raised in a vendored module is traced to the vendor file and line")
        void required_exceptionInVendoredModule() {
            TaskError error = failure(errors, "vendor_error", new Context());
            assertType(TaskError.ExecutionFailed.class, error, "task vendor_error");
            assertPythonType("ValueError", error, "task vendor_error");
            assertTraceback(error, "task vendor_error", "tasks.py", packages.lineOf("errors", TASKS_FILE, "vendor_call"));
            assertTraceback(error, "task vendor_error", "strictlib" + SEPARATOR + "__init__.py",
                    packages.lineOf("errors", "vendor/strictlib/__init__.py", "vendor_raise"));
        }

        @Test
        @DisplayName("required: an exception in an async task is traced to its line")
        void required_exceptionInAsyncTask() {
            TaskError error = failure(errors, "async_error", new Context());
            assertType(TaskError.ExecutionFailed.class, error, "task async_error");
            assertPythonType("ValueError", error, "task async_error");
            assertTraceback(error, "task async_error", "tasks.py", packages.lineOf("errors", TASKS_FILE, "async_error"));
        }

        @Test
        @DisplayName("required: sys.exit(3) in a task is ExecutionFailed of type SystemExit, and the package still works")
        void required_sysExitIsATaskError() {
            TaskError error = failure(errors, "exits", new Context());
            assertType(TaskError.ExecutionFailed.class, error, "task exits (sys.exit(3))");
            assertPythonType("SystemExit", error, "task exits");
            Context out = run(errors, "healthy", new Context());
            assertJson(json("true"), value(out, "healthy", "healthy"), "backend " + backend()
                    + ": task healthy after a task called sys.exit(3)");
        }

        @Test
        @DisplayName("required: an unknown task id fails with TaskNotFound naming the id")
        void required_unknownTaskId() {
            TaskError error = failure(errors, "tck_no_such_task", new Context());
            assertType(TaskError.TaskNotFound.class, error, "task tck_no_such_task (never registered)");
            assertContains(error.getMessage(), "tck_no_such_task", "task tck_no_such_task: message");
        }

        @Test
        @DisplayName("required: a failing task leaves the package usable")
        void required_failureLeavesPackageUsable() {
            failure(errors, "key_error", new Context());
            failure(errors, "custom_error", new Context().set("card", "1"));
            assertJson(json("true"), value(run(errors, "healthy", new Context()), "healthy", "healthy"));
        }
    }

    // ---------------------------------------------------------------------------------------- environment

    @Nested
    @DisplayName("environment: each package sees its own source and vendor modules, and nothing of others")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Environment {

        private LoadedPackage env;

        @BeforeAll
        void loadOnce() {
            requireUsableRuntime();
            env = load("environment");
        }

        @AfterAll
        void closeAll() {
            close(env);
        }

        @Test
        @DisplayName("required: vendored modules are importable")
        void required_vendorModulesImportable() {
            Context out = run(env, "use_vendor", new Context().set("name", "tck"));
            assertEquals("hello, tck, from vendlib", value(out, "use_vendor", "greeting").asText());
        }

        @Test
        @DisplayName("required: a module in the source folder shadows one of the same name in vendor")
        void required_sourceShadowsVendor() {
            Context out = run(env, "which_shadowed", new Context());
            assertEquals("source", value(out, "which_shadowed", "origin").asText(), "backend " + backend()
                    + ": task which_shadowed imported 'shadowed' from vendor/, but workflow/ comes first on sys.path");
        }

        @Test
        @DisplayName("required: after a package is closed, the next one sees none of its modules or path entries")
        void required_closedPackageLeavesNoTrace() {
            LoadedPackage first = load("environment");
            Path firstRoot = first.pythonPackage().root();
            Context seen = run(first, "report_environment", probeModules());
            assertJson(json("[\"envtasks\", \"shadowed\", \"vendlib\"]"), value(seen, "report_environment", "present"),
                    "backend " + backend() + ": while loaded, tck-environment's modules should be imported");
            close(first);
            LoadedPackage probe = load("probe");
            try {
                Context after = run(probe, "report_environment", probeModules());
                assertJson(json("[]"), value(after, "report_environment", "present"), "backend " + backend()
                        + ": modules of the closed package tck-environment are still in sys.modules of tck-probe");
                for (JsonNode entry : value(after, "report_environment", "sys_path")) {
                    assertFalse(entry.asText().startsWith(firstRoot.toString()), "backend " + backend()
                            + ": sys.path of tck-probe still holds " + entry.asText() + " of the closed package tck-environment");
                }
            } finally {
                close(probe);
            }
        }

        @Test
        @DisplayName("required: two packages with the same module names, loaded at once, are isolated")
        void required_sameModuleNamesIsolated() {
            LoadedPackage a = load("twin_a");
            try {
                LoadedPackage b = load("twin_b");
                try {
                    for (int round = 0; round < 3; round++) {
                        assertEquals("twin-a", value(run(a, "which", new Context()), "which", "value").asText(),
                                "backend " + backend() + ": package tck-twin_a ran the twin module of tck-twin_b");
                        assertEquals("twin-b", value(run(b, "which", new Context()), "which", "value").asText(),
                                "backend " + backend() + ": package tck-twin_b ran the twin module of tck-twin_a");
                    }
                } finally {
                    close(b);
                }
            } finally {
                close(a);
            }
        }

        @Test
        @DisplayName("required: a package re-loaded after its source changed runs the new code")
        void required_reloadSeesNewSource() throws IOException {
            Path root = packages.copy("versioned", "versioned-" + System.nanoTime());
            PythonPackage pkg = TckPackages.describe(root);
            LoadedPackage first = load(pkg);
            try {
                assertEquals(1, value(run(first, "version", new Context()), "version", "version").asInt());
            } finally {
                close(first);
            }
            Path source = root.resolve("workflow").resolve("versioned.py");
            String code = Files.readString(source, StandardCharsets.UTF_8);
            // Same length and, very likely, the same mtime second: a stale bytecode cache would not notice.
            Files.writeString(source, code.replace("VERSION = 1 ", "VERSION = 2 "), StandardCharsets.UTF_8);
            LoadedPackage second = load(pkg);
            try {
                assertEquals(2, value(run(second, "version", new Context()), "version", "version").asInt(),
                        "backend " + backend() + ": re-loading " + root + " ran the old source");
            } finally {
                close(second);
            }
        }

        private static Context probeModules() {
            return Context.fromJson("{\"probe_modules\": [\"envtasks\", \"shadowed\", \"vendlib\"]}");
        }
    }

    // ---------------------------------------------------------------------------------------- concurrency

    @Nested
    @DisplayName("concurrency: one loaded package serves many Java threads")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Concurrency {

        private static final int THREADS = 8;
        private static final int EXECUTIONS = 200;
        private LoadedPackage ctx;

        @BeforeAll
        void loadOnce() {
            requireUsableRuntime();
            ctx = load("context");
        }

        @AfterAll
        void closeAll() {
            close(ctx);
        }

        @Test
        @DisplayName("required: 8 threads x 200 executions all return their own exact result")
        void required_manyThreadsExactResults() throws InterruptedException {
            ThreadFailures failures = new ThreadFailures();
            CountDownLatch start = new CountDownLatch(1);
            java.util.concurrent.atomic.AtomicInteger finished = new java.util.concurrent.atomic.AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                threads.add(Thread.ofPlatform().daemon().name("cloacina-tck-concurrency-" + t).start(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < EXECUTIONS && failures.count() == 0; i++) {
                            long n = thread * 1_000_000L + i;
                            Context out = run(ctx, "compute", new Context().set("n", n));
                            long result = value(out, "compute", "result").asLong();
                            if (result != n * n + 1) {
                                throw new AssertionError(String.format("backend %s: task compute on thread %d, execution %d: "
                                        + "n=%d returned %d, expected %d (another execution's result?)",
                                        backend(), thread, i, n, result, n * n + 1));
                            }
                            finished.incrementAndGet();
                        }
                    } catch (Throwable failure) {
                        failures.add(failure);
                    }
                }));
            }
            start.countDown();
            long deadline = System.nanoTime() + timeouts().scaled(CONCURRENCY_WAIT).toNanos();
            for (Thread thread : threads) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
                    threads.forEach(Thread::interrupt);
                    failures.add(new AssertionError("backend " + backend() + ": " + THREADS + " threads x " + EXECUTIONS
                            + " executions of task compute did not finish within " + timeouts().scaled(CONCURRENCY_WAIT)
                            + ": " + finished.get() + " of " + THREADS * EXECUTIONS + " finished (a slow machine? raise -D"
                            + TckTimeouts.PROPERTY + "; a hang? see which threads wait in a thread dump)"));
                    break;
                }
            }
            failures.rethrow("backend " + backend() + ": concurrent executions of task compute failed");
        }

        @Test
        @DisplayName("required: with inline completion, 200 executions each started from the last one's callback "
                + "run to the end with their own results (the workflow runner's pattern)")
        void required_inlineCompletionChainFinishes() throws Throwable {
            int length = 200;
            ExecutionOptions options = ExecutionOptions.defaults().withInlineCompletion();
            CompletableFuture<Long> last = new CompletableFuture<>();
            chainStep(0, length, 7, options, last);
            long expected = 7;
            for (int i = 0; i < length; i++) {
                expected = (expected * expected + 1) % 1000;
            }
            long got = Bounded.await("backend " + backend() + ": a chain of " + length + " executions of task compute, "
                    + "each started from the previous one's callback with inline completion (a backend that runs the "
                    + "callback on a thread the next execution needs deadlocks here)", last, timeouts().scaled(CONCURRENCY_WAIT));
            assertEquals(expected, got, "backend " + backend() + ": the last result of the chain");
        }

        /** Starts execution {@code index} of the chain from wherever the previous one completed. */
        private void chainStep(int index, int length, long n, ExecutionOptions options, CompletableFuture<Long> last) {
            CompletableFuture<Context> future;
            try {
                future = ctx.executor().execute("compute", new Context().set("n", n), options);
            } catch (RuntimeException thrown) {
                last.completeExceptionally(thrown);
                return;
            }
            future.whenComplete((output, error) -> {
                if (error != null) {
                    last.completeExceptionally(error);
                    return;
                }
                long result = output.get("result").map(node -> node.asLong()).orElse(-1L);
                if (result != n * n + 1) {
                    last.completeExceptionally(new AssertionError("backend " + backend() + ": execution " + index
                            + " of the chain: n=" + n + " returned " + result + ", expected " + (n * n + 1)));
                } else if (index + 1 == length) {
                    last.complete(result % 1000);
                } else {
                    chainStep(index + 1, length, result % 1000, options, last);
                }
            });
        }
    }

    // --------------------------------------------------------------------------------- timeouts and crashes

    @Nested
    @DisplayName("timeouts, cancellation and crashes: a runaway task is stopped and the package lives on")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Interruption {

        private static final Duration SHORT_TIMEOUT = Duration.ofMillis(500);
        private LoadedPackage timing;

        @BeforeAll
        void loadOnce() {
            requireUsableRuntime();
            timing = load("timing");
        }

        @AfterAll
        void closeAll() {
            close(timing);
        }

        @Test
        @DisplayName("required: a task running past its timeout completes with TaskError.Timeout")
        void required_timeoutIsReported() {
            // Ends by itself after 3 s, so a backend that cannot interrupt is not stuck for long.
            Outcome outcome = execute(timing, "spin", new Context().set("seconds", 3),
                    ExecutionOptions.withTimeout(SHORT_TIMEOUT));
            TaskError error = asTaskError(outcome, "spin", "a 3 s loop with a 500 ms timeout");
            assertType(TaskError.Timeout.class, error, "task spin past its 500 ms timeout");
            assertEquals("spin", error.taskId(), "backend " + backend() + ": task spin: TaskError.taskId()");
            awaitQuickTask("after task spin timed out");
        }

        @Test
        @DisplayName("required: with inline completion, a task running past its timeout still completes with "
                + "TaskError.Timeout")
        void required_timeoutIsReportedWithInlineCompletion() {
            Outcome outcome = execute(timing, "spin", new Context().set("seconds", 3),
                    ExecutionOptions.withTimeout(SHORT_TIMEOUT).withInlineCompletion());
            TaskError error = asTaskError(outcome, "spin", "a 3 s loop with a 500 ms timeout, inline completion");
            assertType(TaskError.Timeout.class, error, "task spin past its 500 ms timeout (inline completion)");
            awaitQuickTask("after task spin timed out with inline completion");
        }

        @Test
        @DisplayName("required: a task's timeout counts from its start, not while it waits behind others")
        void required_timeoutCountsFromStart() {
            Duration limit = timeouts().scaled(Duration.ofSeconds(1));
            // Every slot busy for 1.5 times the queued task's limit: it waits longer than its limit, then runs.
            Context busy = new Context().set("milliseconds", limit.toMillis() * 3 / 2);
            List<CompletableFuture<Context>> ahead = new ArrayList<>();
            for (int i = 0; i < runtime.parallelism(); i++) {
                ahead.add(timing.executor().execute("interval", busy, ExecutionOptions.defaults()));
            }
            CompletableFuture<Context> queued = timing.executor().execute("quick", new Context(),
                    ExecutionOptions.withTimeout(limit));
            double lastEnd = 0;
            for (CompletableFuture<Context> task : ahead) {
                lastEnd = Math.max(lastEnd, value(expectSuccess("interval", await(task, "interval")), "interval", "end").asDouble());
            }
            assertEquals(1, value(expectSuccess("quick", await(queued, "quick")), "quick", "quick").asInt(),
                    "backend " + backend() + ": task quick queued behind " + runtime.parallelism() + " busy task(s)");
            assertTrue(lastEnd > 0, "backend " + backend() + ": task interval reported no end time");
        }

        @Test
        @DisplayName("optional (INTERRUPT_RUNNING_TASK): a task past its timeout is stopped and the next task runs")
        void optional_runawayTaskIsStoppedAtTimeout() {
            requireCapability(Capability.INTERRUPT_RUNNING_TASK, "stopping a runaway pure-Python loop at its timeout");
            Path heartbeat = packages.scratchFile("spin-timeout");
            Outcome outcome = execute(timing, "spin", spinFor(120, heartbeat), ExecutionOptions.withTimeout(SHORT_TIMEOUT));
            assertType(TaskError.Timeout.class, asTaskError(outcome, "spin", "a 120 s loop with a 500 ms timeout"),
                    "task spin past its 500 ms timeout");
            assertStopped(heartbeat, "past its timeout");
            awaitQuickTask("after task spin (a 120 s loop) was stopped at its timeout");
        }

        @Test
        @DisplayName("optional (INTERRUPT_RUNNING_TASK): cancelling a running task stops it and the next task runs")
        void optional_cancelStopsRunningTask() {
            requireCapability(Capability.INTERRUPT_RUNNING_TASK, "stopping a running task with Future.cancel(true)");
            Path heartbeat = packages.scratchFile("spin-cancel");
            CompletableFuture<Context> running = timing.executor().execute("spin", spinFor(120, heartbeat),
                    ExecutionOptions.withTimeout(Duration.ofSeconds(300)));
            awaitHeartbeat(heartbeat, running);
            running.cancel(true);
            assertStopped(heartbeat, "after cancel(true)");
            awaitQuickTask("after task spin (a 120 s loop) was cancelled");
        }

        @Test
        @DisplayName("required: closing a package fails its running task with Cancelled")
        void required_closingPackageCancelsRunningTask() {
            LoadedPackage own = load("timing");
            Path heartbeat = packages.scratchFile("spin-close");
            // 3 s: a backend that cannot interrupt may let it finish, but must still report Cancelled.
            CompletableFuture<Context> running = own.executor().execute("spin", spinFor(3, heartbeat),
                    ExecutionOptions.defaults());
            awaitHeartbeat(heartbeat, running);
            close(own);
            TaskError error = asTaskError(await(running, "spin"), "spin", "running while its package was closed");
            assertType(TaskError.Cancelled.class, error, "task spin running while its package was closed");
        }

        @Test
        @DisplayName("optional (CRASH_ISOLATION): os._exit in a task is WorkerCrashed and the next task runs")
        void optional_crashIsIsolated() {
            requireCapability(Capability.CRASH_ISOLATION, "surviving a task that kills its interpreter with os._exit(3)");
            Outcome outcome = execute(timing, "crash", new Context(), ExecutionOptions.defaults());
            assertType(TaskError.WorkerCrashed.class, asTaskError(outcome, "crash", "os._exit(3)"), "task crash (os._exit(3))");
            awaitQuickTask("after task crash killed its worker");
        }

        @Test
        @DisplayName("optional (PARALLEL_EXECUTION): independent tasks of one package overlap in time")
        void optional_independentTasksOverlap() {
            requireCapability(Capability.PARALLEL_EXECUTION, "running two tasks of one package at the same time");
            assumeTrue(runtime.parallelism() >= 2, "backend " + backend() + " declares PARALLEL_EXECUTION but parallelism() is "
                    + runtime.parallelism() + ": overlapping tasks are not tested");
            Context input = new Context().set("seconds", 1);
            CompletableFuture<Context> a = timing.executor().execute("interval_a", input, ExecutionOptions.defaults());
            CompletableFuture<Context> b = timing.executor().execute("interval_b", input, ExecutionOptions.defaults());
            Context outA = expectSuccess("interval_a", await(a, "interval_a"));
            Context outB = expectSuccess("interval_b", await(b, "interval_b"));
            double startA = value(outA, "interval_a", "start").asDouble();
            double endA = value(outA, "interval_a", "end").asDouble();
            double startB = value(outB, "interval_b", "start").asDouble();
            double endB = value(outB, "interval_b", "end").asDouble();
            assertTrue(startA < endB && startB < endA, String.format("backend %s: tasks interval_a [%.3f, %.3f] and "
                    + "interval_b [%.3f, %.3f] ran one after the other, not in parallel", backend(), startA, endA, startB, endB));
        }

        @Test
        @DisplayName("required: executions beyond parallelism() wait in the backend and start first come first served")
        void required_executionsBeyondParallelismQueueInOrder() {
            int parallelism = runtime.parallelism();
            int submitted = parallelism + 2;
            Context input = new Context().set("milliseconds", 300);
            List<CompletableFuture<Context>> futures = new ArrayList<>();
            for (int i = 0; i < submitted; i++) {
                futures.add(timing.executor().execute("interval", input, ExecutionOptions.defaults()));
            }
            double[] starts = new double[submitted];
            double[] ends = new double[submitted];
            for (int i = 0; i < submitted; i++) {
                Context output = expectSuccess("interval", await(futures.get(i), "interval"));
                starts[i] = value(output, "interval", "start").asDouble();
                ends[i] = value(output, "interval", "end").asDouble();
            }
            for (int i = 0; i < submitted; i++) {
                int running = 0;
                for (int j = 0; j < submitted; j++) {
                    if (starts[j] <= starts[i] && ends[j] > starts[i]) {
                        running++;
                    }
                }
                assertTrue(running <= parallelism, String.format("backend %s: %d executions of task interval ran at "
                        + "once (at %.3f), but parallelism() is %d", backend(), running, starts[i], parallelism));
            }
            // Those beyond parallelism() waited; they start in the order they were submitted (50 ms of slack
            // for two workers picking up consecutive executions at the same moment).
            for (int i = parallelism + 1; i < submitted; i++) {
                assertTrue(starts[i] >= starts[i - 1] - 0.05, String.format("backend %s: execution %d of task interval "
                        + "started at %.3f, before execution %d submitted earlier (%.3f): not first come first served",
                        backend(), i + 1, starts[i], i, starts[i - 1]));
            }
        }

        /**
         * A sandboxed backend may deny Python file access, so the heartbeat cannot be written; there the kit
         * shows a task stopped only by the next task running.
         */
        private boolean heartbeatVisible() {
            return !runtime.capabilities().contains(Capability.SANDBOX);
        }

        private Context spinFor(int seconds, Path heartbeat) {
            Context input = new Context().set("seconds", seconds);
            return heartbeatVisible() ? input.set("heartbeat", heartbeat.toString()) : input;
        }

        /** Waits until the spinning task has written its heartbeat: it is really running. */
        private void awaitHeartbeat(Path heartbeat, CompletableFuture<Context> running) {
            if (!heartbeatVisible()) {
                // Nothing to watch: give the task a moment to start, and check it did not end at once.
                sleep(timeouts().scaled(Duration.ofMillis(500)));
                if (running.isDone()) {
                    throw new AssertionError("backend " + backend() + ": task spin ended before it could be stopped: "
                            + describe(await(running, "spin")));
                }
                return;
            }
            long deadline = System.nanoTime() + taskWait().toNanos();
            while (!Files.exists(heartbeat)) {
                if (running.isDone()) {
                    throw new AssertionError("backend " + backend() + ": task spin ended before it started spinning: "
                            + describe(await(running, "spin")));
                }
                if (System.nanoTime() > deadline) {
                    running.cancel(true);
                    throw new AssertionError("backend " + backend() + ": task spin did not start within " + taskWait());
                }
                sleep(Duration.ofMillis(20));
            }
        }

        /** The heartbeat (rewritten every 50 ms while the task runs) stops changing. */
        private void assertStopped(Path heartbeat, String when) {
            if (!heartbeatVisible()) {
                return;
            }
            Duration gap = timeouts().scaled(Duration.ofSeconds(1));
            long deadline = System.nanoTime() + timeouts().scaled(Duration.ofSeconds(10)).toNanos();
            String previous = readBeat(heartbeat);
            while (true) {
                sleep(gap);
                String current = readBeat(heartbeat);
                if (current.equals(previous)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("backend " + backend() + ": task spin is still running " + when
                            + " (its heartbeat file " + heartbeat + " keeps changing)");
                }
                previous = current;
            }
        }

        private static String readBeat(Path heartbeat) {
            try {
                return Files.readString(heartbeat);
            } catch (IOException e) {
                return "<unreadable: " + e.getMessage() + ">";
            }
        }

        private void awaitQuickTask(String when) {
            Outcome outcome = execute(timing, "quick", new Context().set("n", 41), ExecutionOptions.defaults());
            if (!outcome.succeeded()) {
                throw new AssertionError("backend " + backend() + ": task quick failed " + when + ": "
                        + describe(outcome.error()), outcome.error());
            }
            assertEquals(42, value(outcome.output(), "quick", "quick").asInt(), "backend " + backend() + ": task quick " + when);
        }
    }

    // ------------------------------------------------------------------------------------------ hostile tasks

    @Nested
    @DisplayName("hostile tasks: what a careless task does to its process never reaches the host")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class HostileTasks {

        private LoadedPackage hostile;

        @BeforeAll
        void loadOnce() {
            requireUsableRuntime();
            hostile = load("hostile");
        }

        @AfterAll
        void closeAll() {
            close(hostile);
        }

        @Test
        @DisplayName("required: os._exit(0) never ends the host: the task is WorkerCrashed and the next task runs")
        void required_hardExitIsACrashNotTheEndOfTheHost() {
            // Before, on an in-process backend the whole JVM left with status 0: `cloacina run ... && deploy` deployed.
            TaskError error = failure(hostile, "exits_hard", new Context());
            assertType(TaskError.WorkerCrashed.class, error, "task exits_hard (os._exit(0))");
            assertJson(json("3"), value(run(hostile, "measures", Context.fromJson("{\"items\": [1, 2, 3]}")),
                    "measures", "length"), "backend " + backend() + ": the task after exits_hard");
        }

        @Test
        @DisplayName("required: input() ends with EOFError at once: the host's standard input is never the task's")
        void required_stdinIsEmpty() {
            Context out = run(hostile, "reads_stdin", new Context());
            assertTrue(out.get("eof").map(JsonNode::asBoolean).orElse(false), "backend " + backend()
                    + ": task reads_stdin: input() did not end with EOFError (read from the host's stdin?): " + out.toJson());
        }

        @Test
        @DisplayName("required: a task cannot change the JVM's own signal handlers (Ctrl-C and SIGTERM keep working)")
        void required_signalHandlersOfTheHostStay() throws ReflectiveOperationException {
            Map<String, String> before = TckEnvironment.jvmSignalHandlers();
            Context out = run(hostile, "ignores_sigint", new Context());
            JsonNode outcomes = value(out, "ignores_sigint", "outcomes"); // the task really ran
            assertEquals(before, TckEnvironment.jvmSignalHandlers(), "backend " + backend() + ": task ignores_sigint changed the "
                    + "JVM's signal handlers (a host that ignores Ctrl-C and SIGTERM cannot be stopped); task saw "
                    + outcomes);
        }

        @Test
        @DisplayName("required: environment changes by a task are not seen by another package")
        void required_environmentChangesStayWithTheTask() {
            run(hostile, "sets_environment", new Context());
            LoadedPackage other = load("hostile");
            try {
                Context out = run(other, "reads_environment", new Context());
                assertJson(json("null"), value(out, "reads_environment", "leak"), "backend " + backend()
                        + ": a package loaded after task sets_environment saw its variable CLOACINA_TCK_LEAK");
            } finally {
                close(other);
            }
        }

        @Test
        @DisplayName("required: a task that replaces a builtin fails, named; builtins are restored for the next task")
        void required_builtinsPollutionIsBlamedOnThePolluter() {
            TaskError error = failure(hostile, "pollutes_builtins", new Context());
            assertType(TaskError.ValidationFailed.class, error, "task pollutes_builtins (builtins.len replaced)");
            assertContains(error.getMessage(), "Task 'pollutes_builtins' replaced or removed builtins (len)",
                    "task pollutes_builtins: message");
            for (int i = 0; i < 4; i++) { // whichever interpreter the next tasks land in, len works there
                Context out = run(hostile, "measures", Context.fromJson("{\"items\": [1, 2, 3]}"));
                assertEquals(3, value(out, "measures", "length").asInt(), "backend " + backend()
                        + ": task measures after pollutes_builtins: len() was not restored (the next task is blamed)");
            }
        }

        @Test
        @DisplayName("required: a child process a task leaves running does not outlive its package")
        void required_childProcessesDoNotOutliveThePackage() throws InterruptedException {
            LoadedPackage own = load("hostile");
            long pid;
            try {
                Context out = run(own, "spawns_sleeper", new Context());
                assumeTrue(out.get("refused").isEmpty(), "backend " + backend() + " refuses child processes ("
                        + out.get("refused").map(JsonNode::asText).orElse("") + "): nothing can outlive the package");
                pid = value(out, "spawns_sleeper", "pid").asLong();
            } finally {
                close(own);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
                Thread.sleep(20); // the backend may reap it just after close() returns
            }
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "backend " + backend()
                    + ": the 'sleep 600' task spawns_sleeper started (pid " + pid + ") outlived its package");
        }
    }


    // ------------------------------------------------------------------------------- Cloacina compatibility

    @Nested
    @DisplayName("cloacina compatibility: a package written for Cloacina 0.12 loads, is described and runs unchanged")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class CloacinaCompatibility {

        private LoadedPackage compat;

        @BeforeAll
        void loadOnce() {
            requireUsableRuntime();
            compat = load("cloacina_compat");
        }

        @AfterAll
        void closeAll() {
            close(compat);
        }

        private TaskMetadata metadata(String taskId) {
            return compat.discovery().task(taskId).orElseThrow(() -> new AssertionError("backend " + backend()
                    + ": task '" + taskId + "' of cloacina_compat was not discovered")).metadata();
        }

        @Test
        @DisplayName("required: a package.toml package is read as Cloacina's format, its workflow named by workflow_name")
        void required_packageTomlPackage() {
            assertEquals(PackageFormat.CLOACINA, compat.pythonPackage().format(), "backend " + backend());
            assertEquals(List.of("compat", "nightly"), compat.workflows().stream().map(WorkflowDescriptor::name).toList(),
                    "backend " + backend() + ": workflows of cloacina_compat (module-level tasks form 'compat')");
            assertNull(metadata("extract").workflow(), "backend " + backend() + ": a module-level task belongs to the "
                    + "package's own workflow (metadata().workflow() == null)");
        }

        @Test
        @DisplayName("required: retry keywords and a RetryPolicy object are discovered as the policy they declare")
        void required_retryPoliciesAreDiscovered() {
            RetryPolicy keywords = new RetryPolicy(5, new RetryPolicy.Backoff.Linear(1.0), Duration.ofMillis(250),
                    Duration.ofMillis(4000), false, List.of(new RetryPolicy.Condition.TransientOnly()));
            assertEquals(keywords, metadata("extract").retryPolicy(), "backend " + backend() + ": task extract "
                    + "(retry_attempts=5, retry_backoff='linear', retry_delay_ms=250, retry_max_delay_ms=4000, "
                    + "retry_condition='transient', retry_jitter=False)");
            RetryPolicy object = new RetryPolicy(2, new RetryPolicy.Backoff.Exponential(3.0, 2.0),
                    Duration.ofMillis(500), Duration.ofMillis(3000), false,
                    List.of(new RetryPolicy.Condition.ErrorPattern(List.of("deadlock"))));
            assertEquals(object, metadata("transform").retryPolicy(), "backend " + backend()
                    + ": task transform (retry=RetryPolicy.builder()...build())");
            assertNull(metadata("report").retryPolicy(), "backend " + backend() + ": task report declares no policy");
            assertEquals(RetryPolicy.CLOACINA_DEFAULT, metadata("report").retryPolicyOr(compat.pythonPackage().format()),
                    "backend " + backend() + ": a Cloacina package's task without a policy gets Cloacina's default");
        }

        @Test
        @DisplayName("required: trigger rules are discovered in Cloacina's shape; a lone condition becomes All of it")
        void required_triggerRulesAreDiscovered() {
            assertEquals(new TriggerRule.All(List.of(new TriggerRule.TaskSuccess("extract"))),
                    metadata("transform").triggerRule(), "backend " + backend() + ": task transform");
            assertEquals(new TriggerRule.Any(List.of(
                            new TriggerRule.ContextValue("rows", TriggerRule.Operator.NotEquals, json("[]")),
                            new TriggerRule.TaskFailed("transform"))),
                    metadata("report").triggerRule(), "backend " + backend() + ": task report");
            assertEquals(TriggerRule.ALWAYS, metadata("extract").triggerRule(), "backend " + backend() + ": task extract");
            assertJson(json("{\"type\":\"All\",\"conditions\":[{\"type\":\"TaskSuccess\",\"task_name\":\"extract\"}]}"),
                    metadata("transform").triggerRule().toJson(), "backend " + backend() + ": JSON form of transform's rule");
        }

        @Test
        @DisplayName("required: callbacks and a handle parameter are discovered; function dependencies name registered ids")
        void required_callbacksHandleAndDependencies() {
            assertTrue(metadata("report").onSuccess() && metadata("report").onFailure(), "backend " + backend()
                    + ": task report has on_success and on_failure");
            assertFalse(metadata("extract").onSuccess() || metadata("extract").onFailure(), "backend " + backend()
                    + ": task extract has no callbacks");
            assertTrue(metadata("deferred").wantsHandle(), "backend " + backend() + ": task deferred(context, handle)");
            assertFalse(metadata("report").wantsHandle(), "backend " + backend() + ": task report(context)");
            assertEquals(List.of("extract"), compat.discovery().task("transform").orElseThrow().dependencies(),
                    "backend " + backend() + ": dependencies=[extract_rows] names the id the function was registered "
                            + "under, not its __name__");
        }

        @Test
        @DisplayName("required: a WorkflowBuilder block declares a second workflow with its description, tags and tasks")
        void required_workflowBuilderDeclaresAWorkflow() {
            WorkflowDescriptor nightly = compat.workflows().stream().filter(w -> w.name().equals("nightly")).findFirst()
                    .orElseThrow(() -> new AssertionError("backend " + backend() + ": no workflow 'nightly'"));
            assertEquals(new WorkflowDescriptor("nightly", "Runs at night", Map.of("team", "data"),
                    List.of("nightly_start", "nightly_end")), nightly, "backend " + backend());
            assertEquals("nightly", metadata("nightly_end").workflow(), "backend " + backend());
            Context out = run(compat, "nightly_end", run(compat, "nightly_start", new Context()));
            assertJson(json("2"), value(out, "nightly_end", "nightly"), "backend " + backend());
        }

        @Test
        @DisplayName("required: @cloaca.trigger declarations are discovered")
        void required_triggersAreDiscovered() {
            assertEquals(List.of(new TriggerDescriptor("new_files", "compat", Duration.ofSeconds(5), null, null, false),
                            new TriggerDescriptor("payments_due", "nightly", Duration.ofMillis(250), null, null, true),
                            new TriggerDescriptor("at_six", "nightly", null, "0 6 * * *", "Europe/Paris", false),
                            new TriggerDescriptor("feed_down", "compat", Duration.ofMinutes(1), null, null, false),
                            new TriggerDescriptor("answers_42", "compat", Duration.ofMinutes(1), null, null, false),
                            new TriggerDescriptor("no_inbox", "compat", Duration.ofMinutes(1), null, null, false)),
                    compat.discovery().triggers(), "backend " + backend());
        }

        @Test
        @DisplayName("required: executing a trigger's execution id polls it and returns its decision: fire (with its context) or skip")
        void required_triggerPollReturnsItsDecision() {
            assertJson(json("{\"fire\": false, \"context\": null}"),
                    poll("new_files").toJsonNode(), "backend " + backend() + ": trigger new_files returns TriggerResult.skip()");
            assertJson(json("{\"fire\": true, \"context\": null}"),
                    poll("at_six").toJsonNode(), "backend " + backend() + ": trigger at_six returns True");
            // payments_due is async and counts its polls in the module: every second poll fires with the count.
            JsonNode first = poll("payments_due").toJsonNode();
            JsonNode second = poll("payments_due").toJsonNode();
            JsonNode fired = first.path("fire").asBoolean() ? first : second;
            JsonNode skipped = first.path("fire").asBoolean() ? second : first;
            assertJson(json("{\"fire\": false, \"context\": null}"), skipped, "backend " + backend()
                    + ": of two polls of payments_due in a row, one skips");
            assertTrue(fired.path("fire").asBoolean(), "backend " + backend() + ": of two polls of payments_due in a "
                    + "row, one fires; got " + first + " then " + second);
            assertTrue(fired.path("context").path("batch").asInt() > 0, "backend " + backend()
                    + ": payments_due fires with the context as it was at TriggerResult.fire(...), got " + fired);
        }

        @Test
        @DisplayName("required: a trigger that raises or returns a wrong type fails its poll with a TaskError naming the trigger")
        void required_triggerPollFailuresAreTaskErrors() {
            String feedDown = TriggerDescriptor.executionId("feed_down");
            TaskError raised = failure(compat, feedDown, new Context());
            assertType(TaskError.ExecutionFailed.class, raised, "polling trigger feed_down (raises ConnectionError)");
            assertPythonType("ConnectionError", raised, "polling trigger feed_down");
            assertEquals(feedDown, raised.taskId(), "backend " + backend() + ": the poll's error names the trigger "
                    + "by its execution id");
            assertContains(raised.getMessage(), "feed unreachable", "the poll's error");
            TaskError keyError = failure(compat, TriggerDescriptor.executionId("no_inbox"), new Context());
            assertType(TaskError.ExecutionFailed.class, keyError, "polling trigger no_inbox (raises KeyError)");
            assertPythonType("KeyError", keyError, "polling trigger no_inbox");
            assertFalse(keyError.getMessage().contains("Context key error"), "backend " + backend() + ": a trigger "
                    + "has no context, its KeyError is not worded as a context key error: " + keyError.getMessage());
            TaskError wrong = failure(compat, TriggerDescriptor.executionId("answers_42"), new Context());
            assertType(TaskError.ValidationFailed.class, wrong, "polling trigger answers_42 (returns 42)");
            assertContains(wrong.getMessage(), "answers_42", "the poll's error");
            TaskError unknown = failure(compat, TriggerDescriptor.executionId("no_such_trigger"), new Context());
            assertType(TaskError.TaskNotFound.class, unknown, "polling a trigger the package does not declare");
        }

        private Context poll(String trigger) {
            return run(compat, TriggerDescriptor.executionId(trigger), new Context());
        }

        @Test
        @DisplayName("required: Cloacina-style tasks run: insert, update, return context, the retry keywords ignored by the call")
        void required_cloacinaStyleTasksRun() {
            Context extracted = run(compat, "extract", new Context());
            Context transformed = run(compat, "transform", extracted);
            assertJson(json("[10,20,30]"), value(transformed, "transform", "rows"), "backend " + backend());
            TaskError twice = failure(compat, "extract", extracted);
            assertPythonType("cloaca._context.KeyExistsError", twice, "task extract on a context that has 'rows' "
                    + "(context.insert of an existing key)");
        }

        @Test
        @DisplayName("required: handle.defer_until polls the condition until it is truthy, then the task goes on")
        void required_handleDefers() {
            Context out = run(compat, "deferred", new Context());
            assertJson(json("3"), value(out, "deferred", "condition_calls"), "backend " + backend()
                    + ": defer_until returns after the third call, whose result is truthy (not True)");
            assertJson(json("true"), value(out, "deferred", "held_before"), "backend " + backend());
        }

        @Test
        @DisplayName("required: on_success gets the output, on_failure the error and the context the body saw; neither changes the outcome")
        void required_callbacks() {
            Context out = run(compat, "callback_probe", new Context());
            assertJson(json("""
                    [{"callback": "on_success", "task_id": "report", "context": {"rows": [1, 2], "total": 3}},
                     {"callback": "on_failure", "task_id": "report",
                      "error": "Python task execution failed: ValueError: boom",
                      "context": {"rows": [5], "fail": true, "seen_by_body": true}}]"""),
                    value(out, "callback_probe", "events"), "backend " + backend());
            TaskError failed = failure(compat, "report", Context.fromJson("{\"rows\": [1], \"fail\": true}"));
            assertPythonType("ValueError", failed, "task report with fail=true (its on_failure ran)");
            Context done = run(compat, "raising_callback", new Context());
            assertJson(json("true"), value(done, "raising_callback", "done"), "backend " + backend()
                    + ": an on_success callback that raises does not fail the task");
        }

        @Test
        @DisplayName("required: bad declarations fail when decorating with Cloacina's error types; unsupported features say so")
        void required_declarationErrors() {
            JsonNode outcome = value(run(compat, "decorator_errors", new Context()), "decorator_errors", "outcome");
            Map<String, String> expected = new java.util.LinkedHashMap<>();
            expected.put("dependencies_str", "TypeError");
            expected.put("bad_backoff", "ValueError");
            expected.put("bad_condition", "ValueError");
            expected.put("negative_attempts", "OverflowError");
            expected.put("jitter_not_bool", "TypeError");
            expected.put("retry_and_keywords", "ValueError");
            expected.put("invokes", "NotImplementedError");
            expected.put("unknown_keyword", "TypeError");
            expected.put("colons_in_id", "ValueError");
            expected.put("nested_rule", "ValueError");
            expected.put("bad_operator", "ValueError");
            expected.put("bad_poll_interval", "ValueError");
            expected.put("cron_and_interval", "ValueError");
            expected.put("reactor", "NotImplementedError");
            expected.put("default_runner", "NotImplementedError");
            expected.put("missing_var", "KeyError");
            expected.put("secret", "RuntimeError");
            expected.forEach((attempt, type) -> {
                JsonNode result = outcome.path(attempt);
                List<String> types = new ArrayList<>();
                result.path(1).forEach(t -> types.add(t.asText()));
                assertTrue(types.contains(type), "backend " + backend() + ": attempt '" + attempt + "' should raise "
                        + "a " + type + ", got " + result);
            });
            assertContains(outcome.path("invokes").path(2).asText(), "invokes", "the invokes= refusal names the keyword");
            assertContains(outcome.path("invokes").path(2).asText(), "not supported", "the invokes= refusal");
        }

        @Test
        @DisplayName("required: RetryPolicy, trigger-rule builders, TaskNamespace and TriggerResult behave as in Cloacina")
        void required_valueObjects() {
            Context out = run(compat, "value_objects", new Context());
            assertJson(json("{\"max_attempts\":4,\"initial_delay\":2.0,\"max_delay\":60.0,\"jitter\":false,"
                    + "\"delays\":[2.0,4.0,8.0],\"should_retry\":[true,false]}"), value(out, "value_objects", "policy"),
                    "backend " + backend() + ": RetryPolicy");
            assertJson(json("{\"success\":{\"type\":\"TaskSuccess\",\"task_name\":\"a\"},"
                    + "\"value\":{\"type\":\"ContextValue\",\"key\":\"k\",\"operator\":\"NotEquals\",\"value\":[1]},"
                    + "\"none\":{\"type\":\"None\",\"conditions\":[{\"type\":\"TaskSkipped\",\"task_name\":\"b\"}]},"
                    + "\"always\":{\"type\":\"Always\"}}"), value(out, "value_objects", "rules"),
                    "backend " + backend() + ": trigger-rule builders");
            assertJson(json("[\"public::pkg::wf::t\",\"t\",\"public::pkg::wf::\"]"), value(out, "value_objects", "namespace"),
                    "backend " + backend() + ": TaskNamespace");
            assertJson(json("[\"TriggerResult.Skip\",true]"), value(out, "value_objects", "trigger_results"),
                    "backend " + backend() + ": TriggerResult");
        }

        @Test
        @DisplayName("required: requires_python that the interpreter does not meet fails the load with ImportFailed naming it")
        void required_requiresPythonIsChecked() throws java.io.IOException {
            Path copy = packages.copy("cloacina_compat", "compat_future_python");
            Path toml = copy.resolve("package.toml");
            Files.writeString(toml, Files.readString(toml).replace("[metadata]\n",
                    "[metadata]\nrequires_python = \">=99.0\"\n"));
            PythonPackage pkg = TckPackages.describe(copy);
            assertEquals(">=99.0", pkg.requiresPython(), "the fixture copy declares requires_python");
            TaskError error = Bounded.call("backend " + backend() + ": load of a package requiring Python >=99.0",
                    loadWait(), () -> {
                        try {
                            LoadedPackage loaded = runtime.load(pkg);
                            loaded.close();
                            return null;
                        } catch (TaskError expected) {
                            return expected;
                        }
                    }, ignored -> { });
            assertNotNull(error, "backend " + backend() + ": a package requiring Python >=99.0 loaded");
            assertType(TaskError.ImportFailed.class, error, "load of a package requiring Python >=99.0");
            assertContains(error.getMessage(), "requires_python", "the load failure");
        }
    }

    // ------------------------------------------------------------------------------------------ logging

    @Nested
    @DisplayName("logging: what a task writes in Python reaches SLF4J, with levels, loggers, MDC and tracebacks")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Logging {

        private static final String FIXTURE = "logging";
        private static final String PACKAGE = "tck-logging";
        private static final String WORKFLOW = "tck-logging-workflow";
        private static final String ATTEMPT = "2";
        private LoadedPackage logging;

        @BeforeAll
        void loadOnce() {
            requireUsableRuntime();
            assertTrue(CapturingLogProvider.active(), "the logging area needs the kit's capturing SLF4J provider: run "
                    + "the kit with -Dslf4j.provider=" + CapturingLogProvider.NAME + " (Surefire's systemPropertyVariables); "
                    + "SLF4J uses " + org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName());
            logging = load(FIXTURE);
        }

        @AfterAll
        void closeAll() {
            close(logging);
        }

        /** Runs the task with the run's keys in the caller's MDC; returns the outcome and the run's events. */
        private Logged runLogged(String taskId) {
            String runId = "tck-" + taskId + "-" + java.util.UUID.randomUUID();
            Outcome outcome;
            org.slf4j.MDC.put(TaskLogging.MDC_RUN_ID, runId);
            org.slf4j.MDC.put(TaskLogging.MDC_WORKFLOW, WORKFLOW);
            org.slf4j.MDC.put(TaskLogging.MDC_ATTEMPT, ATTEMPT);
            try {
                outcome = execute(logging, taskId, new Context(), ExecutionOptions.defaults());
            } finally {
                org.slf4j.MDC.remove(TaskLogging.MDC_RUN_ID);
                org.slf4j.MDC.remove(TaskLogging.MDC_WORKFLOW);
                org.slf4j.MDC.remove(TaskLogging.MDC_ATTEMPT);
            }
            return new Logged(taskId, outcome,
                    CapturingLogProvider.events(e -> runId.equals(e.mdc().get(TaskLogging.MDC_RUN_ID))));
        }

        private record Logged(String taskId, Outcome outcome, List<CapturingLogProvider.Event> events) {
        }

        private CapturingLogProvider.Event find(Logged logged, String logger, String message) {
            return logged.events().stream().filter(e -> e.logger().equals(logger) && e.message().equals(message))
                    .findFirst().orElseThrow(() -> new AssertionError("backend " + backend() + ": task " + logged.taskId()
                            + ": no record '" + message + "' on SLF4J logger " + logger + "; the run logged: "
                            + summary(logged.events())));
        }

        private String summary(List<CapturingLogProvider.Event> events) {
            List<String> lines = new ArrayList<>();
            for (CapturingLogProvider.Event event : events.subList(0, Math.min(events.size(), 40))) {
                String message = event.message();
                lines.add(event.level() + " " + event.logger() + " - "
                        + (message.length() > 80 ? message.substring(0, 80) + "..." : message));
            }
            return lines.isEmpty() ? "nothing" : String.join("; ", lines);
        }

        private void assertLevel(Logged logged, String logger, String message, org.slf4j.event.Level level) {
            assertEquals(level, find(logged, logger, message).level(), "backend " + backend() + ": task "
                    + logged.taskId() + ": level of '" + message + "'");
        }

        @Test
        @DisplayName("required: each logging level arrives mapped (CRITICAL as ERROR) on cloacina.python.<logger>")
        void required_levelsAreMapped() {
            Logged logged = runLogged("log_levels");
            expectSuccess("log_levels", logged.outcome());
            String logger = TaskLogging.LOGGER_PREFIX + "tck.logging";
            assertLevel(logged, logger, "a debug record", org.slf4j.event.Level.DEBUG);
            assertLevel(logged, logger, "an info record with an argument", org.slf4j.event.Level.INFO);
            assertLevel(logged, logger, "a warning record", org.slf4j.event.Level.WARN);
            assertLevel(logged, logger, "an error record", org.slf4j.event.Level.ERROR);
            assertLevel(logged, logger, "a critical record", org.slf4j.event.Level.ERROR);
            assertLevel(logged, TaskLogging.LOGGER_PREFIX + "root", "a record of the root logger", org.slf4j.event.Level.INFO);
        }

        @Test
        @DisplayName("required: exc_info arrives as the record's throwable, its frames the Python traceback's")
        void required_excInfoCarriesTheTraceback() {
            Logged logged = runLogged("log_levels");
            CapturingLogProvider.Event event = find(logged, TaskLogging.LOGGER_PREFIX + "tck.logging", "caught it");
            assertEquals(org.slf4j.event.Level.ERROR, event.level(), "backend " + backend() + ": level of log.exception");
            Throwable error = event.throwable();
            assertNotNull(error, "backend " + backend() + ": log.exception('caught it') arrived without a throwable");
            assertContains(error.toString(), "ValueError: boom", "the throwable of log.exception");
            int line = packages.lineOf(FIXTURE, "workflow/logtasks.py", "raise");
            boolean found = false;
            for (StackTraceElement frame : error.getStackTrace()) {
                found |= "log_levels".equals(frame.getMethodName()) && frame.getLineNumber() == line
                        && frame.getFileName() != null && frame.getFileName().endsWith("logtasks.py");
            }
            assertTrue(found, "backend " + backend() + ": the throwable's stack trace should have the frame "
                    + "log_levels(logtasks.py:" + line + "), was: " + List.of(error.getStackTrace()));
        }

        @Test
        @DisplayName("required: while a record is logged the MDC has the caller's run, workflow, attempt and the task, package, backend")
        void required_mdcCarriesRunAndTask() {
            Logged logged = runLogged("log_levels");
            expectSuccess("log_levels", logged.outcome());
            assertTrue(logged.events().size() >= 7, "backend " + backend() + ": task log_levels: expected its 7 "
                    + "records with the caller's MDC (" + TaskLogging.MDC_RUN_ID + "), got: " + summary(logged.events()));
            for (CapturingLogProvider.Event event : logged.events()) {
                Map<String, String> mdc = event.mdc();
                String what = "backend " + backend() + ": MDC of '" + event.message() + "'";
                assertEquals(WORKFLOW, mdc.get(TaskLogging.MDC_WORKFLOW), what);
                assertEquals(ATTEMPT, mdc.get(TaskLogging.MDC_ATTEMPT), what);
                assertEquals("log_levels", mdc.get(TaskLogging.MDC_TASK_ID), what);
                assertEquals(PACKAGE, mdc.get(TaskLogging.MDC_PACKAGE), what);
                assertEquals(backend(), mdc.get(TaskLogging.MDC_BACKEND), what);
            }
            assertTrue(org.slf4j.MDC.get(TaskLogging.MDC_TASK_ID) == null, "backend " + backend()
                    + ": the task's MDC leaked into the caller's thread");
        }

        @Test
        @DisplayName("required: print and sys.stdout lines arrive at INFO, sys.stderr lines at WARN, whole and in order")
        void required_streamsArriveAsLines() {
            Logged logged = runLogged("prints");
            expectSuccess("prints", logged.outcome());
            List<String> out = logged.events().stream().filter(e -> e.logger().equals(TaskLogging.STDOUT_LOGGER))
                    .map(CapturingLogProvider.Event::message).toList();
            assertEquals(List.of("hello from print ✓😀", "one line in two writes", "a last line without a newline"), out,
                    "backend " + backend() + ": lines of " + TaskLogging.STDOUT_LOGGER);
            List<String> err = logged.events().stream().filter(e -> e.logger().equals(TaskLogging.STDERR_LOGGER))
                    .map(CapturingLogProvider.Event::message).toList();
            assertEquals(List.of("to stderr", "stderr, first line", "stderr, second line"), err,
                    "backend " + backend() + ": lines of " + TaskLogging.STDERR_LOGGER);
            assertLevel(logged, TaskLogging.STDOUT_LOGGER, "hello from print ✓😀", org.slf4j.event.Level.INFO);
            assertLevel(logged, TaskLogging.STDERR_LOGGER, "to stderr", org.slf4j.event.Level.WARN);
        }

        @Test
        @DisplayName("required: what a task wrote before it raised arrives, before its failure is reported")
        void required_writtenBeforeAFailureArrives() {
            Logged logged = runLogged("fails_after_writing");
            assertType(TaskError.ExecutionFailed.class, asTaskError(logged.outcome(), "fails_after_writing", ""),
                    "task fails_after_writing");
            assertLevel(logged, TaskLogging.STDOUT_LOGGER, "written before the failure", org.slf4j.event.Level.INFO);
            assertLevel(logged, TaskLogging.LOGGER_PREFIX + "tck.logging", "logged before the failure", org.slf4j.event.Level.WARN);
        }

        @Test
        @DisplayName("required: what a task wrote before os._exit arrives, and the package goes on")
        void required_writtenBeforeAnExitArrives() {
            Logged logged = runLogged("exits_after_writing");
            assertType(TaskError.WorkerCrashed.class, asTaskError(logged.outcome(), "exits_after_writing", "os._exit(0)"),
                    "task exits_after_writing");
            assertLevel(logged, TaskLogging.STDOUT_LOGGER, "written before the exit", org.slf4j.event.Level.INFO);
            assertLevel(logged, TaskLogging.LOGGER_PREFIX + "tck.logging", "logged before the exit", org.slf4j.event.Level.WARN);
            Logged next = runLogged("prints");
            expectSuccess("prints (after the exit)", next.outcome());
            find(next, TaskLogging.STDOUT_LOGGER, "hello from print ✓😀");
        }

        @Test
        @DisplayName("required: records of the package's import arrive with the package and backend in the MDC")
        void required_importTimeRecordsArrive() {
            Predicate<CapturingLogProvider.Event> ofThisBackend = e -> PACKAGE.equals(e.mdc().get(TaskLogging.MDC_PACKAGE))
                    && backend().equals(e.mdc().get(TaskLogging.MDC_BACKEND)) && !e.mdc().containsKey(TaskLogging.MDC_TASK_ID);
            List<CapturingLogProvider.Event> warnings = CapturingLogProvider.events(ofThisBackend.and(
                    e -> e.logger().equals(TaskLogging.LOGGER_PREFIX + "tck.import") && e.message().equals("imported at load time")));
            assertFalse(warnings.isEmpty(), "backend " + backend() + ": the warning logged while package " + PACKAGE
                    + " imported did not reach SLF4J logger cloacina.python.tck.import with the package and backend in the MDC");
            assertEquals(org.slf4j.event.Level.WARN, warnings.get(0).level(), "backend " + backend() + ": level of the import-time warning");
            assertFalse(CapturingLogProvider.events(ofThisBackend.and(e -> e.logger().equals(TaskLogging.STDOUT_LOGGER)
                    && e.message().equals("printed at load time"))).isEmpty(), "backend " + backend()
                    + ": the line printed while package " + PACKAGE + " imported did not reach " + TaskLogging.STDOUT_LOGGER);
        }

        @Test
        @DisplayName("required: a task printing 110 MB finishes in time, and what reaches SLF4J is bounded, the rest counted")
        void required_aFloodIsBounded() {
            Logged logged = runLogged("floods");
            Context output = expectSuccess("floods", logged.outcome());
            assertTrue(value(output, "floods", "flooded").asBoolean(), "backend " + backend() + ": task floods did not finish");
            long characters = logged.events().stream().mapToLong(e -> e.message().length()).sum();
            assertTrue(characters < 64L * 1024 * 1024, "backend " + backend() + ": task floods printed 110 MB and "
                    + characters + " characters of it were logged: the host must bound what one task writes");
            assertTrue(logged.events().stream().anyMatch(e -> e.level() == org.slf4j.event.Level.WARN
                            && e.message().contains("dropped")),
                    "backend " + backend() + ": what task floods wrote beyond the bound should be counted in a WARN record "
                            + "saying how much was dropped; the run logged: " + summary(logged.events()));
        }
    }

    // ------------------------------------------------------------------------------------------ lifecycle

    @Nested
    @DisplayName("lifecycle: closing a runtime releases its packages")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Lifecycle {

        @BeforeAll
        void requireRuntime() {
            requireUsableRuntime();
        }

        @Test
        @DisplayName("optional: interpreters() counts none before a load, one or more while a package is loaded, none "
                + "once it is closed")
        void optional_interpretersAreCounted() {
            PythonRuntime second = createRuntime();
            try {
                OptionalInt fresh = second.interpreters();
                assumeTrue(fresh.isPresent(), "backend " + backend() + " does not count its interpreters: implement "
                        + "PythonRuntime.interpreters() to run this (it feeds the cloacina.backend.interpreters gauge); "
                        + "the interpreter count is not verified");
                assertEquals(0, fresh.getAsInt(), "backend " + backend() + ": interpreters() of a runtime that loaded nothing");
                LoadedPackage pkg = load(second, packages.pkg("timing"));
                Outcome ran = execute(pkg, "quick", new Context().set("n", 1), ExecutionOptions.defaults());
                assertTrue(ran.succeeded(), "backend " + backend() + ": task quick " + describe(ran));
                int loaded = second.interpreters().orElseThrow();
                assertTrue(loaded >= 1 && loaded <= second.parallelism(), "backend " + backend()
                        + ": interpreters() with one package loaded is " + loaded + ", expected 1 to parallelism() ("
                        + second.parallelism() + ")");
                close(pkg);
                assertEquals(0, second.interpreters().orElseThrow(), "backend " + backend()
                        + ": interpreters() once the only package was closed");
            } finally {
                Bounded.call("backend " + backend() + ": PythonRuntime.close() of a second runtime", loadWait(), () -> {
                    second.close();
                    return null;
                }, ignored -> { });
            }
        }

        @Test
        @DisplayName("required: a closed runtime refuses to load, and its packages refuse to run")
        void required_closedRuntimeRefusesWork() {
            PythonRuntime second = createRuntime();
            assertNotNull(second, "backend " + backend() + ": createRuntime() returned null the second time");
            LoadedPackage pkg;
            try {
                pkg = load(second, packages.pkg("timing"));
                Outcome before = execute(pkg, "quick", new Context().set("n", 1), ExecutionOptions.defaults());
                assertTrue(before.succeeded(), "backend " + backend() + ": task quick on a second runtime " + describe(before));
            } finally {
                Bounded.call("backend " + backend() + ": PythonRuntime.close() of a second runtime", loadWait(), () -> {
                    second.close();
                    return null;
                }, ignored -> { });
            }
            Outcome after;
            try {
                after = execute(pkg, "quick", new Context().set("n", 1), ExecutionOptions.defaults());
            } catch (AssertionError threw) {
                if (threw.getCause() instanceof IllegalStateException) {
                    after = new Outcome(null, threw.getCause());
                } else {
                    throw threw;
                }
            }
            assertFalse(after.succeeded(), "backend " + backend() + ": task quick ran on a package of a closed runtime");
            try {
                LoadedPackage late = second.load(packages.pkg("timing"));
                late.close();
                fail("backend " + backend() + ": a closed runtime loaded package tck-timing; it must throw IllegalStateException");
            } catch (IllegalStateException expected) {
                // as documented by PythonRuntime.load
            }
        }
    }

    // ------------------------------------------------------------------------------------------- helpers

    /** File separator in a traceback path: either, so the kit works on Windows too. */
    private static final String SEPARATOR = "[/\\\\]";

    private TckTimeouts timeouts() {
        return new TckTimeouts(timeoutScale());
    }

    /** The backend's name for messages, even when it misbehaves. */
    protected final String backend() {
        if (runtime == null) {
            return "<createRuntime() returned null>";
        }
        try {
            return runtime.name();
        } catch (RuntimeException e) {
            return runtime.getClass().getName();
        }
    }

    /** The runtime under test (for subclasses adding their own tests). */
    protected final PythonRuntime runtime() {
        return runtime;
    }

    /** The fixture packages, extracted (for subclasses adding their own tests). */
    protected final TckPackages packages() {
        return packages;
    }

    private void requireUsableRuntime() {
        assumeTrue(runtime != null, "createRuntime() returned null: nothing can be tested (see required_runtimeIsUsable)");
        Availability availability = runtime.availability();
        assumeTrue(availability != null && availability.available(), "backend " + backend()
                + " is not available here, so its behaviour is not tested: "
                + (availability == null ? "availability() returned null" : availability.reason()));
    }

    private void requireCapability(Capability capability, String untested) {
        assumeTrue(runtime.capabilities().contains(capability), "backend " + backend() + " does not declare "
                + capability + ": " + untested + " is not verified");
    }

    /** Loads a fixture, bounded by {@link #loadWait()}; the kit closes it at the end if the test does not. */
    protected final LoadedPackage load(String fixture) {
        return load(packages.pkg(fixture));
    }

    private LoadedPackage load(PythonPackage pkg) {
        return load(runtime, pkg);
    }

    private LoadedPackage load(PythonRuntime from, PythonPackage pkg) {
        LoadedPackage loaded;
        try {
            loaded = Bounded.call("backend " + backend() + ": loading package " + pkg.name(), loadWait(),
                    () -> from.load(pkg), this::closeLate);
        } catch (RuntimeException failed) {
            throw new AssertionError("backend " + backend() + ": loading package " + pkg.name() + " failed: "
                    + describe(failed), failed);
        }
        assertNotNull(loaded, "backend " + backend() + ": load(" + pkg.name() + ") returned null");
        opened.add(loaded);
        return loaded;
    }

    private void closeLate(LoadedPackage late) {
        if (late != null) {
            late.close();
        }
    }

    /** Loads a fixture that must fail, and returns the failure. */
    private TaskError loadFailure(String fixture) {
        PythonPackage pkg = packages.pkg(fixture);
        LoadedPackage loaded;
        try {
            loaded = Bounded.call("backend " + backend() + ": loading package " + pkg.name(), loadWait(),
                    () -> runtime.load(pkg), this::closeLate);
        } catch (TaskError expected) {
            return expected;
        } catch (AssertionError timeout) {
            throw timeout;
        } catch (RuntimeException other) {
            throw new AssertionError("backend " + backend() + ": loading package " + pkg.name()
                    + " failed with " + other + " instead of a TaskError", other);
        }
        String tasks = loaded == null ? "null" : String.valueOf(loaded.discovery().tasks());
        closeLate(loaded);
        throw new AssertionError("backend " + backend() + ": loading package " + pkg.name()
                + " should have failed, but it loaded with tasks " + tasks);
    }

    private void close(LoadedPackage pkg) {
        if (pkg == null) {
            return;
        }
        opened.remove(pkg);
        Bounded.call("backend " + backend() + ": closing package " + pkg.pythonPackage().name(), loadWait(), () -> {
            pkg.close();
            return null;
        }, ignored -> { });
    }

    private void closeQuietly(LoadedPackage pkg, List<Throwable> problems) {
        try {
            close(pkg);
        } catch (Throwable failure) {
            problems.add(failure);
        }
    }

    /** Runs a task with default options and returns its output; any failure fails the test, naming the task. */
    protected final Context run(LoadedPackage pkg, String taskId, Context input) {
        return expectSuccess(taskId, execute(pkg, taskId, input, ExecutionOptions.defaults()));
    }

    /** Runs a task that must fail and returns its {@link TaskError}. */
    protected final TaskError failure(LoadedPackage pkg, String taskId, Context input) {
        return asTaskError(execute(pkg, taskId, input, ExecutionOptions.defaults()), taskId, "");
    }

    private Outcome execute(LoadedPackage pkg, String taskId, Context input, ExecutionOptions options) {
        CompletableFuture<Context> future;
        try {
            future = pkg.executor().execute(taskId, input, options);
        } catch (RuntimeException thrown) {
            throw new AssertionError("backend " + backend() + ": execute(\"" + taskId + "\") threw " + thrown
                    + " instead of returning a failed future", thrown);
        }
        assertNotNull(future, "backend " + backend() + ": execute(\"" + taskId + "\") returned null");
        return await(future, taskId);
    }

    private Outcome await(CompletableFuture<Context> future, String taskId) {
        try {
            Context output = Bounded.await("backend " + backend() + ": task " + taskId, future, taskWait());
            return new Outcome(output, null);
        } catch (AssertionError hung) {
            throw hung;
        } catch (Throwable error) {
            return new Outcome(null, error);
        }
    }

    private Context expectSuccess(String taskId, Outcome outcome) {
        if (!outcome.succeeded()) {
            throw new AssertionError("backend " + backend() + ": task " + taskId + " failed: "
                    + describe(outcome.error()), outcome.error());
        }
        assertNotNull(outcome.output(), "backend " + backend() + ": task " + taskId + " completed with null");
        return outcome.output();
    }

    private TaskError asTaskError(Outcome outcome, String taskId, String doing) {
        String what = doing.isEmpty() ? "" : " (" + doing + ")";
        if (outcome.succeeded()) {
            throw new AssertionError("backend " + backend() + ": task " + taskId + what
                    + " should have failed, but returned " + outcome.output());
        }
        if (!(outcome.error() instanceof TaskError error)) {
            throw new AssertionError("backend " + backend() + ": task " + taskId + what + " failed with "
                    + outcome.error() + ", which is not a TaskError", outcome.error());
        }
        return error;
    }

    private static String describe(Outcome outcome) {
        return outcome.succeeded() ? "returned " + outcome.output() : "failed with " + describe(outcome.error());
    }

    private static String describe(Throwable error) {
        return error instanceof TaskError taskError ? taskError.describe() : String.valueOf(error);
    }

    private void assertType(Class<? extends TaskError> expected, TaskError actual, String what) {
        TaskErrorAssert.assertThat(actual, "backend " + backend() + ": " + what).isA(expected);
    }

    private void assertPythonType(String expected, TaskError error, String what) {
        TaskErrorAssert.assertThat(error, "backend " + backend() + ": " + what).hasPythonType(expected);
    }

    private void assertContains(String text, String part, String what) {
        assertTrue(text != null && text.contains(part), "backend " + backend() + ": " + what + " should contain '"
                + part + "', was: " + text);
    }

    /** The traceback names the file (a path ending in {@code fileRegex}) at the line, and no bridge frame. */
    private void assertTraceback(TaskError error, String what, String fileRegex, int line) {
        TaskErrorAssert.assertThat(error, "backend " + backend() + ": " + what).tracebackPointsAt(fileRegex, line);
    }

    /** A context value the task must have produced. */
    private JsonNode value(Context output, String taskId, String key) {
        return output.get(key).orElseThrow(() -> new AssertionError("backend " + backend() + ": task " + taskId
                + " returned no '" + key + "' (keys: " + output.keys() + ")"));
    }

    /** Compares JSON values by their text, so IntNode(1) and LongNode(1) are the same number. */
    /** Fails naming the first key out of place, then both orders. */
    private void assertKeyOrder(List<String> expected, List<String> actual, String what) {
        if (expected.equals(actual)) {
            return;
        }
        int i = 0;
        while (i < Math.min(expected.size(), actual.size()) && expected.get(i).equals(actual.get(i))) {
            i++;
        }
        String first = i < actual.size() ? "key '" + actual.get(i) + "' at position " + i
                + (i < expected.size() ? " where key '" + expected.get(i) + "' belongs" : "")
                : "key '" + expected.get(i) + "' missing at position " + i;
        throw new AssertionError("backend " + backend() + ": " + what + ": first out of place: " + first
                + "; expected " + expected + ", got " + actual);
    }

    private static void assertJson(JsonNode expected, JsonNode actual) {
        assertJson(expected, actual, "");
    }

    private static void assertJson(JsonNode expected, JsonNode actual, String message) {
        assertEquals(normal(expected), normal(actual), message);
    }

    private static JsonNode normal(JsonNode node) {
        return node == null ? null : json(node.toString());
    }

    private static JsonNode json(String text) {
        return Context.fromJson("{\"v\": " + text + "}").get("v").orElseThrow();
    }

    private static void sleep(Duration duration) {
        try {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

}
