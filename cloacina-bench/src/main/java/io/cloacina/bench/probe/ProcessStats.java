package io.cloacina.bench.probe;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resident memory and thread count of this JVM plus every process it started (a backend's Python workers
 * count: they are memory the user pays for), read from /proc.
 *
 * @param rssKb      summed VmRSS in kB
 * @param threads    summed native thread count (JVM threads, GC and JIT threads included)
 * @param jvmRssKb   VmRSS of this JVM alone
 * @param heapUsedKb Java heap in use (right after a GC when the caller asked for one)
 */
record ProcessStats(long rssKb, long threads, long jvmRssKb, long heapUsedKb) {

    static ProcessStats now() {
        List<Long> pids = new ArrayList<>();
        pids.add(ProcessHandle.current().pid());
        ProcessHandle.current().descendants().forEach(p -> pids.add(p.pid()));
        long rss = 0;
        long threads = 0;
        long jvmRss = -1;
        for (long pid : pids) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        long kb = Long.parseLong(line.replaceAll("\\D", ""));
                        rss += kb;
                        if (jvmRss < 0) {
                            jvmRss = kb; // the first pid is this JVM
                        }
                    } else if (line.startsWith("Threads:")) {
                        threads += Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } catch (IOException | RuntimeException gone) {
                // the process ended between listing and reading: it holds nothing any more
            }
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
        return new ProcessStats(rss, threads, jvmRss, heap);
    }
}
