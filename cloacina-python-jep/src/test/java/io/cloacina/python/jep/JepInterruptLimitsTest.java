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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where interruption reaches and where it cannot, and what the backend does then. */
class JepInterruptLimitsTest {

    private static final String SOURCE = String.join("\n",
            "import asyncio, threading, time",
            "from cloaca import task",
            "@task(id='spin_async')",
            "async def spin_async(ctx):",
            "    await asyncio.sleep(0)",
            "    while True:",
            "        pass",
            "@task(id='native_sleep')",
            "def native_sleep(ctx):",
            "    time.sleep(ctx['seconds'])",
            "    return {'slept': True}",
            "@task(id='leave_thread')",
            "def leave_thread(ctx):",
            "    threading.Thread(target=time.sleep, args=(ctx['seconds'],), daemon=True, name='stray').start()",
            "@task(id='ok')",
            "def ok(ctx):",
            "    return {'ok': True}");

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

    private static boolean ok(LoadedPackage loaded) throws Exception {
        return loaded.executor().execute("ok", new Context()).get(30, TimeUnit.SECONDS).get("ok").orElseThrow().asBoolean();
    }

    @Test
    void aSpinningAsyncTaskIsInterruptedToo(@TempDir Path dir) throws Exception {
        try (LoadedPackage loaded = runtime.load(TestPackages.single(dir, "async-spin", SOURCE))) {
            ExecutionException error = assertThrows(ExecutionException.class, () -> loaded.executor()
                    .execute("spin_async", new Context(), ExecutionOptions.withTimeout(Duration.ofMillis(300)))
                    .get(30, TimeUnit.SECONDS));
            assertInstanceOf(TaskError.Timeout.class, error.getCause());
            assertTrue(ok(loaded));
        }
    }

    @Test
    void aTaskInsideCCodeTimesOutOnTimeAndThePackageRecoversWhenTheCallReturns(@TempDir Path dir) throws Exception {
        try (LoadedPackage loaded = runtime.load(TestPackages.single(dir, "native-sleep", SOURCE))) {
            long started = System.nanoTime();
            CompletableFuture<Context> sleeping = loaded.executor().execute("native_sleep",
                    new Context().set("seconds", 2), ExecutionOptions.withTimeout(Duration.ofMillis(200)));
            ExecutionException error = assertThrows(ExecutionException.class, () -> sleeping.get(30, TimeUnit.SECONDS));
            assertInstanceOf(TaskError.Timeout.class, error.getCause());
            // The caller hears of the timeout at the deadline, not when the C call returns.
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(2), "timeout was late");
            // time.sleep returns after 2 s; the pending interrupt lands then and the next task runs.
            assertTrue(ok(loaded));
        }
    }

    @Test
    void aTaskQueuedBehindOneStuckInCCodeTimesOutInsteadOfWaitingForIt(@TempDir Path dir) throws Exception {
        try (LoadedPackage loaded = runtime.load(TestPackages.single(dir, "stuck-ahead", SOURCE))) {
            long started = System.nanoTime();
            CompletableFuture<Context> stuck = loaded.executor().execute("native_sleep",
                    new Context().set("seconds", 6), ExecutionOptions.withTimeout(Duration.ofMillis(200)));
            CompletableFuture<Context> queued = loaded.executor().execute("ok", new Context(),
                    ExecutionOptions.withTimeout(Duration.ofMillis(500)));
            assertInstanceOf(TaskError.Timeout.class,
                    assertThrows(ExecutionException.class, () -> stuck.get(30, TimeUnit.SECONDS)).getCause());
            // Once the task ahead is given up on, the queued one's own timeout runs: it is not held for the 6 s.
            ExecutionException error = assertThrows(ExecutionException.class, () -> queued.get(30, TimeUnit.SECONDS));
            assertInstanceOf(TaskError.Timeout.class, error.getCause());
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(4),
                    "the queued task waited for the stuck one instead of timing out");
            assertTrue(ok(loaded)); // after the C call returns, the package serves tasks again
        }
    }

    @Test
    void aQueuedTaskWaitingLongerThanItsTimeoutBehindAHealthyTaskStillRuns(@TempDir Path dir) throws Exception {
        try (LoadedPackage loaded = runtime.load(TestPackages.single(dir, "healthy-ahead", SOURCE))) {
            CompletableFuture<Context> ahead = loaded.executor().execute("native_sleep",
                    new Context().set("seconds", 1), ExecutionOptions.withTimeout(Duration.ofSeconds(30)));
            CompletableFuture<Context> queued = loaded.executor().execute("ok", new Context(),
                    ExecutionOptions.withTimeout(Duration.ofMillis(300)));
            assertTrue(ahead.get(30, TimeUnit.SECONDS).get("slept").orElseThrow().asBoolean());
            assertTrue(queued.get(30, TimeUnit.SECONDS).get("ok").orElseThrow().asBoolean(),
                    "the timeout counts from the task's start, not from its submission");
        }
    }

    @Test
    void closingAPackageWhoseTaskLeftAThreadRunningDoesNotAbortTheJvm(@TempDir Path dir) throws Exception {
        LoadedPackage loaded = runtime.load(TestPackages.single(dir, "stray", SOURCE));
        loaded.executor().execute("leave_thread", new Context().set("seconds", 4)).get(30, TimeUnit.SECONDS);
        long started = System.nanoTime();
        loaded.close(); // CPython would abort the process if this sub-interpreter ended now; it is kept instead
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(15), "close hung");
        // Still here, and the runtime still works.
        try (LoadedPackage next = runtime.load(TestPackages.single(dir.resolve("next"), "after-stray", SOURCE))) {
            assertTrue(ok(next));
        }
    }
}
