package io.cloacina.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small package folders for tests. */
final class PackageFixtures {

    static final String MANIFEST = """
            {"format_version":"2","language":"python",
             "package":{"name":"orders","version":"1.2.0","description":"Order pipeline"},
             "python":{"entry_module":"orders.pipeline","requires_python":">=3.10"}}
            """;

    static final String PIPELINE = """
            from cloaca import task

            @task(id="extract")
            def extract(context):
                context["rows"] = 3
                return context
            """;

    private PackageFixtures() {
    }

    /** A valid package: manifest, workflow/orders/{__init__,pipeline}.py, vendor/helper.py. */
    static Path validPackage(Path dir) {
        write(dir.resolve("manifest.json"), MANIFEST);
        write(dir.resolve("workflow/orders/__init__.py"), "");
        write(dir.resolve("workflow/orders/pipeline.py"), PIPELINE);
        write(dir.resolve("vendor/helper.py"), "VALUE = 1\n");
        return dir;
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
