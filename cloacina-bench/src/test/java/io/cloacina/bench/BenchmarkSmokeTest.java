package io.cloacina.bench;

import io.cloacina.runtime.PythonRuntimes;
import io.cloacina.runtime.RuntimeCandidate;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Assumptions;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every benchmark once, in this JVM, with no warm-up and one 50 ms measurement over the smallest
 * contexts: proves that each sets up, runs the real thing (each setup checks the task's result) and tears
 * down. One test per benchmark class; a class whose backend is unavailable here is skipped, saying why.
 * Speed is not asserted here: bin/bench measures it.
 */
class BenchmarkSmokeTest {

    /** Benchmark classes that need one particular backend (others need python3 only, or take any backend). */
    private static final Map<String, String> NEEDS_BACKEND = Map.of(
            "JepRawBenchmark", "jep",
            "JepConversionBenchmark", "jep",
            "GraalRawBenchmark", "graal",
            "GraalInterpretedBenchmark", "graal",
            "GraalOptimizedBenchmark", "graal",
            "SpinningWaiterBenchmark", "subprocess");
    /** Benchmark classes smoke-tested elsewhere, and why (this test runs everything in its own JVM, forks(0)). */
    private static final Map<String, String> SMOKE_TESTED_ELSEWHERE = Map.of(
            "GraalOptimizedBenchmark", "it needs the Graal compiler on the JVM's command line: GraalJitSmokeTest "
                    + "runs it in a forked JVM");
    /** Benchmark classes parameterised by backend: they run on every backend available here. */
    private static final Set<String> ANY_BACKEND = Set.of("TaskExecutorBenchmark");
    /**
     * Whole-workflow benchmarks (thousands of tasks per operation): once, on one backend, so the smoke run stays
     * short; the subprocess backend when it is available, since it is the one every machine can run.
     */
    private static final Set<String> ONE_BACKEND = Set.of("RunnerBenchmark", "ThroughputBenchmark");

    @TestFactory
    Stream<DynamicTest> everyBenchmarkRunsOnce() {
        Map<String, Set<String>> byClass = declaredBenchmarks();
        assertFalse(byClass.isEmpty(), "no benchmark in META-INF/BenchmarkList: is JMH's annotation processor on?");
        List<RuntimeCandidate> candidates = PythonRuntimes.discover();
        List<String> available = candidates.stream().filter(RuntimeCandidate::available).map(RuntimeCandidate::name)
                .toList();
        return byClass.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(),
                () -> runClass(entry.getKey(), entry.getValue(), candidates, available)));
    }

    private static void runClass(String className, Set<String> declared, List<RuntimeCandidate> candidates,
                                 List<String> available) throws RunnerException {
        OptionsBuilder options = smokeOptions();
        options.include("^io\\.cloacina\\.bench\\." + className + "\\.");
        if (SMOKE_TESTED_ELSEWHERE.containsKey(className)) {
            Assumptions.abort(className + " is not run here: " + SMOKE_TESTED_ELSEWHERE.get(className));
        }
        String needed = NEEDS_BACKEND.get(className);
        if (needed != null && !available.contains(needed)) {
            Assumptions.abort(className + " needs backend '" + needed + "', which is "
                    + reason(candidates, needed));
        }
        if (ANY_BACKEND.contains(className)) {
            if (available.isEmpty()) {
                Assumptions.abort(className + " needs a backend and none is available: " + candidates);
            }
            options.param("backend", available.toArray(String[]::new));
        }
        if (ONE_BACKEND.contains(className)) {
            if (available.isEmpty()) {
                Assumptions.abort(className + " needs a backend and none is available: " + candidates);
            }
            options.param("backend", available.contains("subprocess") ? "subprocess" : available.get(0));
            options.param("parallelism", "2");
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        Set<String> ran = new TreeSet<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            double score = result.getPrimaryResult().getScore();
            assertTrue(Double.isFinite(score) && score > 0, name + " measured " + score);
            ran.add(name);
        }
        assertEquals(declared, ran, "every benchmark of " + className + " must have run");
    }

    private static String reason(List<RuntimeCandidate> candidates, String backend) {
        return candidates.stream().filter(c -> c.name().equals(backend)).findFirst()
                .map(c -> "unavailable here: " + c.reason()).orElse("not on the class path");
    }

    private static OptionsBuilder smokeOptions() {
        OptionsBuilder builder = new OptionsBuilder();
        builder.forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                .timeout(TimeValue.seconds(60))
                .param("size", "1KB")
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
        return builder;
    }

    /** Simple class name to the full names of its benchmark methods, from JMH's generated list. */
    private static Map<String, Set<String>> declaredBenchmarks() {
        Set<BenchmarkListEntry> entries = BenchmarkList.defaultList().getAll(
                OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of());
        return entries.stream().map(BenchmarkListEntry::getUsername).collect(Collectors.groupingBy(
                name -> name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1, name.lastIndexOf('.')),
                TreeMap::new, Collectors.toCollection(TreeSet::new)));
    }
}
