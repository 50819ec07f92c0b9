package io.cloacina.runner;

import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.spi.PackageFormat;
import io.cloacina.spi.PythonPackage;
import io.cloacina.spi.TaskMetadata;
import io.cloacina.spi.ExecutionOptions;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.TaskDescriptor;
import io.cloacina.spi.TaskDiscovery;
import io.cloacina.spi.TaskExecutor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * An in-memory {@link LoadedPackage} whose tasks are Java lambdas, for testing the runner's scheduling
 * without Python. Tasks run on the fake's own threads (like a backend's workers); the fake records the
 * inputs each task received and which tasks' futures were cancelled. It does not enforce timeouts itself,
 * so the runner's own watchdog is what a timeout test exercises. Built with {@code threads(n)} it runs at
 * most n tasks at once and queues the rest first come first served, as real backends do.
 */
final class FakePackage implements LoadedPackage {

    /** How a fake task runs: given its input, it returns the future the executor hands back. */
    interface Body {
        CompletableFuture<Context> start(Context input, ExecutorService threads);
    }

    private final List<TaskDescriptor> tasks;
    private final Map<String, Body> bodies;
    private final ExecutorService threads;
    final Map<String, Context> inputs = new java.util.concurrent.ConcurrentHashMap<>();
    final List<String> started = new CopyOnWriteArrayList<>();
    final List<String> cancelled = new CopyOnWriteArrayList<>();
    /** The options each task was last executed with. */
    final Map<String, ExecutionOptions> options = new java.util.concurrent.ConcurrentHashMap<>();
    /** Tasks handed to this fake and not finished yet, now and at most. */
    private final AtomicInteger handedOver = new AtomicInteger();
    final AtomicInteger mostHandedOver = new AtomicInteger();

    private final PackageFormat format;

    private FakePackage(List<TaskDescriptor> tasks, Map<String, Body> bodies, int threadCount, PackageFormat format) {
        this.format = format;
        this.tasks = List.copyOf(tasks);
        this.bodies = Map.copyOf(bodies);
        ThreadFactory daemons = r -> {
            Thread thread = new Thread(r, "fake-backend-worker");
            thread.setDaemon(true);
            return thread;
        };
        this.threads = threadCount > 0 ? Executors.newFixedThreadPool(threadCount, daemons)
                : Executors.newCachedThreadPool(daemons);
    }

    static Builder builder() {
        return new Builder();
    }

    /** A task that transforms its input on a worker thread. */
    static Body sync(UnaryOperator<Context> body) {
        return (input, threads) -> CompletableFuture.supplyAsync(() -> body.apply(input), threads);
    }

    /** A task that fails with the given error on a worker thread. */
    static Body failing(TaskError error) {
        return (input, threads) -> CompletableFuture.supplyAsync(() -> {
            throw error;
        }, threads);
    }

    /** A task that never finishes on its own (a stuck Python loop). */
    static Body never() {
        return (input, threads) -> new CompletableFuture<>();
    }

    @Override
    public PythonPackage pythonPackage() {
        return new PythonPackage("fake", "0.0.0", Path.of("fake"), Path.of("fake/workflow"), null, "fake", format,
                "fake", null);
    }

    @Override
    public TaskDiscovery discovery() {
        return () -> tasks;
    }

    @Override
    public TaskExecutor executor() {
        return (taskId, input, options) -> execute(taskId, input, options);
    }

    private CompletableFuture<Context> execute(String taskId, Context input, ExecutionOptions options) {
        Body body = bodies.get(taskId);
        if (body == null) {
            return CompletableFuture.failedFuture(new TaskError.TaskNotFound(taskId, "fake"));
        }
        inputs.put(taskId, input.snapshot());
        this.options.put(taskId, options);
        started.add(taskId);
        mostHandedOver.accumulateAndGet(handedOver.incrementAndGet(), Math::max);
        CompletableFuture<Context> running = body.start(input.mutableCopy(), threads);
        // What the caller gets completes only after the count went down, so no callback of the caller's can
        // hand over another task while this one still counts.
        CompletableFuture<Context> future = running.whenComplete((ok, error) -> handedOver.decrementAndGet());
        future.whenComplete((ok, error) -> {
            if (future.isCancelled()) {
                cancelled.add(taskId);
                running.cancel(true);
            }
        });
        return future;
    }

    @Override
    public void close() {
        threads.shutdownNow();
        try {
            threads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final class Builder {
        private final List<TaskDescriptor> tasks = new ArrayList<>();
        private final Map<String, Body> bodies = new LinkedHashMap<>();
        private int threadCount;
        private PackageFormat format = PackageFormat.MANIFEST;

        /** The package's format (default: ours, manifest.json), which decides default retries and fail-fast. */
        Builder format(PackageFormat format) {
            this.format = format;
            return this;
        }

        /** A task with Cloacina metadata (a retry policy, a trigger rule). */
        Builder task(String id, List<String> dependencies, TaskMetadata metadata, Body body) {
            tasks.add(new TaskDescriptor(id, id, dependencies, false, metadata));
            bodies.put(id, body);
            return this;
        }

        /** Runs at most {@code count} tasks at once, queueing the others (default: a thread per task). */
        Builder threads(int count) {
            this.threadCount = count;
            return this;
        }

        Builder task(String id, List<String> dependencies, Body body) {
            tasks.add(new TaskDescriptor(id, id, dependencies, false));
            bodies.put(id, body);
            return this;
        }

        /** A task that sets {@code key} to its own id in its output. */
        Builder marker(String id, String... dependencies) {
            return task(id, List.of(dependencies), sync(c -> c.set(id, "done")));
        }

        FakePackage build() {
            return new FakePackage(tasks, bodies, threadCount, format);
        }
    }
}
