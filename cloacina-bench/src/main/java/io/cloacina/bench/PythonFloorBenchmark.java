package io.cloacina.bench;

import io.cloacina.bench.python.BaselineProcess;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The in-process floor: what the trivial task costs CPython itself, with json.loads of its input and
 * json.dumps of its output, in a Python loop. No backend can beat it; every per-task time is compared to it.
 */
@State(Scope.Benchmark)
public class PythonFloorBenchmark extends BenchDefaults {

    /** Loop length per request: the one pipe round trip per request adds under 1% to each operation. */
    static final int REPS = 2000;

    private BaselineProcess python;

    @Setup
    public void start() {
        python = new BaselineProcess();
        String out = python.floor(1);
        if (!out.equals("{\"n\":2}")) {
            throw new IllegalStateException("the trivial task gave " + out + " instead of {\"n\":2}");
        }
    }

    @TearDown
    public void stop() {
        python.close();
    }

    @Benchmark
    @OperationsPerInvocation(REPS)
    public String trivialTaskInPython() {
        return python.floor(REPS);
    }
}
