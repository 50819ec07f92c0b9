package io.cloacina.packaging;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.cloacina.error.PackageException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads Cloacina's {@code package.toml} (Cloacina 0.12, reference 8.1) into the same {@link PackageManifest}
 * as ours. {@code [package]} needs {@code name} and {@code version}; {@code interface} and
 * {@code interface_version} default as Cloacina's registry defaults them. {@code [metadata]} is read as
 * Cloacina's strict parser reads it: unknown keys are refused, {@code language} must be {@code python}
 * (when absent, a package with a {@code workflow/} folder is Python), {@code entry_module} defaults to the
 * name with '-' as '_' plus {@code .tasks}. Every problem is a {@link PackageException} naming the file and
 * the dotted field.
 *
 * @since 0.1
 */
public final class PackageTomlReader {

    public static final String FILE_NAME = "package.toml";

    private static final long MAX_BYTES = 1024 * 1024;
    private static final TomlMapper TOML = new TomlMapper();
    private static final Set<String> METADATA_KEYS = Set.of("language", "workflow_name", "entry_module",
            "description", "author", "requires_python", "graph_name", "reaction_mode", "input_strategy",
            "accumulators", "providers");
    /** What Cloacina's registry fills in when {@code [package].interface} is left out. */
    static final String DEFAULT_INTERFACE = "cloacina-workflow-plugin";

    public PackageTomlReader() {
    }

    /** Reads {@code file}, naming it in errors. */
    public PackageManifest read(Path file) {
        return read(file, file);
    }

    /**
     * The first {@code [package]} field Cloacina's own packer requires that {@code file} leaves out
     * ({@code package.interface}, {@code package.interface_version}), or {@code null}. This reader fills them in;
     * an archive meant for Cloacina must spell them out.
     */
    String fieldCloacinasPackerRequires(Path file) {
        JsonNode pkg = parse(file, file).path("package");
        for (String field : List.of("interface", "interface_version")) {
            if (!pkg.has(field)) {
                return "package." + field;
            }
        }
        return null;
    }

    PackageManifest read(Path file, Path shownAs) {
        JsonNode root = parse(file, shownAs);
        ManifestFields fields = new ManifestFields(shownAs);
        JsonNode pkg = fields.requiredObject(root, "package");
        String name = fields.requiredString(pkg, "package.name");
        String version = fields.requiredString(pkg, "package.version");
        String iface = fields.optionalString(pkg, "package.interface");
        if (iface != null && !iface.equals(DEFAULT_INTERFACE)) {
            throw new PackageException(shownAs, "package.interface", "must be '" + DEFAULT_INTERFACE + "', found '"
                    + iface + "'");
        }
        JsonNode interfaceVersion = pkg.get("interface_version");
        if (interfaceVersion != null && !(interfaceVersion.isIntegralNumber() && interfaceVersion.asLong() == 1)) {
            throw new PackageException(shownAs, "package.interface_version", "must be 1, found " + interfaceVersion);
        }
        JsonNode runtime = pkg.get("runtime");
        if (runtime != null && !"python".equals(runtime.asText())) {
            throw new PackageException(shownAs, "package.runtime", "must be 'python' (or left out), found " + runtime);
        }

        JsonNode metadata = root.has("metadata") ? fields.requiredObject(root, "metadata") : TOML.createObjectNode();
        for (Iterator<String> keys = metadata.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!METADATA_KEYS.contains(key)) {
                throw new PackageException(shownAs, "metadata." + key, "unknown field (Cloacina's package.toml "
                        + "refuses it too; known: " + String.join(", ", METADATA_KEYS.stream().sorted().toList()) + ")");
            }
        }
        String language = fields.optionalString(metadata, "metadata.language");
        if (language != null && !language.equals(PackageManifest.LANGUAGE)) {
            throw new PackageException(shownAs, "metadata.language", "must be 'python', found '" + language + "'");
        }
        if (metadata.has("graph_name")) {
            throw new PackageException(shownAs, "metadata.graph_name", "computation-graph packages are not "
                    + "supported by this runtime");
        }
        String entryModule = fields.optionalString(metadata, "metadata.entry_module");
        if (entryModule == null) {
            entryModule = name.replace('-', '_') + ".tasks"; // Cloacina's registry default
        }
        String moduleProblem = PythonModuleName.problemWith(entryModule);
        if (moduleProblem != null) {
            throw new PackageException(shownAs, "metadata.entry_module", moduleProblem);
        }
        return new PackageManifest(name, version, fields.optionalString(metadata, "metadata.description"),
                entryModule, fields.optionalString(metadata, "metadata.requires_python"),
                fields.optionalString(metadata, "metadata.workflow_name"));
    }

    private static JsonNode parse(Path file, Path shownAs) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new PackageException(shownAs, null, "larger than " + MAX_BYTES + " bytes");
            }
            JsonNode root = TOML.readTree(Files.readAllBytes(file));
            if (root == null || !root.isObject()) {
                throw new PackageException(shownAs, null, "is empty, expected [package] and [metadata] tables");
            }
            return root;
        } catch (NoSuchFileException e) {
            throw new PackageException(shownAs, null, "not found");
        } catch (JacksonException e) {
            throw new PackageException(shownAs, null, "malformed TOML: " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new PackageException(shownAs, null, "cannot be read: " + e, e);
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
