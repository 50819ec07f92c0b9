package io.cloacina.temporal;

import io.cloacina.packaging.OpenedPackage;
import io.cloacina.packaging.PackageReader;
import io.cloacina.runtime.PythonRuntimes;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.PythonRuntime;

import java.nio.file.Path;

/** The test package {@code graph} loaded on the subprocess backend (CPython worker processes). */
final class GraphPackage implements AutoCloseable {

    static final Path FOLDER = Path.of("src/test/resources/packages/graph").toAbsolutePath();

    final PythonRuntime runtime;
    final OpenedPackage opened;
    final LoadedPackage loaded;

    GraphPackage() {
        runtime = PythonRuntimes.select("subprocess");
        opened = new PackageReader().open(FOLDER);
        loaded = runtime.load(opened.pythonPackage());
    }

    String taskQueue() {
        return TaskQueues.of(loaded.pythonPackage());
    }

    @Override
    public void close() {
        try {
            loaded.close();
        } finally {
            try {
                runtime.close();
            } finally {
                opened.close();
            }
        }
    }
}
