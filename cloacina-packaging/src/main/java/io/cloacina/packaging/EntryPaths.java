package io.cloacina.packaging;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The path guard: turns an archive entry's name into a path strictly inside the extraction folder, or says
 * why it cannot. Stricter than "normalizes to inside": any {@code ..} part is refused, because a package has
 * no reason to contain one and refusing it needs no reasoning about what came before.
 */
final class EntryPaths {

    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

    private EntryPaths() {
    }

    /** Thrown with the reason an entry name is unsafe; the caller adds the archive and entry. */
    static final class UnsafePathException extends Exception {
        UnsafePathException(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * The safe relative parts of {@code entryName} (empty for the archive root itself, such as {@code "./"}).
     * Backslashes count as separators, as Windows zip tools write them, so {@code ..\x} cannot sneak through.
     */
    static List<String> parts(String entryName) throws UnsafePathException {
        if (entryName.isEmpty()) {
            throw new UnsafePathException("empty name");
        }
        if (entryName.indexOf('\0') >= 0) {
            throw new UnsafePathException("name contains a NUL character");
        }
        String name = entryName.replace('\\', '/');
        if (name.startsWith("/")) {
            throw new UnsafePathException("absolute path");
        }
        if (DRIVE.matcher(name).matches()) {
            throw new UnsafePathException("path starts with a drive letter");
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw new UnsafePathException("path leaves the package folder ('..' is not allowed)");
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return parts;
    }

    /** {@code root} joined with the safe parts of {@code entryName}; checked again after normalizing. */
    static Path resolve(Path root, String entryName) throws UnsafePathException {
        Path path = root;
        for (String part : parts(entryName)) {
            path = path.resolve(part);
        }
        Path normalized = path.normalize();
        if (!normalized.startsWith(root)) {
            // Unreachable with the checks above on POSIX and Windows; kept so a platform quirk cannot escape.
            throw new UnsafePathException("path leaves the package folder");
        }
        return normalized;
    }
}
