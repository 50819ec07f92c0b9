package io.cloacina.cli;

import io.cloacina.error.TaskError;
import io.cloacina.packaging.OpenedPackage;
import io.cloacina.packaging.PackageReader;
import io.cloacina.runtime.NoRuntimeAvailableException;
import io.cloacina.runtime.RuntimeCandidate;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.PythonPackage;
import io.cloacina.spi.PythonRuntime;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A package opened from disk, the backend chosen for it, and the package loaded on that backend. Closing
 * it unloads the package, stops the backend (its workers) and deletes any temporary archive extraction.
 */
final class OpenWorkflow implements AutoCloseable {

    private final OpenedPackage opened;
    private final PythonRuntime runtime;
    private final LoadedPackage loaded;
    /** Whether closing this closes the backend too (not for the second and later packages of a worker). */
    private final boolean ownsRuntime;

    private OpenWorkflow(OpenedPackage opened, PythonRuntime runtime, LoadedPackage loaded, boolean ownsRuntime) {
        this.opened = opened;
        this.runtime = runtime;
        this.loaded = loaded;
        this.ownsRuntime = ownsRuntime;
    }

    /**
     * @param backendName what the user asked for, for messages ({@code null}: the default backend)
     * @param choice      the backend being chosen for {@code backendName}, see {@link BackendChoice}
     * @throws io.cloacina.error.PackageException the package is unusable (exit 2)
     * @throws UserError                          no usable backend, or the entry module failed to import
     */
    static OpenWorkflow open(Path packagePath, String backendName, BackendChoice choice) {
        return open(packagePath, backendName, choice, true);
    }

    /**
     * @param ownsRuntime whether closing this closes the backend: false for packages that share the backend of one
     *                    opened before (close those first)
     */
    static OpenWorkflow open(Path packagePath, String backendName, BackendChoice choice, boolean ownsRuntime) {
        OpenedPackage opened;
        try {
            opened = new PackageReader().open(packagePath);
        } catch (RuntimeException | Error failure) {
            if (ownsRuntime) {
                choice.abandon();
            }
            throw failure;
        }
        PythonRuntime runtime = null;
        try {
            runtime = select(backendName, choice);
            LoadedPackage loaded = load(runtime, opened, packagePath);
            if (loaded.discovery().tasks().isEmpty()) {
                // A run of nothing would "succeed": `cloacina run pkg && deploy` would deploy.
                loaded.close();
                throw new UserError(ExitCodes.BAD_INPUT, "package " + packagePath + ": no tasks found in "
                        + entryFile(opened.pythonPackage()) + " (entry module '" + opened.pythonPackage().entryModule()
                        + "'): mark functions with @task (from cloaca import task)");
            }
            return new OpenWorkflow(opened, runtime, loaded, ownsRuntime);
        } catch (RuntimeException | Error failure) {
            if (ownsRuntime) {
                closeQuietly(runtime);
            }
            opened.close();
            throw failure;
        }
    }

    /** The chosen backend, or the {@link UserError} that says why none can run (shared with {@code serve}). */
    static PythonRuntime select(String backendName, BackendChoice choice) {
        try {
            return choice.runtime();
        } catch (NoRuntimeAvailableException none) {
            List<RuntimeCandidate> unusable = none.found();
            String wanted = backendName == null ? null : backendName.trim().toLowerCase(Locale.ROOT);
            if (wanted != null && !wanted.isEmpty()) {
                Optional<RuntimeCandidate> named = unusable.stream().filter(c -> c.name().equals(wanted)).findFirst();
                if (named.isEmpty()) {
                    // A name nobody provides is a usage error (a typo, or a backend not installed).
                    throw new UserError(ExitCodes.BAD_INPUT, oneLine(none.getMessage()));
                }
                unusable = List.of(named.get());
            }
            // One line a person can act on: each backend and why it cannot run here.
            String reasons = unusable.stream().map(c -> c.name() + ": " + oneLine(c.reason()))
                    .collect(Collectors.joining("; "));
            throw new UserError(ExitCodes.CANNOT_RUN, "cannot run Python here: "
                    + (reasons.isEmpty() ? "no backend is on the class path" : reasons));
        }
    }

    /** Loads the package, or the {@link UserError} naming it and why the import failed (shared with {@code serve}). */
    static LoadedPackage load(PythonRuntime runtime, OpenedPackage opened, Path packagePath) {
        try {
            return runtime.load(opened.pythonPackage());
        } catch (TaskError failure) {
            throw new UserError(ExitCodes.BAD_INPUT, "package " + packagePath + " could not be loaded on backend '"
                    + runtime.name() + "': " + failure.describe());
        }
    }

    /** The file the entry module was imported from: {@code a/b.py}, or {@code a/b/__init__.py} for a package. */
    static Path entryFile(PythonPackage pkg) {
        Path module = pkg.sourceDir().resolve(pkg.entryModule().replace('.', '/'));
        Path asPackage = module.resolve("__init__.py");
        return java.nio.file.Files.isRegularFile(asPackage) ? asPackage : module.resolveSibling(module.getFileName() + ".py");
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ");
    }

    OpenedPackage opened() {
        return opened;
    }

    PythonRuntime runtime() {
        return runtime;
    }

    LoadedPackage loaded() {
        return loaded;
    }

    @Override
    public void close() {
        try {
            loaded.close();
        } finally {
            try {
                if (ownsRuntime) {
                    runtime.close();
                }
            } finally {
                opened.close();
            }
        }
    }

    private static void closeQuietly(PythonRuntime runtime) {
        if (runtime != null) {
            try {
                runtime.close();
            } catch (RuntimeException ignored) {
                // the original failure is what the user needs to see
            }
        }
    }
}
