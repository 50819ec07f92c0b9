package io.cloacina.bench;

import io.cloacina.bench.data.SizedContexts;
import io.cloacina.bench.python.BenchPackages;
import io.cloacina.bench.python.LoadedBackend;
import io.cloacina.context.Context;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One task at a time through a backend's {@code TaskExecutor}, the caller waiting for each result: the
 * trivial task ({"n": 1} in, n + 1 out), and the same task over contexts of 1 KB to 10 MB. Compared with
 * each backend's raw channel and with CPython's own JSON round trip in the report.
 */
public class TaskExecutorBenchmark extends BenchDefaults {

    @State(Scope.Benchmark)
    public static class Backend {
        @Param({"subprocess", "jep", "graal"})
        public String backend;
        LoadedBackend python;
        Context trivial;

        @Setup
        public void load() {
            python = LoadedBackend.open(backend, BenchPackages.single());
            trivial = new Context().set("n", 1);
            LoadedBackend.checkIncremented(python.run("incr", trivial), backend);
        }

        @TearDown
        public void close() {
            python.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Sized {
        @Param({"1KB", "100KB", "1MB", "10MB"})
        public String size;
        Context context;

        @Setup
        public void generate() {
            context = Context.adopt(SizedContexts.of(size).tree());
        }
    }

    @Benchmark
    public Context trivialTask(Backend b) {
        return b.python.run("incr", b.trivial);
    }

    @Benchmark
    public Context sizedContext(Backend b, Sized data) {
        return b.python.run("incr", data.context);
    }
}
