package io.cloacina.bench.probe;

import io.cloacina.bench.GraalJitBenchmark;
import io.cloacina.bench.python.BenchPackages;
import io.cloacina.bench.python.LoadedBackend;
import io.cloacina.context.Context;

/**
 * Start-up of the graal backend in a fresh JVM, interpreted or optimized (whichever the JVM flags gave; the
 * argument says which is expected and is checked): the first package load (engine, first context, entry
 * module import), the first trivial task, the first CPU-bound task, and the mean of the next
 * {@value #FOLLOWING} CPU-bound tasks (how far warm-up has got). Prints one line:
 *
 * <pre>loadMs firstIncrMs firstSpinMs nextSpinsMeanMs</pre>
 * Run by bin/lib/bench-graal-jit.sh, which starts the JVM both ways.
 */
public final class GraalStartupProbe {

    static final int FOLLOWING = 30;

    private GraalStartupProbe() {
    }

    public static void main(String[] args) {
        if (args.length != 1 || !(args[0].equals("interpreted") || args[0].equals("optimized"))) {
            System.err.println("usage: GraalStartupProbe interpreted|optimized");
            System.exit(2);
        }
        GraalJitBenchmark.checkRuntime(args[0].equals("optimized"));
        long start = System.nanoTime();
        try (LoadedBackend python = LoadedBackend.open("graal", BenchPackages.single())) {
            long loaded = System.nanoTime();
            LoadedBackend.checkIncremented(python.run("incr", new Context().set("n", 1)), "graal");
            long incr = System.nanoTime();
            Context spin = new Context().set("n", 1);
            LoadedBackend.checkIncremented(python.run("spin", spin), "graal spin");
            long firstSpin = System.nanoTime();
            for (int i = 0; i < FOLLOWING; i++) {
                python.run("spin", spin);
            }
            long following = System.nanoTime();
            System.out.printf("%d %d %d %.1f%n", ms(loaded - start), ms(incr - loaded), ms(firstSpin - incr),
                    (following - firstSpin) / 1e6 / FOLLOWING);
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
