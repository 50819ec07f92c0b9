package io.cloacina.bench;

import io.cloacina.bench.python.BenchPackages;
import io.cloacina.bench.python.LoadedBackend;
import io.cloacina.context.Context;
import io.cloacina.runner.WorkflowResult;
import io.cloacina.runner.WorkflowRunner;
import io.cloacina.spi.TaskExecutor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the runner adds per task: a 1,000-task chain and a 1,000-wide fan-out through {@link WorkflowRunner},
 * against the same executions driven directly through {@link TaskExecutor} (the chain one after another,
 * each task getting the previous output; the fan-out as the root, then all leaves submitted at once).
 */
public class RunnerBenchmark extends BenchDefaults {

    static final int CHAIN = 1000;
    static final int WIDTH = 1000;

    @State(Scope.Benchmark)
    public static class Chain {
        @Param({"subprocess", "jep", "graal"})
        public String backend;
        LoadedBackend python;
        WorkflowRunner runner;

        @Setup
        public void load() {
            python = LoadedBackend.open(backend, BenchPackages.chain());
            runner = WorkflowRunner.withDefaults();
        }

        @TearDown
        public void close() {
            python.close();
        }
    }

    @State(Scope.Benchmark)
    public static class FanOut {
        @Param({"subprocess", "jep", "graal"})
        public String backend;
        LoadedBackend python;
        WorkflowRunner runner;

        @Setup
        public void load() {
            python = LoadedBackend.open(backend, BenchPackages.fanOut());
            runner = WorkflowRunner.withDefaults();
        }

        @TearDown
        public void close() {
            python.close();
        }
    }

    @Benchmark
    public Context chainRunner(Chain state) {
        return succeeded(LoadedBackend.await(state.runner.start(state.python.runtime(), state.python.loaded(),
                start()).result()), CHAIN + 1);
    }

    @Benchmark
    public Context chainDirect(Chain state) {
        Context context = start();
        for (int i = 0; i < CHAIN; i++) {
            context = state.python.run("c" + i, context);
        }
        return expect(context, CHAIN + 1);
    }

    @Benchmark
    public Context fanOutRunner(FanOut state) {
        return succeeded(LoadedBackend.await(state.runner.start(state.python.runtime(), state.python.loaded(),
                start()).result()), 3);
    }

    @Benchmark
    public Context fanOutDirect(FanOut state) {
        TaskExecutor executor = state.python.executor();
        Context root = state.python.run("root", start());
        List<CompletableFuture<Context>> leaves = new ArrayList<>(WIDTH);
        for (int i = 0; i < WIDTH; i++) {
            leaves.add(executor.execute("f" + i, root));
        }
        Context last = null;
        for (CompletableFuture<Context> leaf : leaves) {
            last = LoadedBackend.await(leaf);
        }
        return expect(last, 3);
    }

    static Context start() {
        return new Context().set("n", 1);
    }

    static Context succeeded(WorkflowResult result, long n) {
        if (!result.succeeded()) {
            throw new IllegalStateException("the benchmark workflow failed: " + result.failures());
        }
        return expect(result.finalContext().orElseThrow(), n);
    }

    static Context expect(Context context, long n) {
        long got = context.get("n").map(node -> node.asLong()).orElse(-1L);
        if (got != n) {
            throw new IllegalStateException("expected n=" + n + " at the end of the workflow, got " + got);
        }
        return context;
    }
}
