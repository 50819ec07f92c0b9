package io.cloacina.python.graal;

import org.graalvm.polyglot.io.FileSystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The file system a sandboxed context sees: GraalPy's own home (standard library), read-only the folders
 * it is given (the package, the {@code cloaca} module), read-write the writable folders the embedder chose.
 * Everything else is denied, and so is a symbolic link inside an allowed folder that leads out of it.
 */
final class PackageFileSystem {

    private PackageFileSystem() {
    }

    static FileSystem create(List<Path> readable, List<Path> writable) {
        List<Path> readRoots = roots(readable);
        List<Path> writeRoots = roots(writable);
        // Selectors are asked in order: a writable folder inside a readable one stays writable.
        FileSystem.Selector writes = FileSystem.Selector.of(FileSystem.newDefaultFileSystem(),
                path -> isAllowed(path, writeRoots));
        FileSystem.Selector reads = FileSystem.Selector.of(
                FileSystem.newReadOnlyFileSystem(FileSystem.newDefaultFileSystem()), path -> isAllowed(path, readRoots));
        return FileSystem.allowLanguageHomeAccess(
                FileSystem.newCompositeFileSystem(FileSystem.newDenyIOFileSystem(), writes, reads));
    }

    /** Each folder as given and as its real path, so either spelling of it works. */
    static List<Path> roots(List<Path> folders) {
        Set<Path> roots = new LinkedHashSet<>();
        for (Path folder : folders) {
            Path absolute = folder.toAbsolutePath().normalize();
            roots.add(absolute);
            try {
                roots.add(absolute.toRealPath());
            } catch (IOException missing) {
                // A folder that does not exist grants nothing more than its own spelling.
            }
        }
        return new ArrayList<>(roots);
    }

    /** {@code path} is absolute and normalized (the selector's contract). */
    static boolean isAllowed(Path path, List<Path> roots) {
        if (!isUnder(path, roots)) {
            return false;
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return true; // reading it fails with "not found" anyway
        }
        try {
            return isUnder(path.toRealPath(), roots);
        } catch (IOException e) {
            return false; // a dangling link or a race: deny rather than guess
        }
    }

    private static boolean isUnder(Path path, List<Path> roots) {
        for (Path root : roots) {
            if (path.startsWith(root)) {
                return true;
            }
        }
        return false;
    }
}
