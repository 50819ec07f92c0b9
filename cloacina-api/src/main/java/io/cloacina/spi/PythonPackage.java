package io.cloacina.spi;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A package laid out on disk and validated: what a backend needs to load it.
 *
 * @param name           {@code name} of the manifest
 * @param version        {@code version} of the manifest
 * @param root           the folder holding the manifest
 * @param sourceDir      {@code workflow/}: goes first on {@code sys.path}
 * @param vendorDir      {@code vendor/}, or {@code null} when the package has none: goes second
 * @param entryModule    dotted module name relative to the source dir ({@code "orders.pipeline"})
 * @param format         which manifest it was read from; decides format-specific defaults
 * @param workflowName   the name of the package's own workflow (its module-level tasks): {@code workflow_name}
 *                       of a {@code package.toml}, else the package's name
 * @param requiresPython a PEP 440 specifier the interpreter must satisfy, or {@code null}
 *
 * @since 0.1
 */
public record PythonPackage(String name, String version, Path root, Path sourceDir, Path vendorDir,
                            String entryModule, PackageFormat format, String workflowName, String requiresPython) {

    public PythonPackage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(sourceDir, "sourceDir");
        Objects.requireNonNull(entryModule, "entryModule");
        format = format == null ? PackageFormat.MANIFEST : format;
        workflowName = workflowName == null ? name : workflowName;
    }

    /** A {@code manifest.json} package with no interpreter requirement. */
    public PythonPackage(String name, String version, Path root, Path sourceDir, Path vendorDir, String entryModule) {
        this(name, version, root, sourceDir, vendorDir, entryModule, PackageFormat.MANIFEST, name, null);
    }

    public Optional<Path> vendor() {
        return Optional.ofNullable(vendorDir);
    }

    @Override
    public String toString() {
        return name + " " + version + " (" + root + ")";
    }
}
