package io.cloacina.tck;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Waits that always end: a blocking call gets a deadline, and a missed deadline is a test failure that says what hung. */
final class Bounded {

    private Bounded() {
    }

    /**
     * Runs a blocking call on a thread of its own and waits for it at most {@code limit}. A call that
     * finishes after the deadline is handed to {@code lateResult} (so a late package can still be closed).
     */
    static <T> T call(String what, Duration limit, Supplier<T> call, java.util.function.Consumer<T> lateResult) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread worker = Thread.ofPlatform().daemon().name("cloacina-tck-call").start(() -> {
            try {
                result.complete(call.get());
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            }
        });
        try {
            return result.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            result.thenAccept(lateResult);
            worker.interrupt();
            throw new AssertionError(what + " did not finish within " + limit
                    + " (raise -D" + TckTimeouts.PROPERTY + " on a slow machine)");
        } catch (ExecutionException e) {
            throw sneaky(unwrap(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(what + ": interrupted while waiting", e);
        }
    }

    /** The outcome of a future, waiting at most {@code limit}; on a missed deadline cancels it and fails. */
    static <T> T await(String what, Future<T> future, Duration limit) throws Throwable {
        try {
            return future.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AssertionError(what + " did not complete within " + limit
                    + " (raise -D" + TckTimeouts.PROPERTY + " on a slow machine)");
        } catch (ExecutionException e) {
            throw unwrap(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(what + ": interrupted while waiting", e);
        }
    }

    static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof ExecutionException || current instanceof CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static RuntimeException sneaky(Throwable error) {
        if (error instanceof RuntimeException runtime) {
            return runtime;
        }
        if (error instanceof Error fatal) {
            throw fatal;
        }
        return new RuntimeException(error);
    }
}
