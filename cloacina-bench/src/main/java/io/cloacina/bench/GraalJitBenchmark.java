package io.cloacina.bench;

import io.cloacina.bench.python.BenchPackages;
import io.cloacina.bench.python.LoadedBackend;
import io.cloacina.context.Context;
import org.graalvm.polyglot.Engine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * GraalPy interpreted vs optimized (Graal compiler on): the same two tasks through the graal backend's
 * {@code TaskExecutor}, run by two subclasses whose forks differ only in the JVM flags that enable the
 * compiler, so one JMH run gives both sides of the ratio. {@code spin} is about 5 ms of pure-Python loop on
 * CPython (where a JIT can matter); {@code incr} is the trivial round trip (where it should not).
 * One context per package, so every operation runs in the same, warmed-up context.
 */
@State(Scope.Benchmark)
public abstract class GraalJitBenchmark extends BenchDefaults {

    /** Flags of both forks; the optimized one adds the three compiler flags (see GraalOptimizedBenchmark). */
    static final String HEADLESS = "-Djava.awt.headless=true";
    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    static final String ONE_CONTEXT = "-Dcloacina.graal.contexts=1";
    /** Interpreted on purpose: Truffle's warning about it is noise (the optimized fork has nothing to warn about). */
    static final String QUIET_INTERPRETER = "-Dpolyglot.engine.WarnInterpreterOnly=false";
    /** Where cloacina-cli's build puts the Graal compiler; relative to the repository root, where bin/bench runs JMH. */
    public static final String COMPILER_FOLDER = "cloacina-cli/target/graal-compiler";

    /** Whether the fork is meant to run GraalPy with the Graal compiler; checked against the engine in setup. */
    abstract boolean optimized();

    private LoadedBackend python;
    private Context trivial;
    private Context spin;

    @Setup
    public void load() {
        checkRuntime(optimized());
        python = LoadedBackend.open("graal", BenchPackages.single());
        trivial = new Context().set("n", 1);
        spin = new Context().set("n", 1);
        LoadedBackend.checkIncremented(python.run("incr", trivial), "graal");
        LoadedBackend.checkIncremented(python.run("spin", spin), "graal spin");
    }

    @TearDown
    public void close() {
        python.close();
    }

    /**
     * Fails unless the fork runs the runtime it claims: an optimized fork whose flags did not take (say, JMH
     * started outside the repository root, so the compiler folder was not found) must not pass for interpreted.
     */
    public static void checkRuntime(boolean optimized) {
        String implementation;
        try (Engine probe = Engine.newBuilder("python").option("engine.WarnInterpreterOnly", "false").build()) {
            implementation = probe.getImplementationName();
        }
        boolean interpreted = implementation.equals("Interpreted");
        if (optimized == interpreted) {
            throw new IllegalStateException("this fork should run GraalPy " + (optimized ? "optimized" : "interpreted")
                    + " but the engine is '" + implementation + "'" + (optimized
                    ? ": run JMH from the repository root after building cloacina-cli (" + COMPILER_FOLDER + ")" : ""));
        }
    }

    @Benchmark
    public Context spinTask() {
        return python.run("spin", spin);
    }

    @Benchmark
    public Context trivialTask() {
        return python.run("incr", trivial);
    }
}
