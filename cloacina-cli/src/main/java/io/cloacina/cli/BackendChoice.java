package io.cloacina.cli;

import io.cloacina.runtime.PythonRuntimes;
import io.cloacina.spi.PythonRuntime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The backend being chosen on a thread of its own: choosing asks a backend whether it is available, which
 * starts a Python (the subprocess backend's interpreter probe, Jep's library lookup), and that process can run
 * on the second core while this JVM reads the initial context and the package instead of after it.
 */
final class BackendChoice {

    private final CompletableFuture<PythonRuntime> selection;

    private BackendChoice(CompletableFuture<PythonRuntime> selection) {
        this.selection = selection;
    }

    /** Starts choosing the named backend ({@code null}: the default rule of {@link PythonRuntimes#select()}). */
    static BackendChoice start(String name) {
        CompletableFuture<PythonRuntime> selection = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("cloacina-backend-choice").start(() -> {
            try {
                selection.complete(PythonRuntimes.select(name));
            } catch (Throwable failure) {
                selection.completeExceptionally(failure);
            }
        });
        return new BackendChoice(selection);
    }

    /**
     * Waits for the choice.
     *
     * @throws io.cloacina.runtime.NoRuntimeAvailableException as {@link PythonRuntimes#select(String)} throws it
     */
    PythonRuntime runtime() {
        try {
            return selection.join();
        } catch (CompletionException wrapped) {
            Throwable failure = wrapped.getCause();
            if (failure instanceof RuntimeException runtimeException) {
                throw runtimeException;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            throw wrapped;
        }
    }

    /** The run ends before it needed the backend (a bad context or package): close it once it is chosen. */
    void abandon() {
        selection.thenAccept(runtime -> {
            try {
                runtime.close();
            } catch (RuntimeException ignored) {
                // the failure that ended the run is what the user needs to see
            }
        });
    }
}
