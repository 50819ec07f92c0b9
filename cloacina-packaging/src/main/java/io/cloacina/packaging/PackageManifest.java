package io.cloacina.packaging;

import java.util.Objects;
import java.util.Optional;

/**
 * The validated contents of a package's manifest: our {@code manifest.json} (format version 2, Python) or
 * Cloacina's {@code package.toml}.
 *
 * @param name           {@code package.name}
 * @param version        {@code package.version}
 * @param description    {@code package.description}, or {@code null}
 * @param entryModule    {@code python.entry_module}: a dotted module name relative to {@code workflow/}
 * @param requiresPython {@code python.requires_python} (a PEP 440 specifier, not interpreted here), or {@code null}
 * @param workflowName   {@code [metadata].workflow_name} of a {@code package.toml}, or {@code null}
 *
 * @since 0.1
 */
public record PackageManifest(String name, String version, String description, String entryModule,
                              String requiresPython, String workflowName) {

    /** The only manifest format this loader understands. */
    public static final String FORMAT_VERSION = "2";
    /** The only package language this loader understands. */
    public static final String LANGUAGE = "python";

    public PackageManifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(entryModule, "entryModule");
    }

    /** A {@code manifest.json} manifest (no workflow name). */
    public PackageManifest(String name, String version, String description, String entryModule, String requiresPython) {
        this(name, version, description, entryModule, requiresPython, null);
    }

    /** The workflow's name: {@code workflow_name} when the manifest gives one, else the package's name. */
    public String workflow() {
        return workflowName != null ? workflowName : name;
    }

    public Optional<String> descriptionText() {
        return Optional.ofNullable(description);
    }

    public Optional<String> requiresPythonSpec() {
        return Optional.ofNullable(requiresPython);
    }
}
