package io.cloacina.bench.python;

import io.cloacina.pkg.ExtractedPythonPackage;

/** The benchmark package under each of its entry modules, each a workflow with a different shape. */
public final class BenchPackages {

    private BenchPackages() {
    }

    /** Tasks "incr" ({"n": 1} in, n + 1 out) and "spin" (about 5 ms of pure-Python work). */
    public static ExtractedPythonPackage single() {
        return withEntry("benchwf.single");
    }

    /** 1,000 trivial tasks, each depending on the one before. */
    public static ExtractedPythonPackage chain() {
        return withEntry("benchwf.chain");
    }

    /** One root and 1,000 trivial tasks depending on it. */
    public static ExtractedPythonPackage fanOut() {
        return withEntry("benchwf.fanout");
    }

    /** 10,000 independent trivial tasks. */
    public static ExtractedPythonPackage wide() {
        return withEntry("benchwf.wide");
    }

    /** 200 independent CPU-bound tasks. */
    public static ExtractedPythonPackage cpu() {
        return withEntry("benchwf.cpu");
    }

    private static ExtractedPythonPackage withEntry(String entryModule) {
        BenchFiles files = BenchFiles.get();
        return new ExtractedPythonPackage("cloacina-bench", "1.0.0", files.packageRoot(),
                files.packageRoot().resolve("workflow"), null, entryModule);
    }
}
