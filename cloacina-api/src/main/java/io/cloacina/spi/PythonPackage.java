package io.cloacina.spi;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A package laid out on disk and validated: what a backend needs to load it.
 *
 * @param name        {@code package.name} of the manifest
 * @param version     {@code package.version} of the manifest
 * @param root        the folder holding {@code manifest.json}
 * @param sourceDir   {@code workflow/}: goes first on {@code sys.path}
 * @param vendorDir   {@code vendor/}, or {@code null} when the package has none: goes second
 * @param entryModule dotted module name relative to the source dir ({@code "orders.pipeline"})
 *
 * @since 0.1
 */
public record PythonPackage(String name, String version, Path root, Path sourceDir, Path vendorDir,
                            String entryModule) {

    public PythonPackage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(sourceDir, "sourceDir");
        Objects.requireNonNull(entryModule, "entryModule");
    }

    public Optional<Path> vendor() {
        return Optional.ofNullable(vendorDir);
    }

    @Override
    public String toString() {
        return name + " " + version + " (" + root + ")";
    }
}
