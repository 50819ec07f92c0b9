package io.cloacina.python.graal;

import io.cloacina.spi.PythonPackage;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/** The test packages under src/test/resources/graal-packages, described by hand (name, folders, entry module). */
final class GraalFixtures {

    private GraalFixtures() {
    }

    static PythonPackage pkg(String folder, String name, String entryModule) {
        Path root = root(folder);
        Path vendor = root.resolve("vendor");
        return new PythonPackage(name, "1.0.0", root, root.resolve("workflow"),
                Files.isDirectory(vendor) ? vendor : null, entryModule);
    }

    static Path root(String folder) {
        URL url = GraalFixtures.class.getResource("/graal-packages/" + folder + "/manifest.json");
        if (url == null) {
            throw new IllegalStateException("test fixture graal-packages/" + folder + " is missing from the class path");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
