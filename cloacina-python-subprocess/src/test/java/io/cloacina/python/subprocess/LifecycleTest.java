package io.cloacina.python.subprocess;

import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.packaging.OpenedPackage;
import io.cloacina.packaging.PackageArchiver;
import io.cloacina.packaging.PackageReader;
import io.cloacina.spi.LoadedPackage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("subprocess backend: closing leaves no process behind")
class LifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void closing_a_package_cancels_its_tasks_and_ends_every_process_it_started(@TempDir Path dir) throws Exception {
        try (SubprocessRuntime runtime = TestPackages.runtime(2)) {
            LoadedPackage demo = runtime.load(DemoPackage.write(dir.resolve("demo")));
            Context spawned = demo.executor().execute("spawn_child", new Context()).get(30, TimeUnit.SECONDS);
            long child = spawned.get("child_pid").orElseThrow().asLong();
            Path pidFile = dir.resolve("running.pid");
            CompletableFuture<Context> running = demo.executor().execute("sleep",
                    new Context().set("pid_file", pidFile.toString()).set("seconds", 120));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!Files.exists(pidFile) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            // Both workers busy: these wait in the queue.
            List<CompletableFuture<Context>> queued = new ArrayList<>();
            queued.add(demo.executor().execute("sleep", new Context().set("seconds", 120)));
            queued.add(demo.executor().execute("sleep", new Context().set("seconds", 120)));
            queued.add(demo.executor().execute("double", new Context().set("n", 1)));
            // The second worker starts because runs are waiting; give it time (bounded) to appear.
            List<ProcessHandle> workers = TestPackages.workerProcesses();
            while (workers.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
                workers = TestPackages.workerProcesses();
            }
            assertEquals(2, workers.size(), "two workers: " + workers);

            demo.close();

            assertCancelled(running);
            for (CompletableFuture<Context> future : queued) {
                assertCancelled(future);
            }
            assertTrue(TestPackages.ends(child, WAIT), "a process a task started is ended with its worker");
            for (ProcessHandle worker : workers) {
                assertTrue(TestPackages.ends(worker.pid(), WAIT), "worker " + worker.pid() + " ended");
            }
            assertTrue(TestPackages.noWorkersWithin(Duration.ofSeconds(1)), "no worker left after close");
            assertCancelled(demo.executor().execute("double", new Context().set("n", 1)));
            demo.close(); // idempotent
        }
    }

    @Test
    void closing_the_runtime_closes_every_package(@TempDir Path dir) throws Exception {
        SubprocessRuntime runtime = TestPackages.runtime(2);
        LoadedPackage first = runtime.load(DemoPackage.write(dir.resolve("first")));
        LoadedPackage second = runtime.load(DemoPackage.write(dir.resolve("second")));
        assertEquals(4, first.executor().execute("double", new Context().set("n", 2)).get(30, TimeUnit.SECONDS)
                .get("n").orElseThrow().asInt());
        assertEquals(6, second.executor().execute("double", new Context().set("n", 3)).get(30, TimeUnit.SECONDS)
                .get("n").orElseThrow().asInt());
        assertEquals(2, TestPackages.workerProcesses().size());
        List<Thread> before = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("cloacina-")).toList();
        assertTrue(before.size() >= 2, "the workers' reader threads are running: " + before);

        runtime.close();

        assertTrue(TestPackages.noWorkersWithin(Duration.ofSeconds(1)), "no worker left after close: "
                + TestPackages.workerProcesses());
        for (Thread thread : before) {
            thread.join(WAIT.toMillis());
            assertTrue(!thread.isAlive(), "thread " + thread.getName() + " ended");
        }
        assertThrows(IllegalStateException.class, () -> runtime.load(DemoPackage.write(dir.resolve("third"))));
        runtime.close(); // idempotent
    }

    @Test
    void an_archive_opened_by_the_package_loader_loads_runs_and_closes(@TempDir Path dir) throws Exception {
        Path folder = DemoPackage.write(dir.resolve("folder")).root();
        Path archive = dir.resolve("demo.cloacina");
        new PackageArchiver().archive(folder, archive);
        try (OpenedPackage opened = new PackageReader().open(archive);
             SubprocessRuntime runtime = TestPackages.runtime(1);
             LoadedPackage demo = runtime.load(opened.pythonPackage())) {
            assertTrue(!opened.pythonPackage().root().startsWith(folder), "runs from the extraction, not the folder");
            assertEquals(84, demo.executor().execute("double", new Context().set("n", 42))
                    .get(30, TimeUnit.SECONDS).get("n").orElseThrow().asInt());
        }
        assertTrue(TestPackages.noWorkersWithin(Duration.ofSeconds(1)));
    }

    private static void assertCancelled(CompletableFuture<Context> future) {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
        assertInstanceOf(TaskError.Cancelled.class, failed.getCause());
    }
}
