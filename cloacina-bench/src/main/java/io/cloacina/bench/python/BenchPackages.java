package io.cloacina.bench.python;

import io.cloacina.spi.PythonPackage;

/** The benchmark package under each of its entry modules, each a workflow with a different shape. */
public final class BenchPackages {

    private BenchPackages() {
    }

    /** Tasks "incr" ({"n": 1} in, n + 1 out) and "spin" (about 5 ms of pure-Python work). */
    public static PythonPackage single() {
        return withEntry("benchwf.single");
    }

    /** 1,000 trivial tasks, each depending on the one before. */
    public static PythonPackage chain() {
        return withEntry("benchwf.chain");
    }

    /** One root and 1,000 trivial tasks depending on it. */
    public static PythonPackage fanOut() {
        return withEntry("benchwf.fanout");
    }

    /** 10,000 independent trivial tasks. */
    public static PythonPackage wide() {
        return withEntry("benchwf.wide");
    }

    /** 200 independent CPU-bound tasks. */
    public static PythonPackage cpu() {
        return withEntry("benchwf.cpu");
    }

    private static PythonPackage withEntry(String entryModule) {
        BenchFiles files = BenchFiles.get();
        return new PythonPackage("cloacina-bench", "1.0.0", files.packageRoot(),
                files.packageRoot().resolve("workflow"), null, entryModule);
    }
}
