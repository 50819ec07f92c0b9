package io.cloacina.bench;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** {@link GraalJitBenchmark} on a stock JDK: GraalPy's Truffle runtime falls back to its interpreter. */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {GraalJitBenchmark.HEADLESS, GraalJitBenchmark.NATIVE_ACCESS,
        GraalJitBenchmark.ONE_CONTEXT, GraalJitBenchmark.QUIET_INTERPRETER})
public class GraalInterpretedBenchmark extends GraalJitBenchmark {

    @Override
    boolean optimized() {
        return false;
    }
}
