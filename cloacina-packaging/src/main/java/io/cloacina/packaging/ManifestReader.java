package io.cloacina.packaging;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.cloacina.context.ContextJson;
import io.cloacina.error.PackageException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads and validates {@code manifest.json}. Unknown fields are ignored so newer tools may add some; every
 * problem becomes a {@link PackageException} naming the file and the dotted field.
 *
 * @since 0.1
 */
public final class ManifestReader {

    public static final String FILE_NAME = "manifest.json";

    // A manifest is a few hundred bytes; refusing huge files keeps a hostile package from costing memory.
    private static final long MAX_MANIFEST_BYTES = 1024 * 1024;

    // Duplicate keys would make the manifest mean different things to different readers.
    private static final ObjectReader READER = ContextJson.MAPPER.reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public ManifestReader() {
    }

    /** Reads {@code manifestFile}, naming it in errors. */
    public PackageManifest read(Path manifestFile) {
        return read(manifestFile, manifestFile);
    }

    /** Reads {@code manifestFile}, naming it {@code shownAs} in errors (an archive member's outside name). */
    PackageManifest read(Path manifestFile, Path shownAs) {
        JsonNode root = parse(manifestFile, shownAs);
        ManifestFields fields = new ManifestFields(shownAs);
        if (!root.isObject()) {
            throw new PackageException(shownAs, null, "must be a JSON object, found " + ManifestFields.kind(root));
        }
        fields.requireExactly(root, "format_version", PackageManifest.FORMAT_VERSION);
        fields.requireExactly(root, "language", PackageManifest.LANGUAGE);
        JsonNode pkg = fields.requiredObject(root, "package");
        String name = fields.requiredString(pkg, "package.name");
        String version = fields.requiredString(pkg, "package.version");
        String description = fields.optionalString(pkg, "package.description");
        JsonNode python = fields.requiredObject(root, "python");
        String entryModule = fields.requiredString(python, "python.entry_module");
        String moduleProblem = PythonModuleName.problemWith(entryModule);
        if (moduleProblem != null) {
            throw new PackageException(shownAs, "python.entry_module", moduleProblem);
        }
        String requiresPython = fields.optionalString(python, "python.requires_python");
        return new PackageManifest(name, version, description, entryModule, requiresPython);
    }

    private static JsonNode parse(Path file, Path shownAs) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new PackageException(shownAs, null, "is a folder, expected a JSON file");
            }
            if (Files.size(file) > MAX_MANIFEST_BYTES) {
                throw new PackageException(shownAs, null, "larger than " + MAX_MANIFEST_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new PackageException(shownAs, null, "not found: every package needs a " + FILE_NAME
                    + " (or Cloacina's " + PackageTomlReader.FILE_NAME + ")");
        } catch (IOException e) {
            throw new PackageException(shownAs, null, "cannot be read: " + e, e);
        }
        try {
            JsonNode root = READER.readTree(bytes);
            if (root == null || root.isMissingNode()) {
                throw new PackageException(shownAs, null, "is empty, expected a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new PackageException(shownAs, null, "malformed JSON" + where + ": " + firstLine(e.getOriginalMessage()), e);
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
