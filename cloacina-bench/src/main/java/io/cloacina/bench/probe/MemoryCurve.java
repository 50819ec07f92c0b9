package io.cloacina.bench.probe;

import io.cloacina.bench.python.BenchPackages;
import io.cloacina.bench.python.LoadedBackend;
import io.cloacina.context.Context;

import javax.management.JMException;
import javax.management.ObjectName;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory curve behind the memory probe's two points: runs the trivial task on one backend and, every
 * EVERY executions, prints one CSV row (RSS, Java heap used and committed after a GC, non-heap, threads, and
 * the committed size of the main Native Memory Tracking categories when the JVM runs with
 * {@code -XX:NativeMemoryTracking=summary}). rssKb is read right after the GC, like MemoryProbe does; the other
 * columns after {@code -Dcloacina.curve.settleMs} (default 0). With {@code -Dcloacina.curve.trim=true} it also asks the C heap to
 * give back freed memory ({@code System.trim_native_heap}) and reports the RSS after that. Used to tell a leak (keeps growing) from a plateau.
 *
 * <pre>MemoryCurve BACKEND EVERY|POINT,POINT,... TOTAL [DIAGNOSTICS_DIR]</pre>
 * With DIAGNOSTICS_DIR, the full NMT summary and a class histogram are written there at every sample, so
 * two points can be diffed ({@code histo-<executions>.txt}, {@code nmt-<executions>.txt}), with the Java threads
 * counted by name ({@code threads-<executions>.txt}).
 */
public final class MemoryCurve {

    /** The NMT categories worth a column; the rest is in the per-sample files. */
    private static final String[] NMT_CATEGORIES = {"Java Heap", "Class", "Thread", "Code", "GC", "Compiler",
            "Internal", "Other", "Symbol", "Native Memory Tracking", "Arena Chunk", "Metaspace"};
    private static final ObjectName DIAGNOSTICS = diagnostics();

    private MemoryCurve() {
    }

    public static void main(String[] args) throws IOException, JMException {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: MemoryCurve BACKEND EVERY|POINT,POINT,... TOTAL [DIAGNOSTICS_DIR]");
            System.exit(2);
        }
        String backend = args[0];
        // EVERY is a step (5000) or a list of sample points (1000,10000,100000): every GC a sample forces
        // changes how the collector sizes the heap, so a few points reproduce the memory probe's conditions.
        java.util.function.IntPredicate samplePoint = args[1].contains(",")
                ? java.util.Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).boxed()
                        .collect(java.util.stream.Collectors.toSet())::contains
                : i -> i % Integer.parseInt(args[1]) == 0 || i == 1_000;
        int total = Integer.parseInt(args[2]);
        Path dir = args.length == 4 ? Files.createDirectories(Path.of(args[3])) : null;
        PrintStream out = System.out;
        StringBuilder header = new StringBuilder(
                "executions,seconds,rssKb,settledRssKb,rssAnonKb,rssFileKb,trimmedRssKb,heapUsedKb,heapCommittedKb,nonHeapKb,threads");
        for (String category : NMT_CATEGORIES) {
            header.append(",nmt:").append(category.replace(' ', '_'));
        }
        out.println(header);
        try (LoadedBackend python = LoadedBackend.open(backend, BenchPackages.single())) {
            Context input = new Context().set("n", 1);
            long started = System.nanoTime();
            sample(out, dir, 0, started);
            for (int i = 1; i <= total; i++) {
                Context output = python.run("incr", input);
                if (i == 1) {
                    LoadedBackend.checkIncremented(output, backend);
                }
                if (samplePoint.test(i)) {
                    sample(out, dir, i, started);
                }
            }
        }
    }

    private static void sample(PrintStream out, Path dir, int executions, long started) throws IOException, JMException {
        System.gc();
        ProcessStats stats = ProcessStats.now(); // read at once, as MemoryProbe does
        // G1 gives the memory a full GC freed back to the OS concurrently, after System.gc() has returned: RSS
        // read at once can still hold a heap that is being uncommitted. Optionally wait, then read it again.
        long settleMs = Long.getLong("cloacina.curve.settleMs", 0);
        if (settleMs > 0) {
            try {
                Thread.sleep(settleMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        String nmt = command("vmNativeMemory", "summary");
        String status = Files.readString(Path.of("/proc/self/status"));
        // Optional: what the C heap gives back when asked; freed-but-kept malloc memory counts in RSS otherwise.
        long trimmed = -1;
        if (Boolean.getBoolean("cloacina.curve.trim")) {
            command("systemTrimNativeHeap");
            trimmed = statusKb(Files.readString(Path.of("/proc/self/status")), "VmRSS");
        }
        StringBuilder row = new StringBuilder();
        row.append(executions).append(',').append(String.format("%.1f", (System.nanoTime() - started) / 1e9))
                .append(',').append(stats.rssKb()).append(',').append(statusKb(status, "VmRSS"))
                .append(',').append(statusKb(status, "RssAnon"))
                .append(',').append(statusKb(status, "RssFile")).append(',').append(trimmed)
                .append(',').append(heap.getUsed() / 1024)
                .append(',').append(heap.getCommitted() / 1024).append(',').append(nonHeap.getUsed() / 1024)
                .append(',').append(stats.threads());
        for (String category : NMT_CATEGORIES) {
            row.append(',').append(committedKb(nmt, category));
        }
        out.println(row);
        out.flush();
        if (dir != null) {
            Files.writeString(dir.resolve("nmt-" + executions + ".txt"), nmt);
            Files.writeString(dir.resolve("histo-" + executions + ".txt"), command("gcClassHistogram"));
            // Thread names without their numbers, counted: which pool the thread count moves in.
            Files.writeString(dir.resolve("threads-" + executions + ".txt"), Thread.getAllStackTraces().keySet().stream()
                    .map(t -> t.getName().replaceAll("\\d+", "#"))
                    .collect(java.util.stream.Collectors.groupingBy(name -> name, java.util.TreeMap::new,
                            java.util.stream.Collectors.counting()))
                    .toString().replace(", ", "\n"));
        }
    }

    private static long statusKb(String status, String field) {
        Matcher m = Pattern.compile("(?m)^" + field + ":\\s+(\\d+) kB").matcher(status);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** "-{category} (reserved=...KB, committed=...KB)" in an NMT summary; -1 without NMT. */
    private static long committedKb(String nmt, String category) {
        Matcher m = Pattern.compile("-\\s*" + Pattern.quote(category) + " \\(reserved=\\d+KB, committed=(\\d+)KB")
                .matcher(nmt);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** A jcmd command run in this JVM through the DiagnosticCommand MBean (no attach, no extra process). */
    private static String command(String operation, String... arguments) throws JMException {
        Object reply = ManagementFactory.getPlatformMBeanServer().invoke(DIAGNOSTICS, operation,
                new Object[] {arguments}, new String[] {String[].class.getName()});
        return String.valueOf(reply);
    }

    private static ObjectName diagnostics() {
        try {
            return new ObjectName("com.sun.management:type=DiagnosticCommand");
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }
}
