package io.cloacina.bench.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resident memory and thread count of this JVM plus every process it started (a backend's Python workers
 * count: they are memory the user pays for), read from /proc.
 *
 * @param rssKb   summed VmRSS in kB
 * @param threads summed native thread count (JVM threads, GC and JIT threads included)
 */
record ProcessStats(long rssKb, long threads) {

    static ProcessStats now() {
        List<Long> pids = new ArrayList<>();
        pids.add(ProcessHandle.current().pid());
        ProcessHandle.current().descendants().forEach(p -> pids.add(p.pid()));
        long rss = 0;
        long threads = 0;
        for (long pid : pids) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        rss += Long.parseLong(line.replaceAll("\\D", ""));
                    } else if (line.startsWith("Threads:")) {
                        threads += Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } catch (IOException | RuntimeException gone) {
                // the process ended between listing and reading: it holds nothing any more
            }
        }
        return new ProcessStats(rss, threads);
    }
}
