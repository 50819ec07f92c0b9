package io.cloacina.bench;

import io.cloacina.bench.python.BenchPackages;
import io.cloacina.bench.python.LoadedBackend;
import io.cloacina.context.Context;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The subprocess backend's per-task round trip with the opt-in brief spin of waiting callers
 * ({@code -Dcloacina.subprocess.spin=100us}, {@code io.cloacina.bridge.concurrent.BriefSpin}): how much of a trivial task's
 * cost is the wake-up of the parked caller. Same task and caller as {@code TaskExecutorBenchmark.trivialTask}.
 */
@Fork(value = 1, jvmArgsAppend = {"-Djava.awt.headless=true", "--enable-native-access=ALL-UNNAMED",
        "-Dcloacina.subprocess.spin=100us"})
public class SpinningWaiterBenchmark extends BenchDefaults {

    @State(Scope.Benchmark)
    public static class Subprocess {
        LoadedBackend python;
        Context trivial;

        @Setup
        public void load() {
            python = LoadedBackend.open("subprocess", BenchPackages.single());
            trivial = new Context().set("n", 1);
            LoadedBackend.checkIncremented(python.run("incr", trivial), "subprocess");
        }

        @TearDown
        public void close() {
            python.close();
        }
    }

    @Benchmark
    public Context trivialTask(Subprocess s) {
        return s.python.run("incr", s.trivial);
    }
}
