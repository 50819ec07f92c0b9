package io.cloacina.python.jep;

import io.cloacina.spi.PythonPackage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes small packages laid out as the loader would extract them (manifest, workflow/, vendor/). */
final class TestPackages {

    private TestPackages() {
    }

    /** {@code files}: path relative to {@code workflow/} → source. */
    static PythonPackage write(Path root, String name, String entryModule, Map<String, String> files) {
        try {
            Path source = Files.createDirectories(root.resolve("workflow"));
            Files.writeString(root.resolve("manifest.json"), "{\"format_version\":\"2\",\"language\":\"python\","
                    + "\"package\":{\"name\":\"" + name + "\",\"version\":\"1.0.0\"},"
                    + "\"python\":{\"entry_module\":\"" + entryModule + "\"}}");
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = source.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue());
            }
            return new PythonPackage(name, "1.0.0", root, source, null, entryModule);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A one-file package whose entry module is {@code tasks}. */
    static PythonPackage single(Path root, String name, String source) {
        return write(root, name, "tasks", Map.of("tasks.py", source));
    }
}
