package io.cloacina.bench;

import io.cloacina.bench.data.SizedContexts;
import io.cloacina.bench.python.BaselineProcess;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * CPython's own JSON round trip (json.dumps + json.loads) of the benchmark contexts: the baseline of the
 * context-size benchmarks. The 1 KB case loops in Python so that the pipe round trip does not dominate it.
 */
public class CPythonJsonBenchmark extends BenchDefaults {

    static final int SMALL_REPS = 1000;

    @State(Scope.Benchmark)
    public static class Python {
        BaselineProcess process;

        @Setup
        public void start() {
            process = new BaselineProcess();
        }

        @TearDown
        public void stop() {
            process.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Large {
        @Param({"100KB", "1MB", "10MB"})
        public String size;
        SizedContexts context;

        @Setup
        public void generate() {
            context = SizedContexts.of(size);
        }
    }

    @State(Scope.Benchmark)
    public static class Small {
        SizedContexts context;

        @Setup
        public void generate() {
            context = SizedContexts.of("1KB");
        }
    }

    @Benchmark
    public int jsonRoundTrip(Python python, Large data) {
        return python.process.jsonRoundTrip(data.context.file(), 1);
    }

    @Benchmark
    @OperationsPerInvocation(SMALL_REPS)
    public int jsonRoundTrip1KB(Python python, Small data) {
        return python.process.jsonRoundTrip(data.context.file(), SMALL_REPS);
    }
}
