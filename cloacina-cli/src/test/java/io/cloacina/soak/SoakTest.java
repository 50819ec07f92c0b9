package io.cloacina.soak;

import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.packaging.OpenedPackage;
import io.cloacina.packaging.PackageReader;
import io.cloacina.runtime.PythonRuntimes;
import io.cloacina.runtime.RuntimeCandidate;
import io.cloacina.spi.ExecutionOptions;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.PythonRuntime;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The soak test (not in the default bin/test; run it with {@code bin/test --soak}): on each available backend,
 * load/close cycles of a package, each running a batch of executions with faults mixed in (1 % of them kill
 * their interpreter with os._exit, 1 % overrun a short timeout), checking every result, and that nothing grows:
 * threads, file descriptors, child processes, Cloacina temp files, resident memory (within 10 % after warm-up).
 * Sizes: {@code -Dcloacina.soak.cycles} (100) and {@code -Dcloacina.soak.executions} per cycle (1,000; GraalPy,
 * whose crashed contexts take seconds to replace, defaults to 100). The last results are in docs/soak.md.
 */
@Tag("soak")
class SoakTest {

    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration FAULT_TIMEOUT = Duration.ofMillis(200);
    private static final int WARM_UP_CYCLES = 10;

    /** The available backends, or those named in {@code -Dcloacina.soak.backends} (comma-separated). */
    static Stream<String> backends() {
        List<String> wanted = List.of(System.getProperty("cloacina.soak.backends", "subprocess,jep,graal").split(","));
        return PythonRuntimes.discover().stream().filter(RuntimeCandidate::available).map(RuntimeCandidate::name)
                .filter(wanted::contains);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    @Timeout(value = 90, unit = TimeUnit.MINUTES)
    void executionsWithFaultsAcrossLoadCloseCyclesLeaveNothingBehind(String backend, @TempDir Path dir)
            throws Exception {
        int cycles = Integer.getInteger("cloacina.soak.cycles", 100);
        int executions = Integer.getInteger("cloacina.soak.executions", backend.equals("graal") ? 100 : 1_000);
        Path pkg = writePackage(dir.resolve("soak"));
        long started = System.nanoTime();
        Usage warm = null;
        long done = 0;
        long crashes = 0;
        long timeouts = 0;
        try (PythonRuntime runtime = PythonRuntimes.select(backend)) {
            for (int cycle = 1; cycle <= cycles; cycle++) {
                try (OpenedPackage opened = new PackageReader().open(pkg);
                     LoadedPackage loaded = runtime.load(opened.pythonPackage())) {
                    List<CompletableFuture<Context>> batch = new ArrayList<>();
                    for (int i = 0; i < executions; i++) {
                        batch.add(submit(loaded, i));
                    }
                    for (int i = 0; i < executions; i++) {
                        Fault fault = Fault.of(i);
                        try {
                            Context out = batch.get(i).orTimeout(5, TimeUnit.MINUTES).join();
                            if (fault != Fault.NONE) {
                                fail(backend + ", cycle " + cycle + ": execution " + i + " (" + fault + ") succeeded");
                            }
                            assertEquals(i + 1, out.get("n").orElseThrow().asLong(), backend + ": a wrong result");
                        } catch (CompletionException e) {
                            Throwable cause = e.getCause();
                            switch (fault) {
                                case CRASH -> assertTrue(cause instanceof TaskError.WorkerCrashed, backend + ": " + cause);
                                case TIMEOUT -> assertTrue(cause instanceof TaskError.Timeout, backend + ": " + cause);
                                default -> fail(backend + ", cycle " + cycle + ": execution " + i + " failed: " + cause);
                            }
                            crashes += fault == Fault.CRASH ? 1 : 0;
                            timeouts += fault == Fault.TIMEOUT ? 1 : 0;
                        }
                        done++;
                    }
                }
                assertEquals(0, ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                        .count(),
                        backend + ", cycle " + cycle + ": processes left after the package closed: "
                                + ProcessHandle.current().descendants().map(p -> p.pid() + " " + p.info().command().orElse("?")).toList());
                if (cycle == WARM_UP_CYCLES) {
                    warm = Usage.now();
                }
                if (cycle % 10 == 0) { // the curve, not only its ends: a step is a leak, a slope is a per-call one
                    Usage now = Usage.now();
                    System.out.printf(Locale.ROOT, "SOAK %s cycle %d: threads %d (OS %s), fds %d, RSS %,d kB, Java heap %,d/%,d kB%n",
                            backend, cycle, now.threads, Files.readAllLines(Path.of("/proc/self/status")).stream()
                                    .filter(l -> l.startsWith("Threads:")).findFirst().orElse("?").replaceAll("[^0-9]", ""), now.fds, now.rssKb, now.heapKb, now.committedKb);
                }
            }
        }
        Usage end = Usage.now();
        String report = String.format(Locale.ROOT, "%s: %d cycles, %,d executions (%,d crashes, %,d timeouts) in %d s;"
                        + " after warm-up -> end: threads %d -> %d, fds %d -> %d, temp files %d -> %d, RSS %,d -> %,d kB"
                        + " (Java heap in use %,d -> %,d kB, committed %,d -> %,d kB)",
                backend, cycles, done, crashes, timeouts, (System.nanoTime() - started) / 1_000_000_000L,
                warm.threads, end.threads, warm.fds, end.fds, warm.tempFiles, end.tempFiles, warm.rssKb, end.rssKb,
                warm.heapKb, end.heapKb, warm.committedKb, end.committedKb);
        System.out.println("SOAK " + report);
        assertTrue(end.threads <= warm.threads + 2, "threads grew: " + report);
        assertTrue(end.fds <= warm.fds + 5, "file descriptors grew: " + report);
        assertTrue(end.tempFiles <= warm.tempFiles, "temp files grew: " + report);
        assertTrue(end.rssKb <= warm.rssKb * 1.10, "resident memory grew more than 10 %: " + report);
    }

    private enum Fault {
        NONE, CRASH, TIMEOUT;

        private static final String ONLY = System.getProperty("cloacina.soak.faults", "crash,timeout");

        static Fault of(int i) {
            return i % 100 == 37 && ONLY.contains("crash") ? CRASH
                    : i % 100 == 71 && ONLY.contains("timeout") ? TIMEOUT : NONE;
        }
    }

    private static CompletableFuture<Context> submit(LoadedPackage loaded, int i) {
        Context input = new Context().set("n", i);
        return switch (Fault.of(i)) {
            case CRASH -> loaded.executor().execute("crash", input, ExecutionOptions.withTimeout(TASK_TIMEOUT));
            case TIMEOUT -> loaded.executor().execute("spin", input, ExecutionOptions.withTimeout(FAULT_TIMEOUT));
            case NONE -> loaded.executor().execute("increment", input, ExecutionOptions.withTimeout(TASK_TIMEOUT));
        };
    }

    private static Path writePackage(Path root) throws IOException {
        Files.createDirectories(root.resolve("workflow/soak"));
        Files.writeString(root.resolve("manifest.json"), "{\"format_version\": \"2\", \"language\": \"python\", "
                + "\"package\": {\"name\": \"soak\", \"version\": \"1.0.0\"}, \"python\": {\"entry_module\": \"soak.tasks\"}}");
        Files.writeString(root.resolve("workflow/soak/__init__.py"), "");
        Files.writeString(root.resolve("workflow/soak/tasks.py"), String.join("\n",
                "import os",
                "from cloaca import task",
                "@task",
                "def increment(context):",
                "    context['n'] = context['n'] + 1",
                "@task",
                "def crash(context):",
                "    os._exit(1)",
                "@task",
                "def spin(context):",
                "    while True:",
                "        pass",
                ""));
        return root;
    }

    /** What the JVM holds now, after a collection. */
    private record Usage(long threads, long fds, long tempFiles, long rssKb, long heapKb, long committedKb) {
        static Usage now() throws IOException, InterruptedException {
            System.gc();
            Thread.sleep(500);
            long fds;
            try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
                fds = open.count();
            }
            long temp;
            try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
                temp = files.filter(p -> p.getFileName().toString().startsWith("cloacina-")).count();
            }
            long rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0);
            Runtime jvm = Runtime.getRuntime();
            return new Usage(Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).count(), fds, temp, rss,
                    (jvm.totalMemory() - jvm.freeMemory()) / 1024, jvm.totalMemory() / 1024);
        }
    }
}
