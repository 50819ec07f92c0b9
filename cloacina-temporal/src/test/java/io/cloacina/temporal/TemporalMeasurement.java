package io.cloacina.temporal;

import io.cloacina.context.Context;
import io.cloacina.packaging.OpenedPackage;
import io.cloacina.packaging.PackageReader;
import io.cloacina.runner.WorkflowResult;
import io.cloacina.runner.WorkflowRunner;
import io.cloacina.runtime.PythonRuntimes;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.PythonRuntime;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The numbers of docs/performance.md, "Temporal": not a test of behaviour, run on request
 * ({@code mvn verify -pl cloacina-temporal -am -Dtest=TemporalMeasurement -Dcloacina.temporal.excluded.groups=none
 * -Dsurefire.failIfNoSpecifiedTests=false}). Writes target/temporal-measurements.txt.
 */
@Tag("measure")
class TemporalMeasurement {

    private static final Path PACKAGES = Path.of("src/test/resources/packages").toAbsolutePath();
    private static final int REPEATS = 7;
    private final StringBuilder report = new StringBuilder();

    private void say(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        report.append(line).append('\n');
    }

    @Test
    void measure() throws Exception {
        perTaskOverhead();
        throughputOneAndTwoWorkers();
        Files.writeString(Path.of("target/temporal-measurements.txt"), report);
    }

    /** The same 20-task chain, the same backend (subprocess), the same JVM: locally, then through the dev server. */
    private void perTaskOverhead() throws Exception {
        try (PythonRuntime runtime = PythonRuntimes.select("subprocess");
             OpenedPackage opened = new PackageReader().open(PACKAGES.resolve("chain"));
             LoadedPackage loaded = runtime.load(opened.pythonPackage());
             DevServer server = DevServer.start(0);
             TemporalConnection temporal = TemporalConnection.connect(server.target(), null, "measure");
             CloacinaWorker worker = CloacinaWorker.start(temporal.client(), List.of(loaded), 2)) {
            double[] local = new double[REPEATS];
            double[] remote = new double[REPEATS];
            for (int warm = 0; warm < 3; warm++) {
                WorkflowRunner.withDefaults().start(runtime, loaded, new Context()).join();
                TemporalWorkflows.start(temporal.client(), loaded.pythonPackage(), new Context(), RunOptions.defaults()).await();
            }
            for (int i = 0; i < REPEATS; i++) {
                long start = System.nanoTime();
                WorkflowResult result = WorkflowRunner.withDefaults().start(runtime, loaded, new Context()).join();
                local[i] = (System.nanoTime() - start) / 1e6;
                assertEquals(WorkflowResult.Status.SUCCEEDED, result.status());
                start = System.nanoTime();
                TemporalRunResult done = TemporalWorkflows.start(temporal.client(), loaded.pythonPackage(), new Context(),
                        RunOptions.defaults()).await();
                remote[i] = (System.nanoTime() - start) / 1e6;
                assertEquals(WorkflowResult.Status.SUCCEEDED, done.result().status());
            }
            double localMedian = median(local);
            double remoteMedian = median(remote);
            say("per-task overhead, 20-task chain, subprocess backend, %d runs each (median):", REPEATS);
            say("  local run     %8.1f ms per run  %6.2f ms per task", localMedian, localMedian / 20);
            say("  temporal run  %8.1f ms per run  %6.2f ms per task", remoteMedian, remoteMedian / 20);
            say("  temporal adds %6.2f ms per task (x%.1f)", (remoteMedian - localMedian) / 20, remoteMedian / localMedian);
        }
    }

    /** 12 one-task CPU-bound runs submitted at once, served by one worker JVM, then by two (one task at a time each). */
    private void throughputOneAndTwoWorkers() throws Exception {
        int runs = 12;
        List<Process> workers = new ArrayList<>();
        try (DevServer server = DevServer.start(0);
             TemporalConnection temporal = TemporalConnection.connect(server.target(), null, "measure")) {
            workers.add(startWorker(server.target(), "worker-1"));
            Context work = Context.fromJson("{\"n\": 10000000}");
            // Warm-up: the worker's Python is started and the task compiled.
            TemporalWorkflows.start(temporal.client(), "burn", "1.0.0", work, RunOptions.defaults()).await();
            double one = batch(temporal, runs, work);
            workers.add(startWorker(server.target(), "worker-2"));
            TemporalWorkflows.start(temporal.client(), "burn", "1.0.0", work, RunOptions.defaults()).await();
            double two = batch(temporal, runs, work);
            say("throughput, %d CPU-bound one-task runs (~10M loop iterations each) submitted at once, max 1 task per worker:", runs);
            say("  1 worker process   %6.2f s   %5.2f runs/s", one, runs / one);
            say("  2 worker processes %6.2f s   %5.2f runs/s   (x%.2f)", two, runs / two, one / two);
        } finally {
            for (Process worker : workers) {
                List<ProcessHandle> children = worker.descendants().toList();
                worker.destroy();
                if (!worker.waitFor(15, TimeUnit.SECONDS)) {
                    worker.destroyForcibly();
                }
                children.forEach(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static double batch(TemporalConnection temporal, int runs, Context work) throws Exception {
        long start = System.nanoTime();
        List<TemporalRun> started = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            started.add(TemporalWorkflows.start(temporal.client(), "burn", "1.0.0", work, RunOptions.defaults()));
        }
        for (TemporalRun run : started) {
            assertEquals(WorkflowResult.Status.SUCCEEDED, run.await().result().status());
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static Process startWorker(String target, String identity) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                WorkerProcess.class.getName(), target, PACKAGES.resolve("burn").toString(), identity, "1")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (line == null || !line.startsWith("ready")) {
            process.destroyForcibly();
            throw new IllegalStateException("worker did not start: " + line);
        }
        return process;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
