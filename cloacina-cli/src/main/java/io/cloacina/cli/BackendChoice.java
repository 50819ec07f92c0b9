package io.cloacina.cli;

import io.cloacina.runtime.PythonRuntimes;
import io.cloacina.spi.PythonRuntime;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The backend being chosen on a thread of its own: choosing asks a backend whether it is available, which
 * starts a Python (the subprocess backend's interpreter probe, Jep's library lookup), and that process can run
 * on the second core while this JVM reads the initial context and the package instead of after it.
 */
final class BackendChoice {

    /** Commands that choose a backend ({@code run} only without {@code --temporal}: then Temporal's workers run it). */
    private static final Set<String> CHOOSING_COMMANDS = Set.of("run", "tasks", "serve", "worker");

    /** The choice {@link #startEarly} began, until a command claims it ({@link #start}) or it is abandoned. */
    private static final AtomicReference<Early> EARLY = new AtomicReference<>();

    private record Early(String name, BackendChoice choice) {
    }

    /**
     * What a command line asks of the backend choice, read before picocli: {@code backend} as named, {@code null}
     * for the default rule.
     */
    record Wish(String backend) {
    }

    private final CompletableFuture<PythonRuntime> selection;

    private BackendChoice(CompletableFuture<PythonRuntime> selection) {
        this.selection = selection;
    }

    /**
     * Starts choosing the backend the raw command line names, before picocli builds its model and parses it (a
     * fifth of a second on a cold JVM, which the Python start of the choice then overlaps). The command's own
     * {@link #start} takes this choice when it wants the same backend; a guess that turns out wrong (an odd
     * command line) only costs the probe, and {@link #abandonEarly} closes what nobody claimed.
     *
     * @return the choice started, {@code null} when the command line chooses no backend
     */
    static BackendChoice startEarly(String[] args) {
        Optional<Wish> wish = earlyWish(args);
        if (wish.isEmpty()) {
            return null;
        }
        String name = wish.get().backend();
        BackendChoice choice = launch(name);
        EARLY.set(new Early(name, choice));
        return choice;
    }

    /**
     * The backend a command line will choose, read the way picocli will read it; empty when the command chooses
     * no backend or may not run (help, version, {@code run --temporal}).
     */
    static Optional<Wish> earlyWish(String[] args) {
        if (args.length == 0 || !CHOOSING_COMMANDS.contains(args[0])) {
            return Optional.empty();
        }
        String name = null;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                break;
            }
            boolean temporalRun = args[0].equals("run") && (arg.equals("--temporal") || arg.startsWith("--temporal="));
            if (temporalRun || arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version")) {
                return Optional.empty();
            }
            if (arg.equals("--backend") && i + 1 < args.length) {
                name = args[++i];
            } else if (arg.startsWith("--backend=")) {
                name = arg.substring("--backend=".length());
            }
        }
        return Optional.of(new Wish(name));
    }

    /** Closes the early choice if no command claimed it (the command failed, or wanted another backend). */
    static void abandonEarly() {
        Early early = EARLY.getAndSet(null);
        if (early != null) {
            early.choice().abandon();
        }
    }

    /** Starts choosing the named backend ({@code null}: the default rule of {@link PythonRuntimes#select()}). */
    static BackendChoice start(String name) {
        Early early = EARLY.getAndSet(null);
        if (early != null) {
            if (Objects.equals(early.name(), name)) {
                return early.choice();
            }
            early.choice().abandon();
        }
        return launch(name);
    }

    private static BackendChoice launch(String name) {
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
