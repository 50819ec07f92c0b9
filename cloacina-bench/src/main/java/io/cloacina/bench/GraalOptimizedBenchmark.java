package io.cloacina.bench;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * {@link GraalJitBenchmark} with the Graal compiler enabled: the flags bin/cloacina adds for
 * CLOACINA_GRAAL_JIT=1. The module path is relative: JMH must run from the repository root (bin/bench does).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {GraalJitBenchmark.HEADLESS, GraalJitBenchmark.NATIVE_ACCESS,
        GraalJitBenchmark.ONE_CONTEXT, "-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI",
        "--upgrade-module-path=" + GraalJitBenchmark.COMPILER_FOLDER})
public class GraalOptimizedBenchmark extends GraalJitBenchmark {

    @Override
    boolean optimized() {
        return true;
    }
}
