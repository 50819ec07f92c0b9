package io.cloacina.python.jep;

import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.spi.ExecutionOptions;
import io.cloacina.spi.LoadedPackage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Callers on any kind of thread get answers; cancel stops Python; close leaves nothing running. */
class JepThreadingTest {

    private static final String SOURCE = String.join("\n",
            "import time",
            "from cloaca import task",
            "@task(id='inc')",
            "def inc(ctx):",
            "    ctx['n'] = ctx.get('n', 0) + 1",
            "    return ctx",
            "@task(id='spin')",
            "def spin(ctx):",
            "    while True:",
            "        pass",
            "@task(id='mark')",
            "def mark(ctx):",
            "    open(ctx['path'], 'w').close()",
            "@task(id='nap')",
            "def nap(ctx):",
            "    time.sleep(0.2)",
            "    return {'napped': True}");

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

    private static long n(Context context) {
        return context.get("n").orElseThrow().asLong();
    }

    @Test
    void callersOnVirtualThreadsTheCommonPoolAndBlockingCallbacksAllGetAnswers(@TempDir Path dir) throws Exception {
        try (LoadedPackage loaded = runtime.load(TestPackages.single(dir, "threads", SOURCE))) {
            List<CompletableFuture<Long>> answers = new ArrayList<>();
            try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 50; i++) {
                    long start = i;
                    answers.add(CompletableFuture.supplyAsync(() -> n(loaded.executor()
                            .execute("inc", new Context().set("n", start)).join()), virtual));
                    answers.add(CompletableFuture.supplyAsync(() -> n(loaded.executor()
                            .execute("inc", new Context().set("n", start)).join()), ForkJoinPool.commonPool()));
                }
                // A callback that blocks on another task of the same package must not deadlock the package.
                answers.add(loaded.executor().execute("inc", new Context().set("n", 100))
                        .thenApply(first -> n(loaded.executor().execute("inc", first).join())));
                for (int i = 0; i < answers.size() - 1; i++) {
                    assertEquals(i / 2 + 1, answers.get(i).get(60, TimeUnit.SECONDS));
                }
                assertEquals(102, answers.get(answers.size() - 1).get(60, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void cancellingARunningTaskStopsItsPythonCode(@TempDir Path dir) throws Exception {
        try (LoadedPackage loaded = runtime.load(TestPackages.single(dir, "cancel", SOURCE))) {
            CompletableFuture<Context> spinning = loaded.executor().execute("spin", new Context());
            Thread.sleep(200); // let it start
            spinning.cancel(true);
            assertThrows(CancellationException.class, () -> spinning.get(1, TimeUnit.SECONDS));
            // The package has one interpreter thread: this only answers if the spin really stopped.
            assertEquals(1, n(loaded.executor().execute("inc", new Context()).get(30, TimeUnit.SECONDS)));
        }
    }

    @Test
    void aQueuedTaskCancelledBeforeItsTurnNeverStarts(@TempDir Path dir) throws Exception {
        // (A queued task's timeout counts from its start, so waiting behind "nap" does not time it out; see
        // JepInterruptLimitsTest for that and for a queue behind a task stuck in C code.)
        try (LoadedPackage loaded = runtime.load(TestPackages.single(dir, "queued", SOURCE))) {
            CompletableFuture<Context> nap = loaded.executor().execute("nap", new Context());
            Path marker = dir.resolve("started");
            CompletableFuture<Context> late = loaded.executor().execute("mark",
                    new Context().set("path", marker.toString()), ExecutionOptions.defaults());
            assertTrue(late.cancel(true));
            assertTrue(nap.get(30, TimeUnit.SECONDS).get("napped").orElseThrow().asBoolean());
            assertEquals(1, n(loaded.executor().execute("inc", new Context()).get(30, TimeUnit.SECONDS)));
            assertFalse(java.nio.file.Files.exists(marker), "the cancelled task ran anyway");
        }
    }

    @Test
    void anUnknownTaskIsTaskNotFound(@TempDir Path dir) throws Exception {
        try (LoadedPackage loaded = runtime.load(TestPackages.single(dir, "unknown", SOURCE))) {
            ExecutionException error = assertThrows(ExecutionException.class,
                    () -> loaded.executor().execute("nope", new Context()).get(30, TimeUnit.SECONDS));
            assertInstanceOf(TaskError.TaskNotFound.class, error.getCause());
        }
    }

    @Test
    void closingCancelsWhatIsQueuedAndEndsThePackagesThread(@TempDir Path dir) throws Exception {
        LoadedPackage loaded = runtime.load(TestPackages.single(dir, "closing", SOURCE));
        assertTrue(threadNames().stream().anyMatch(name -> name.startsWith("cloacina-jep-closing-")));
        CompletableFuture<Context> running = loaded.executor().execute("spin", new Context());
        CompletableFuture<Context> queued = loaded.executor().execute("inc", new Context());
        Thread.sleep(100);
        loaded.close();
        loaded.close(); // idempotent
        for (CompletableFuture<Context> future : List.of(running, queued)) {
            ExecutionException error = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
            assertInstanceOf(TaskError.Cancelled.class, error.getCause());
        }
        ExecutionException afterClose = assertThrows(ExecutionException.class,
                () -> loaded.executor().execute("inc", new Context()).get(30, TimeUnit.SECONDS));
        assertInstanceOf(TaskError.Cancelled.class, afterClose.getCause());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (threadNames().stream().anyMatch(name -> name.startsWith("cloacina-jep-closing-"))
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(threadNames().stream().noneMatch(name -> name.startsWith("cloacina-jep-closing-")),
                threadNames().toString());
    }

    static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.toSet());
    }
}
