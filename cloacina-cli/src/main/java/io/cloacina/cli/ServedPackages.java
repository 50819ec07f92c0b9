package io.cloacina.cli;

import io.cloacina.packaging.OpenedPackage;
import io.cloacina.packaging.PackageReader;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.PythonRuntime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The packages {@code serve} serves, all loaded on one backend. Closing unloads every package, stops the backend
 * (its workers) and deletes temporary archive extractions; a failure while opening closes what was opened.
 */
final class ServedPackages implements AutoCloseable {

    private final PythonRuntime runtime;
    private final List<OpenedPackage> opened;
    private final List<LoadedPackage> loaded;

    private ServedPackages(PythonRuntime runtime, List<OpenedPackage> opened, List<LoadedPackage> loaded) {
        this.runtime = runtime;
        this.opened = opened;
        this.loaded = loaded;
    }

    /**
     * @throws io.cloacina.error.PackageException a package is unusable (exit 2)
     * @throws UserError                          no usable backend, an import failed, or a package declares no
     *                                            trigger or no task
     */
    static ServedPackages open(List<Path> paths, String backendName, BackendChoice choice) {
        List<OpenedPackage> opened = new ArrayList<>();
        List<LoadedPackage> loaded = new ArrayList<>();
        PythonRuntime runtime = null;
        try {
            PackageReader reader = new PackageReader();
            for (Path path : paths) {
                opened.add(reader.open(path));
            }
            runtime = OpenWorkflow.select(backendName, choice);
            for (int i = 0; i < paths.size(); i++) {
                OpenedPackage pkg = opened.get(i);
                LoadedPackage one = OpenWorkflow.load(runtime, pkg, paths.get(i));
                loaded.add(one);
                String entry = OpenWorkflow.entryFile(pkg.pythonPackage()) + " (entry module '"
                        + pkg.pythonPackage().entryModule() + "')";
                if (one.discovery().triggers().isEmpty()) {
                    throw new UserError(ExitCodes.BAD_INPUT, "package " + paths.get(i) + " declares no triggers in "
                            + entry + ": nothing to serve (mark a function with @cloaca.trigger(on=\"workflow\", "
                            + "poll_interval=\"30s\"), or run the workflow once with `cloacina run`)");
                }
                if (one.discovery().tasks().isEmpty()) {
                    throw new UserError(ExitCodes.BAD_INPUT, "package " + paths.get(i) + ": no tasks found in " + entry
                            + ": its triggers would start runs of nothing");
                }
            }
            return new ServedPackages(runtime, opened, loaded);
        } catch (RuntimeException | Error failure) {
            if (runtime == null) {
                choice.abandon();
            }
            closeAll(runtime, opened, loaded);
            throw failure;
        }
    }

    PythonRuntime runtime() {
        return runtime;
    }

    List<LoadedPackage> loaded() {
        return loaded;
    }

    /** Idempotent: every part's close is. */
    @Override
    public void close() {
        closeAll(runtime, opened, loaded);
    }

    private static void closeAll(PythonRuntime runtime, List<OpenedPackage> opened, List<LoadedPackage> loaded) {
        RuntimeException first = null;
        for (LoadedPackage pkg : loaded) {
            try {
                pkg.close();
            } catch (RuntimeException failure) {
                first = first == null ? failure : first;
            }
        }
        if (runtime != null) {
            try {
                runtime.close();
            } catch (RuntimeException failure) {
                first = first == null ? failure : first;
            }
        }
        for (OpenedPackage pkg : opened) {
            try {
                pkg.close();
            } catch (RuntimeException failure) {
                first = first == null ? failure : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
