package io.cloacina.bench.python;

import io.cloacina.context.Context;
import io.cloacina.spi.PythonPackage;
import io.cloacina.runtime.PythonRuntimes;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.PythonRuntime;
import io.cloacina.spi.TaskExecutor;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A backend chosen by name with one benchmark package loaded into it; closing releases both. */
public final class LoadedBackend implements AutoCloseable {

    /** No single benchmark operation may take longer than this; hitting it fails the benchmark loudly. */
    public static final Duration WAIT = Duration.ofMinutes(5);

    private final PythonRuntime runtime;
    private final LoadedPackage loaded;

    private LoadedBackend(PythonRuntime runtime, LoadedPackage loaded) {
        this.runtime = runtime;
        this.loaded = loaded;
    }

    public static LoadedBackend open(String backend, PythonPackage pkg) {
        PythonRuntime runtime = PythonRuntimes.select(backend);
        try {
            return new LoadedBackend(runtime, runtime.load(pkg));
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    public PythonRuntime runtime() {
        return runtime;
    }

    public LoadedPackage loaded() {
        return loaded;
    }

    public TaskExecutor executor() {
        return loaded.executor();
    }

    /** Runs one task and waits for its output (bounded). */
    public Context run(String taskId, Context input) {
        return await(executor().execute(taskId, input));
    }

    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new IllegalStateException("a benchmark operation took longer than " + WAIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops a benchmark's own single thread after its queued work, failing loudly if it does not end. */
    public static void stopThread(ExecutorService thread, String what) throws InterruptedException {
        thread.shutdown();
        if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(what + " did not stop");
        }
    }

    /** Fails unless the trivial task turned {"n": 1} into {"n": 2}: a benchmark must measure the real thing. */
    public static void checkIncremented(Context output, String where) {
        long n = output.get("n").map(node -> node.asLong()).orElse(-1L);
        if (n != 2) {
            throw new IllegalStateException(where + ": the trivial task returned n=" + n + " instead of 2");
        }
    }

    @Override
    public void close() {
        try {
            loaded.close();
        } finally {
            runtime.close();
        }
    }
}
