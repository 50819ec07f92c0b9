package io.cloacina.error;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A package that cannot be used: a missing or malformed manifest, a missing field, an unsafe or oversized
 * archive. The message names the file and, where there is one, the field.
 *
 * @since 0.1
 */
public final class PackageException extends RuntimeException {

    private final Path file;
    private final String field;

    public PackageException(Path file, String field, String problem) {
        this(file, field, problem, null);
    }

    public PackageException(Path file, String field, String problem, Throwable cause) {
        super(format(file, field, problem), cause);
        this.file = file;
        this.field = field;
    }

    public Path file() {
        return file;
    }

    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    private static String format(Path file, String field, String problem) {
        StringBuilder text = new StringBuilder();
        text.append(file);
        if (field != null) {
            text.append(": field '").append(field).append('\'');
        }
        return text.append(": ").append(problem).toString();
    }
}
