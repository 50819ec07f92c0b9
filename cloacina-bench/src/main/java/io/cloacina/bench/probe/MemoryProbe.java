package io.cloacina.bench.probe;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloacina.bench.python.BenchPackages;
import io.cloacina.bench.python.LoadedBackend;
import io.cloacina.context.Context;
import io.cloacina.context.ContextJson;
import io.cloacina.runtime.NoRuntimeAvailableException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the trivial task 100,000 times on one backend and records RSS and thread count (this JVM plus its
 * child processes) after 1,000, 10,000 and 100,000 executions, each after a GC and once RSS has settled. Run once per backend, each in a fresh JVM:
 *
 * <pre>MemoryProbe BACKEND RESULT_JSON [EXECUTIONS]</pre>
 * EXECUTIONS (default 100,000) is lowered for GraalPy, which runs interpreted on a stock JDK.
 * Appends its results to RESULT_JSON (an array in JMH's JSON shape, so the report reads it like JMH's).
 */
public final class MemoryProbe {

    private static final int FIRST = 1_000;
    /** A second early point, once the backend has warmed up (all its contexts built, the JIT mostly done). */
    private static final int WARM = 10_000;
    /** After a GC the JVM returns memory to the OS in the background: wait until RSS stops moving. */
    private static final long SETTLE_STEP_MILLIS = 500;
    private static final long SETTLE_LIMIT_MILLIS = 10_000;
    /**
     * Names the JVM options this probe runs with when they are not the defaults ({@code -Dcloacina.bench.memory.jvm},
     * set by bin/lib/bench-memory.sh): recorded as the {@code jvm} parameter of every result.
     */
    private static final String JVM_SETUP = System.getProperty("cloacina.bench.memory.jvm");

    private MemoryProbe() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: MemoryProbe BACKEND RESULT_JSON [EXECUTIONS]");
            System.exit(2);
        }
        int last = args.length == 3 ? Integer.parseInt(args[2]) : 100_000;
        String backend = args[0];
        Path out = Path.of(args[1]);
        ArrayNode results = Files.isRegularFile(out) ? (ArrayNode) ContextJson.MAPPER.readTree(out.toFile())
                : ContextJson.MAPPER.createArrayNode();
        LoadedBackend opened;
        try {
            opened = LoadedBackend.open(backend, BenchPackages.single());
        } catch (NoRuntimeAvailableException e) {
            System.err.println("cloacina-bench: memory not measured for '" + backend + "': " + e.getMessage());
            System.exit(3);
            return;
        }
        try (LoadedBackend python = opened) {
            Context input = new Context().set("n", 1);
            long started = System.nanoTime();
            for (int i = 1; i <= last; i++) {
                Context output = python.run("incr", input);
                if (i == 1) {
                    LoadedBackend.checkIncremented(output, backend);
                }
                if (i == FIRST || (i == WARM && WARM < last) || i == last) {
                    System.gc(); // what the heap holds for good, not garbage that happens not to be collected yet
                    ProcessStats stats = settled();
                    add(results, "rss", backend, i, stats.rssKb(), "kB");
                    add(results, "threads", backend, i, stats.threads(), "threads");
                    add(results, "jvmRss", backend, i, stats.jvmRssKb(), "kB");
                    add(results, "childRss", backend, i, stats.rssKb() - stats.jvmRssKb(), "kB");
                    add(results, "heapAfterGc", backend, i, stats.heapUsedKb(), "kB");
                    System.err.printf("cloacina-bench: %s after %,d executions: RSS %,d kB (JVM %,d kB, heap after GC %,d kB), %d threads (%.1f s)%n",
                            backend, i, stats.rssKb(), stats.jvmRssKb(), stats.heapUsedKb(), stats.threads(), (System.nanoTime() - started) / 1e9);
                }
            }
        }
        ContextJson.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), results);
    }

    /**
     * Stats once two readings {@value #SETTLE_STEP_MILLIS} ms apart agree on RSS within 1% (at most
     * {@value #SETTLE_LIMIT_MILLIS} ms): RSS read right after {@code System.gc()} may still count heap the
     * collector is giving back.
     */
    private static ProcessStats settled() {
        ProcessStats previous = ProcessStats.now();
        for (long waited = 0; waited < SETTLE_LIMIT_MILLIS; waited += SETTLE_STEP_MILLIS) {
            try {
                Thread.sleep(SETTLE_STEP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return previous;
            }
            ProcessStats now = ProcessStats.now();
            if (Math.abs(now.rssKb() - previous.rssKb()) <= previous.rssKb() / 100) {
                return now;
            }
            previous = now;
        }
        return previous;
    }

    private static void add(ArrayNode results, String metric, String backend, int executions, long value, String unit) {
        ObjectNode entry = results.addObject();
        entry.put("benchmark", "io.cloacina.bench.probe.Memory." + metric);
        entry.put("mode", "probe");
        ObjectNode params = entry.putObject("params");
        params.put("backend", backend);
        params.put("executions", Integer.toString(executions));
        if (JVM_SETUP != null) {
            params.put("jvm", JVM_SETUP);
        }
        ObjectNode metricNode = entry.putObject("primaryMetric");
        metricNode.put("score", value);
        metricNode.put("scoreUnit", unit);
    }
}
