package io.cloacina.packaging;

import java.util.Objects;
import java.util.Optional;

/**
 * The validated contents of a package's {@code manifest.json} (format version 2, Python).
 *
 * @param name           {@code package.name}
 * @param version        {@code package.version}
 * @param description    {@code package.description}, or {@code null}
 * @param entryModule    {@code python.entry_module}: a dotted module name relative to {@code workflow/}
 * @param requiresPython {@code python.requires_python} (a PEP 440 specifier, not interpreted here), or {@code null}
 */
public record PackageManifest(String name, String version, String description, String entryModule,
                              String requiresPython) {

    /** The only manifest format this loader understands. */
    public static final String FORMAT_VERSION = "2";
    /** The only package language this loader understands. */
    public static final String LANGUAGE = "python";

    public PackageManifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(entryModule, "entryModule");
    }

    public Optional<String> descriptionText() {
        return Optional.ofNullable(description);
    }

    public Optional<String> requiresPythonSpec() {
        return Optional.ofNullable(requiresPython);
    }
}
