package io.cloacina.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloacina.error.PackageException;

import java.nio.file.Path;

/** Typed access to manifest fields by dotted name; every miss or wrong type is a {@link PackageException}. */
final class ManifestFields {

    private final Path file;

    ManifestFields(Path file) {
        this.file = file;
    }

    void requireExactly(JsonNode parent, String field, String expected) {
        JsonNode node = present(parent, field);
        if (!node.isTextual() || !node.textValue().equals(expected)) {
            throw new PackageException(file, field, "must be \"" + expected + "\", found " + shown(node));
        }
    }

    JsonNode requiredObject(JsonNode parent, String field) {
        JsonNode node = present(parent, field);
        if (!node.isObject()) {
            throw new PackageException(file, field, "must be a JSON object, found " + kind(node));
        }
        return node;
    }

    String requiredString(JsonNode parent, String field) {
        JsonNode node = present(parent, field);
        if (!node.isTextual()) {
            throw new PackageException(file, field, "must be a string, found " + kind(node));
        }
        if (node.textValue().isBlank()) {
            throw new PackageException(file, field, "must not be empty");
        }
        return node.textValue();
    }

    /** The string value, or {@code null} when the field is absent or JSON null. */
    String optionalString(JsonNode parent, String field) {
        JsonNode node = parent.get(leaf(field));
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new PackageException(file, field, "must be a string, found " + kind(node));
        }
        return node.textValue();
    }

    private JsonNode present(JsonNode parent, String field) {
        JsonNode node = parent.get(leaf(field));
        if (node == null || node.isNull()) {
            throw new PackageException(file, field, "missing");
        }
        return node;
    }

    private static String leaf(String dotted) {
        return dotted.substring(dotted.lastIndexOf('.') + 1);
    }

    private static String shown(JsonNode node) {
        return node.isTextual() ? node.toString() : kind(node) + " " + node;
    }

    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
