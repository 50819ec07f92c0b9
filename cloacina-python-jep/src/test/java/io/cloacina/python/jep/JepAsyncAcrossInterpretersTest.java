package io.cloacina.python.jep;

import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.spi.LoadedPackage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CPython 3.11's {@code _asyncio} accelerator keeps interpreter objects in C globals (the set of all tasks,
 * exception classes) made by whichever interpreter imported it first. Once that package's sub-interpreter was
 * closed, {@code asyncio.run} in the next one failed with {@code NameError: name 'len' is not defined} (the
 * dead interpreter's builtins). Each round here is a new package, so a new sub-interpreter.
 */
@DisplayName("jep backend: async tasks in packages loaded after another was closed")
class JepAsyncAcrossInterpretersTest {

    private static final String SOURCE = """
            import asyncio
            from cloaca import task

            @task(id="ok")
            async def ok(context):
                await asyncio.sleep(0)
                context["n"] = context["n"] + 1
                return context

            @task(id="fails")
            async def fails(context):
                await asyncio.sleep(0)
                raise ValueError("failed after awaiting")

            @task(id="cancelled_inside")
            async def cancelled_inside(context):
                inner = asyncio.ensure_future(asyncio.sleep(10))
                await asyncio.sleep(0)
                inner.cancel()
                try:
                    await inner
                except asyncio.CancelledError:
                    context["caught"] = True
                return context
            """;

    @Test
    void every_new_package_runs_async_tasks_with_its_own_asyncio(@TempDir Path dir) throws Exception {
        try (JepRuntime runtime = JepBackend.availableRuntime()) {
            for (int round = 0; round < 3; round++) {
                try (LoadedPackage pkg = runtime.load(TestPackages.single(dir.resolve("p" + round), "async" + round,
                        SOURCE))) {
                    Context out = pkg.executor().execute("ok", new Context().set("n", round)).get(30, TimeUnit.SECONDS);
                    assertEquals(round + 1, out.get("n").orElseThrow().asInt(), "round " + round);

                    ExecutionException failed = assertThrows(ExecutionException.class,
                            () -> pkg.executor().execute("fails", new Context()).get(30, TimeUnit.SECONDS));
                    TaskError error = assertInstanceOf(TaskError.ExecutionFailed.class, failed.getCause());
                    assertEquals("ValueError", error.pythonType().orElseThrow(), "round " + round + ": " + error);

                    Context caught = pkg.executor().execute("cancelled_inside", new Context())
                            .get(30, TimeUnit.SECONDS);
                    assertEquals(true, caught.get("caught").orElseThrow().asBoolean(),
                            "round " + round + ": asyncio.CancelledError catches the cancellation");
                }
            }
        }
    }

    @Test
    void async_tasks_run_while_other_packages_close(@TempDir Path dir) throws Exception {
        try (JepRuntime runtime = JepBackend.availableRuntime();
             LoadedPackage steady = runtime.load(TestPackages.single(dir.resolve("steady"), "steady", SOURCE))) {
            AtomicBoolean stop = new AtomicBoolean();
            List<Throwable> problems = new CopyOnWriteArrayList<>();
            Thread churn = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 15 && !stop.get(); i++) {
                    try (LoadedPackage other = runtime.load(TestPackages.single(dir.resolve("churn" + i), "churn" + i,
                            SOURCE))) {
                        other.executor().execute("ok", new Context().set("n", 1)).get(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        problems.add(e);
                    }
                }
            });
            int runs = 0;
            try {
                while (churn.isAlive()) {
                    ExecutionException failed = assertThrows(ExecutionException.class,
                            () -> steady.executor().execute("fails", new Context()).get(30, TimeUnit.SECONDS));
                    TaskError error = assertInstanceOf(TaskError.ExecutionFailed.class, failed.getCause());
                    assertEquals("ValueError", error.pythonType().orElseThrow(), "run " + runs + ": " + error);
                    assertEquals(2, steady.executor().execute("ok", new Context().set("n", 1))
                            .get(30, TimeUnit.SECONDS).get("n").orElseThrow().asInt());
                    runs++;
                }
            } finally {
                stop.set(true); // a failed assertion must not leave packages loading while the runtime closes
                churn.join();
            }
            assertEquals(List.of(), problems);
            assertTrue(runs > 10, "the steady package ran while others came and went: " + runs);
        }
    }
}
