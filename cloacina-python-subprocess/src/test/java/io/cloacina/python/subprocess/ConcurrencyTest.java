package io.cloacina.python.subprocess;

import com.fasterxml.jackson.databind.node.DoubleNode;
import io.cloacina.context.Context;
import io.cloacina.spi.LoadedPackage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("subprocess backend: parallel workers and concurrent callers")
class ConcurrencyTest {

    private static final Logger LOG = LoggerFactory.getLogger(ConcurrencyTest.class);

    @TempDir
    static Path dir;
    private static SubprocessRuntime runtime;
    private static LoadedPackage demo;

    @BeforeAll
    static void load() {
        runtime = TestPackages.runtime(2);
        LOG.info("backend: {}", runtime.availability().reason());
        long started = System.nanoTime();
        demo = runtime.load(DemoPackage.write(dir.resolve("demo")));
        LOG.info("measured: first load in this JVM (worker start + import, cold caches) took {} ms",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        for (int i = 0; i < 3; i++) {
            long again = System.nanoTime();
            try (LoadedPackage extra = runtime.load(DemoPackage.write(dir.resolve("extra" + i)))) {
                LOG.info("measured: another load (worker start + import) took {} ms",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - again));
            }
        }
    }

    @AfterAll
    static void close() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void two_independent_tasks_run_at_the_same_time_on_a_two_worker_pool() throws Exception {
        Path meeting = Files.createDirectories(dir.resolve("meeting"));
        Context a = new Context().set("dir", meeting.toString()).set("me", "a").set("partner", "b");
        Context b = new Context().set("dir", meeting.toString()).set("me", "b").set("partner", "a");

        CompletableFuture<Context> first = demo.executor().execute("interval", a);
        CompletableFuture<Context> second = demo.executor().execute("interval", b);
        Context ra = first.get(120, TimeUnit.SECONDS);
        Context rb = second.get(120, TimeUnit.SECONDS);

        double aStart = ra.get("start").orElseThrow().asDouble();
        double aEnd = ra.get("end").orElseThrow().asDouble();
        double bStart = rb.get("start").orElseThrow().asDouble();
        double bEnd = rb.get("end").orElseThrow().asDouble();
        assertTrue(aStart < bEnd && bStart < aEnd,
                "intervals overlap: a=[" + aStart + ", " + aEnd + "] b=[" + bStart + ", " + bEnd + "]");
        assertNotEquals(ra.get("pid").orElseThrow().asLong(), rb.get("pid").orElseThrow().asLong(),
                "they ran in two processes");
    }

    @Test
    void eight_threads_times_two_hundred_executions_give_exact_results() throws Exception {
        int threads = 8;
        int perThread = 200;
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Integer>> jobs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                jobs.add(() -> {
                    int correct = 0;
                    for (int i = 0; i < perThread; i++) {
                        long n = thread * 1_000_000L + i;
                        Context out = demo.executor().execute("double", new Context().set("n", n))
                                .get(60, TimeUnit.SECONDS);
                        assertEquals(2 * n, out.get("n").orElseThrow().asLong());
                        correct++;
                    }
                    return correct;
                });
            }
            long started = System.nanoTime();
            List<Future<Integer>> results = callers.invokeAll(jobs, 5, TimeUnit.MINUTES);
            long elapsed = System.nanoTime() - started;
            int total = 0;
            for (Future<Integer> result : results) {
                total += result.get(); // a cancelled (timed-out) job or a wrong result throws here
            }
            assertEquals(threads * perThread, total);
            LOG.info("measured: {} executions from {} threads on 2 workers in {} ms ({} us per task round trip)",
                    total, threads, TimeUnit.NANOSECONDS.toMillis(elapsed),
                    TimeUnit.NANOSECONDS.toMicros(elapsed) * 2 / total);
        } finally {
            callers.shutdownNow();
            assertTrue(callers.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void sequential_round_trip_on_a_warm_worker() throws Exception {
        for (int i = 0; i < 50; i++) {
            demo.executor().execute("double", new Context().set("n", i)).get(30, TimeUnit.SECONDS);
        }
        int rounds = 500;
        long started = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            Context out = demo.executor().execute("double", new Context().set("n", i)).get(30, TimeUnit.SECONDS);
            assertEquals(2L * i, out.get("n").orElseThrow().asLong());
        }
        LOG.info("measured: sequential round trip of a tiny task {} us",
                TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - started) / rounds);
    }

    @Test
    void a_dependent_that_waits_for_another_task_does_not_deadlock_a_one_worker_pool() throws Exception {
        try (SubprocessRuntime single = TestPackages.runtime(1);
             LoadedPackage pkg = single.load(DemoPackage.write(dir.resolve("single")))) {
            // The first task sleeps so that the dependent is registered before the reply: it then runs on the
            // thread that completes the run, the worker's own reader, and blocks there until the second task
            // (which needs that same, only, worker) is done.
            List<String> dependentThreads = new ArrayList<>();
            CompletableFuture<Long> chained = pkg.executor()
                    .execute("sleep", new Context().set("seconds", DoubleNode.valueOf(0.3)).set("n", 5))
                    .thenApply(slept -> {
                        dependentThreads.add(Thread.currentThread().getName());
                        return pkg.executor().execute("double", slept).join().get("n").orElseThrow().asLong();
                    });
            assertEquals(10L, chained.get(60, TimeUnit.SECONDS));
            assertTrue(dependentThreads.get(0).endsWith("-stdout"),
                    "the dependent ran on the worker's reader, the case this guards: " + dependentThreads);
            // The worker goes on serving as before once the dependent has returned.
            for (int i = 0; i < 20; i++) {
                assertEquals(2L * i, pkg.executor().execute("double", new Context().set("n", i))
                        .get(30, TimeUnit.SECONDS).get("n").orElseThrow().asLong());
            }
        }
    }
}
