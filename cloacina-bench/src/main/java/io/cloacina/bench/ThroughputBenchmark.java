package io.cloacina.bench;

import io.cloacina.bench.python.BenchPackages;
import io.cloacina.bench.python.LoadedBackend;
import io.cloacina.context.Context;
import io.cloacina.runner.WorkflowRunner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * Whole workflows of independent tasks through the runner at parallelism 1 and 2: 10,000 trivial tasks,
 * and 200 CPU-bound tasks of about 5 ms of pure Python each. One operation is one whole workflow.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ThroughputBenchmark extends BenchDefaults {

    @State(Scope.Benchmark)
    public static class Wide {
        @Param({"subprocess", "jep", "graal"})
        public String backend;
        @Param({"1", "2"})
        public int parallelism;
        LoadedBackend python;
        WorkflowRunner runner;

        @Setup
        public void load() {
            python = LoadedBackend.open(backend, BenchPackages.wide());
            runner = WorkflowRunner.builder().parallelism(parallelism).build();
        }

        @TearDown
        public void close() {
            python.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Cpu {
        @Param({"subprocess", "jep", "graal"})
        public String backend;
        @Param({"1", "2"})
        public int parallelism;
        LoadedBackend python;
        WorkflowRunner runner;

        @Setup
        public void load() {
            python = LoadedBackend.open(backend, BenchPackages.cpu());
            runner = WorkflowRunner.builder().parallelism(parallelism).build();
        }

        @TearDown
        public void close() {
            python.close();
        }
    }

    @Benchmark
    public Context trivialTasks10k(Wide state) {
        return RunnerBenchmark.succeeded(LoadedBackend.await(state.runner.start(state.python.runtime(),
                state.python.loaded(), RunnerBenchmark.start()).result()), 2);
    }

    @Benchmark
    public Context cpuTasks200(Cpu state) {
        return RunnerBenchmark.succeeded(LoadedBackend.await(state.runner.start(state.python.runtime(),
                state.python.loaded(), RunnerBenchmark.start()).result()), 2);
    }
}
