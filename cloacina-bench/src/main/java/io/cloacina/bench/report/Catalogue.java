package io.cloacina.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every comparison the report makes, with the targets of issue 6 and, where issue 17 tightened or added them,
 * those (per task through a fresh CLI process, start-up, memory against the warmed-up point). A comparison whose
 * results are missing from the run is still listed, as "not measured", so a gap cannot pass for a success.
 */
public final class Catalogue {

    public static final String CLI_TASKS = "Per task through the CLI";
    public static final String ROUND_TRIP = "Per-task round trip";
    public static final String SIZES = "Context size scaling";
    public static final String RUNNER = "Runner overhead";
    public static final String THROUGHPUT = "Throughput";
    public static final String COLD_START = "Cold start";
    public static final String MEMORY = "Memory";
    /** The {@code jvm} parameter of the memory probe's results in a pre-touched JVM (bin/lib/bench-memory.sh). */
    static final String PRETOUCHED = "pretouched";

    private static final String FLOOR = "PythonFloorBenchmark.trivialTaskInPython";
    private static final List<String> SIZE_LABELS = List.of("1KB", "100KB", "1MB", "10MB");

    private static final String EXECUTOR = "TaskExecutorBenchmark";

    private static final String CLI_PER_TASK = "CliChain.perTask";
    private static final String CLI_FLOOR = "CliChain.floor";

    /**
     * Backend name, its raw-channel benchmark class, its per-task ratio target, the raw channel's variant
     * behind a thread hand-off each way (the least a backend that never blocks its callers can pay), if any, and
     * the backend's per-task benchmark with waiting callers spinning (opt-in BriefSpin), if it has one.
     */
    private record Backend(String name, String raw, String rawText, double max, String handedOver,
                           String spinning) {
        Map<String, String> on() {
            return Map.of("backend", name);
        }

        Map<String, String> on(String size) {
            return Map.of("backend", name, "size", size);
        }
    }

    private static final List<Backend> BACKENDS = List.of(
            new Backend("subprocess", "SubprocessRawBenchmark", "raw pipe echo", 1.3, "trivialTaskViaOwnerThread",
                    "SpinningWaiterBenchmark.trivialTask"),
            new Backend("jep", "JepRawBenchmark", "raw Jep invoke", 1.5, "trivialTaskOnOwnThread", null),
            new Backend("graal", "GraalRawBenchmark", "raw Value.execute", 1.5, "trivialTaskOnOwnThread", null));

    /** The per-size lines of the size chart: benchmark, parameters, title. */
    public record Line(String benchmark, Map<String, String> params, String title) {
    }

