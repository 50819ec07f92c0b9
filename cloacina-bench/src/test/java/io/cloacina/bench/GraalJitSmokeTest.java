package io.cloacina.bench;

import io.cloacina.runtime.PythonRuntimes;
import io.cloacina.runtime.RuntimeCandidate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The smoke run of {@link GraalOptimizedBenchmark}: like BenchmarkSmokeTest (no warm-up, one 50 ms
 * measurement) but in one forked JVM, because the Graal compiler can only be enabled on the JVM's command
 * line. The fork gets the compiler folder as an absolute path (the benchmark's own relative one assumes the
 * repository root, and tests run in the module folder). The benchmark's setup fails unless GraalPy really
 * runs optimized there, so a passing run proves the flags work. Only {@code spinTask}: JMH forks once per
 * benchmark method and each fork costs a GraalPy start-up (10-40 s); {@code trivialTask} has the same setup
 * and runs (interpreted) in BenchmarkSmokeTest.
 */
class GraalJitSmokeTest {

    /** Built by cloacina-cli's package phase, which the reactor runs before this module's tests. */
    private static final Path COMPILER = Path.of("..").resolve(GraalJitBenchmark.COMPILER_FOLDER);

    @Test
    void optimizedBenchmarkRunsOnceInAForkWithTheCompiler() throws RunnerException {
        Assumptions.assumeTrue(Files.isRegularFile(COMPILER.resolve("compiler.jar")),
                "no Graal compiler at " + COMPILER.toAbsolutePath() + ": build cloacina-cli (package) first");
        RuntimeCandidate graal = PythonRuntimes.discover().stream().filter(c -> c.name().equals("graal")).findFirst()
                .orElse(null);
        Assumptions.assumeTrue(graal != null && graal.available(), "the graal backend is not available: " + graal);
        OptionsBuilder options = new OptionsBuilder();
        options.include("^io\\.cloacina\\.bench\\.GraalOptimizedBenchmark\\.spinTask$")
                .forks(1)
                .jvmArgsAppend(GraalJitBenchmark.HEADLESS, GraalJitBenchmark.NATIVE_ACCESS,
                        GraalJitBenchmark.ONE_CONTEXT, "-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI",
                        "--upgrade-module-path=" + COMPILER.toAbsolutePath().normalize())
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                .timeout(TimeValue.seconds(120))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
        Collection<RunResult> results = new Runner(options.build()).run();
        Set<String> ran = new TreeSet<>();
        for (RunResult result : results) {
            double score = result.getPrimaryResult().getScore();
            assertTrue(Double.isFinite(score) && score > 0, result.getParams().getBenchmark() + " measured " + score);
            ran.add(result.getParams().getBenchmark());
        }
        assertEquals(Set.of("io.cloacina.bench.GraalOptimizedBenchmark.spinTask"), ran);
    }
}
