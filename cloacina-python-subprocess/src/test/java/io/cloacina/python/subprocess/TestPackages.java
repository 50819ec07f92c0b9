package io.cloacina.python.subprocess;

import io.cloacina.spi.PythonPackage;
import io.cloacina.packaging.PackageReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writes small packages (manifest.json + workflow/) to a folder, and finds worker processes. */
final class TestPackages {

    private TestPackages() {
    }

    /** Writes {@code files} (paths relative to workflow/) and opens the folder with the real {@link PackageReader}. */
    static PythonPackage write(Path root, String name, String entryModule, Map<String, String> files) {
        try {
            Files.createDirectories(root);
            Files.writeString(root.resolve("manifest.json"), """
                    {"format_version":"2","language":"python","package":{"name":"%s","version":"1.0.0"},
                     "python":{"entry_module":"%s","requires_python":">=3.10"}}
                    """.formatted(name, entryModule), StandardCharsets.UTF_8);
            Path source = root.resolve("workflow");
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = source.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            }
            Files.createDirectories(source);
            // A folder is used in place: closing the OpenedPackage has nothing to delete.
            return new PackageReader().open(root).pythonPackage();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Like {@link #write} but builds the record by hand, for packages the loader itself would refuse. */
    static PythonPackage writeUnchecked(Path root, String name, String entryModule, Map<String, String> files) {
        try {
            Path source = root.resolve("workflow");
            Files.createDirectories(source);
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = source.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            }
            return new PythonPackage(name, "1.0.0", root, source, null, entryModule);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A runtime with the machine's interpreter and {@code workers} workers; fails (not skips) without Python. */
    static SubprocessRuntime runtime(int workers) {
        SubprocessRuntime runtime = new SubprocessRuntime(SubprocessSettings.fromEnvironment().withWorkers(workers));
        var availability = runtime.availability();
        assertTrue(availability.available(), "these tests need python3 >= 3.10: " + availability.reason());
        return runtime;
    }

    /** Live worker processes started by this JVM (found by their script's name on the command line). */
    static List<ProcessHandle> workerProcesses() {
        return ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(WorkerScript.FILE_NAME))
                .toList();
    }

    /** Waits (bounded) until the process has ended; true if it did. */
    static boolean ends(long pid, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                Thread.sleep(20);
            } else {
                return true;
            }
        }
        return false;
    }

    /** Waits (bounded) until no worker process of this JVM is left; true if none is. */
    static boolean noWorkersWithin(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (workerProcesses().isEmpty()) {
                return true;
            }
            Thread.sleep(20);
        }
        return workerProcesses().isEmpty();
    }
}
