package io.cloacina.bench;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every benchmark once, with no warm-up and one short measurement, in this JVM: proves that each one
 * sets up, runs the real thing and tears down. Speed is not asserted here; bin/bench measures it.
 */
class BenchmarkSmokeTest {

    @Test
    void everyBenchmarkRunsOnce() throws RunnerException {
        Set<String> declared = declaredBenchmarks();
        assertFalse(declared.isEmpty(), "no benchmark in META-INF/BenchmarkList: is JMH's annotation processor on?");

        Options options = SmokeOptions.builder()
                .include("io\\.cloacina\\.bench\\..*")
                .build();
        Collection<RunResult> results = new Runner(options).run();

        Set<String> ran = new TreeSet<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            double score = result.getPrimaryResult().getScore();
            assertTrue(Double.isFinite(score) && score > 0, name + " measured " + score);
            ran.add(name);
        }
        assertEquals(declared, ran, "every declared benchmark must have run");
    }

    private static Set<String> declaredBenchmarks() {
        Set<BenchmarkListEntry> entries = BenchmarkList.defaultList().getAll(
                OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of());
        return entries.stream().map(BenchmarkListEntry::getUsername).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Minimal settings: in this JVM, no warm-up, one 50 ms measurement, smallest contexts. */
    static final class SmokeOptions {
        private SmokeOptions() {
        }

        static OptionsBuilder builder() {
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
    }
}