    public static List<Line> sizeLines() {
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("CPythonJsonBenchmark.jsonRoundTrip", Map.of(), "CPython json.dumps + json.loads"));
        for (Backend b : BACKENDS) {
            lines.add(new Line(EXECUTOR + ".sizedContext", b.on(), b.name + " TaskExecutor"));
            lines.add(new Line(b.raw + ".sizedContext", Map.of(), b.name + " " + b.rawText));
        }
        return lines;
    }

    private static final Map<String, String> PARTS = Map.of("jvmRss", "JVM RSS alone",
            "childRss", "RSS of child processes (Python workers)", "heapAfterGc", "Java heap in use after a GC");

    private Catalogue() {
    }

    public static List<Comparison> all() {
        List<Comparison> all = new ArrayList<>();
        for (Backend b : BACKENDS) {
            Map<String, String> chain = Map.of("backend", b.name, "shape", "chain");
            Map<String, String> fanOut = Map.of("backend", b.name, "shape", "fanout");
            all.add(new Comparison(CLI_TASKS, b.name + ": 2,000-task chain in a fresh `bin/cloacina run` vs CPython "
                    + "in-process floor", CLI_PER_TASK, chain, CLI_FLOOR, Map.of(),
                    new Check.Ratio(b.name.equals("jep") ? 6.0 : 12.0), true));
            all.add(new Comparison(CLI_TASKS, b.name + ": 2,000-task fan-out vs the chain, per task", CLI_PER_TASK,
                    fanOut, CLI_PER_TASK, chain, new Check.Ratio(1.0), false));
        }
        all.add(new Comparison(CLI_TASKS, "jep vs subprocess, 2,000-task chain, per task", CLI_PER_TASK,
                Map.of("backend", "jep", "shape", "chain"), CLI_PER_TASK, Map.of("backend", "subprocess", "shape", "chain"),
                new Check.Ratio(1.0), false));
        for (Backend b : BACKENDS) {
            all.add(new Comparison(ROUND_TRIP, b.name + ": TaskExecutor vs " + b.rawText, EXECUTOR + ".trivialTask",
                    b.on(), b.raw + ".trivialTask", Map.of(), new Check.Ratio(b.max), true));
            if (b.handedOver != null) {
                all.add(new Comparison(ROUND_TRIP, b.name + ": TaskExecutor vs " + b.rawText
                        + " behind one thread hand-off each way", EXECUTOR + ".trivialTask", b.on(),
                        b.raw + "." + b.handedOver, Map.of(), new Check.Ratio(null), false));
            }
            if (b.spinning != null) {
                all.add(new Comparison(ROUND_TRIP, b.name + ": TaskExecutor with the waiter spinning up to 100 µs "
                        + "(opt-in, -Dcloacina.subprocess.spin=100us) vs " + b.rawText, b.spinning, Map.of(),
                        b.raw + ".trivialTask", Map.of(), new Check.Ratio(null), false));
            }
            all.add(new Comparison(ROUND_TRIP, b.name + ": " + b.rawText + " vs CPython in-process floor",
                    b.raw + ".trivialTask", Map.of(), FLOOR, Map.of(), new Check.Ratio(null), false));
            all.add(new Comparison(ROUND_TRIP, b.name + ": TaskExecutor vs CPython in-process floor",
                    EXECUTOR + ".trivialTask", b.on(), FLOOR, Map.of(), new Check.Ratio(null), false));
        }
        for (Backend b : BACKENDS) {
            for (String size : SIZE_LABELS) {
                String json = size.equals("1KB") ? "CPythonJsonBenchmark.jsonRoundTrip1KB"
                        : "CPythonJsonBenchmark.jsonRoundTrip";
                Map<String, String> jsonParams = size.equals("1KB") ? Map.of() : Map.of("size", size);
                all.add(new Comparison(SIZES, b.name + ": " + size + " context vs CPython json.dumps+loads",
                        EXECUTOR + ".sizedContext", b.on(size), json, jsonParams,
                        new Check.Ratio(size.equals("1MB") ? 3.0 : null), size.equals("1MB")));
                all.add(new Comparison(SIZES, b.name + ": " + size + " context vs " + b.rawText,
                        EXECUTOR + ".sizedContext", b.on(size), b.raw + ".sizedContext", Map.of("size", size),
                        new Check.Ratio(null), false));
            }
        }
        for (Backend b : BACKENDS) {
            Map<String, String> on = Map.of("backend", b.name);
            all.add(new Comparison(RUNNER, b.name + ": 1,000-task chain, runner vs direct TaskExecutor",
                    "RunnerBenchmark.chainRunner", on, "RunnerBenchmark.chainDirect", on,
                    new Check.OverheadPerTask(1000, 20_000), false));
            all.add(new Comparison(RUNNER, b.name + ": 1,000-wide fan-out, runner vs direct TaskExecutor",
                    "RunnerBenchmark.fanOutRunner", on, "RunnerBenchmark.fanOutDirect", on,
                    new Check.OverheadPerTask(1001, 20_000), false));
        }
        for (Backend b : BACKENDS) {
            Map<String, String> p1 = Map.of("backend", b.name, "parallelism", "1");
            Map<String, String> p2 = Map.of("backend", b.name, "parallelism", "2");
            all.add(new Comparison(THROUGHPUT, b.name + ": 200 CPU-bound tasks, parallelism 2 vs 1",
                    "ThroughputBenchmark.cpuTasks200", p2, "ThroughputBenchmark.cpuTasks200", p1,
                    b.name.equals("subprocess") ? new Check.Speedup(1.7) : new Check.Speedup(null), false));
            all.add(new Comparison(THROUGHPUT, b.name + ": 10,000 trivial tasks, parallelism 2 vs 1",
                    "ThroughputBenchmark.trivialTasks10k", p2, "ThroughputBenchmark.trivialTasks10k", p1,
                    new Check.Speedup(null), false));
        }
        for (Backend b : BACKENDS) {
            all.add(new Comparison(COLD_START, b.name + ": `bin/cloacina run` start to first task result",
                    "ColdStart.firstResult", Map.of("backend", b.name), "ColdStart.python3", Map.of(),
                    new Check.AtMost(b.name.equals("graal") ? 3e9 : 0.35e9), false));
        }
        all.add(new Comparison(COLD_START, "subprocess with CLOACINA_PYTHON set to the interpreter itself (no shim)",
                "ColdStart.firstResult", Map.of("backend", "subprocess", "python", "resolved"), "ColdStart.python3Resolved",
                Map.of(), new Check.AtMost(null), false));
        all.add(new Comparison(COLD_START, "`bin/cloacina --version`: launcher and JVM, no Python",
                "ColdStart.cliVersion", Map.of(), "ColdStart.python3Resolved", Map.of(), new Check.AtMost(null), false));
        for (Backend b : BACKENDS) {
            String last = "100000";
            String lastText = "100,000";
            Map<String, String> after = Map.of("backend", b.name, "executions", last);
            Map<String, String> before = Map.of("backend", b.name, "executions", "1000");
            // The 1,000 point mostly measures the heap's pages being touched for the first time (docs/perf/notes.md):
            // the target is against the warmed-up 10,000 point, the 1,000 one is shown for scale.
            all.add(new Comparison(MEMORY, b.name + ": RSS after " + lastText + " vs after 10,000 (warmed up)",
                    "Memory.rss", after, "Memory.rss", Map.of("backend", b.name, "executions", "10000"),
                    new Check.Ratio(1.10), false));
            all.add(new Comparison(MEMORY, b.name + ": RSS after " + lastText + " vs after 1,000 executions",
                    "Memory.rss", after, "Memory.rss", before, new Check.Ratio(null), false));
            all.add(new Comparison(MEMORY, b.name + ": threads after " + lastText + " vs after 1,000 executions",
                    "Memory.threads", after, "Memory.threads", before, new Check.Ratio(1.10), false));
            for (String part : List.of("jvmRss", "childRss", "heapAfterGc")) {
                all.add(new Comparison(MEMORY, b.name + ": " + PARTS.get(part) + " after " + lastText + " vs after 1,000",
                        "Memory." + part, after, "Memory." + part, before, new Check.Ratio(null), false));
            }
            // The same probe in a JVM that touches its whole heap at start and returns freed malloc memory: what is
            // left of the growth is ours, not the JVM filling its heap's pages for the first time (docs/soak.md).
            all.add(new Comparison(MEMORY, b.name + ": RSS after " + lastText + " vs after 10,000, heap pre-touched "
                    + "(-XX:+AlwaysPreTouch -XX:TrimNativeHeapInterval=1000)",
                    "Memory.rss", Map.of("backend", b.name, "executions", last, "jvm", PRETOUCHED),
                    "Memory.rss", Map.of("backend", b.name, "executions", "10000", "jvm", PRETOUCHED),
                    new Check.Ratio(null), false));
        }
        return all;
    }
}
