package io.cloacina.python.jep;

import io.cloacina.context.Context;
import io.cloacina.spi.PythonPackage;
import io.cloacina.spi.LoadedPackage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jep has open reports of memory growing with long-lived interpreters; this shows ours stays bounded: thousands
 * of executions in one package, then a hundred load/close cycles, with resident memory and thread count
 * compared between cycle 20 (after warm-up) and the end. Generous bounds: this is a leak test, not a speed test.
 */
class JepSoakTest {

    private static final long ALLOWED_RSS_GROWTH_KB = 50 * 1024;
    private static final int ALLOWED_THREAD_GROWTH = 5;

    private static final String SOURCE = String.join("\n",
            "from cloaca import task",
            "@task(id='work')",
            "def work(ctx):",
            "    items = [str(i) * 10 for i in range(200)]",
            "    ctx['count'] = len(items)",
            "    ctx['blob'] = ''.join(items)[:1000]",
            "    return ctx",
            "@task(id='fail')",
            "def fail(ctx):",
            "    raise ValueError('expected failure ' + 'x' * 500)");

    private static JepRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = JepBackend.availableRuntime();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void thousandsOfExecutionsAndAHundredLoadCloseCyclesStayBounded(@TempDir Path dir) throws Exception {
        PythonPackage pkg = TestPackages.single(dir, "soak", SOURCE);
        long started = System.nanoTime();
        try (LoadedPackage loaded = runtime.load(pkg)) {
            List<CompletableFuture<Context>> inFlight = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                inFlight.add(loaded.executor().execute(i % 10 == 0 ? "fail" : "work",
                        new Context().set("i", i).set("payload", "p".repeat(200))));
                if (inFlight.size() == 100) {
                    drain(inFlight);
                }
            }
            drain(inFlight);
        }
        long executionsDone = System.nanoTime();
        long rssAtWarm = 0;
        int threadsAtWarm = 0;
        for (int cycle = 1; cycle <= 100; cycle++) {
            try (LoadedPackage loaded = runtime.load(pkg)) {
                for (int i = 0; i < 5; i++) {
                    assertEquals(200, loaded.executor().execute("work", new Context()).get(30, TimeUnit.SECONDS)
                            .get("count").orElseThrow().asInt());
                }
            }
            if (cycle == 20) {
                rssAtWarm = rssKb();
                threadsAtWarm = Thread.activeCount();
            }
        }
        long cyclesDone = System.nanoTime();
        // Printed for the record (the README quotes them); never asserted.
        System.out.printf("soak: 3000 executions in %d ms, 100 load/close cycles (5 executions each) in %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(executionsDone - started),
                TimeUnit.NANOSECONDS.toMillis(cyclesDone - executionsDone));
        long rssGrowth = rssKb() - rssAtWarm;
        int threadGrowth = Thread.activeCount() - threadsAtWarm;
        System.out.printf("soak: RSS grew %d KB and threads by %d between cycle 20 and 100%n", rssGrowth, threadGrowth);
        assertTrue(rssGrowth < ALLOWED_RSS_GROWTH_KB, "RSS grew by " + rssGrowth + " KB between cycle 20 and 100");
        assertTrue(threadGrowth <= ALLOWED_THREAD_GROWTH, "threads grew by " + threadGrowth + ": "
                + JepThreadingTest.threadNames());
    }

    private static void drain(List<CompletableFuture<Context>> inFlight) throws Exception {
        for (CompletableFuture<Context> future : inFlight) {
            try {
                future.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException expected) {
                assertTrue(expected.getCause().getMessage().contains("expected failure"),
                        expected.getCause().getMessage());
            }
        }
        inFlight.clear();
    }

    /** Resident set size of this process from /proc (Linux), in KB. */
    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
