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
 * The file system a context sees. Sandboxed: GraalPy's own home (standard library) and the folders it is
 * given (the package, the {@code cloaca} module) read-only, the writable folders the embedder chose
 * read-write; everything else is denied, and so is a symbolic link inside an allowed folder that leads out
 * of it. With host files allowed: the whole host file system. Either way every language home is read-only,
 * even inside a writable folder ({@link LanguageHomes} says why).
 */
final class PackageFileSystem {

    private PackageFileSystem() {
    }

    static FileSystem sandboxed(List<Path> readable, List<Path> writable, LanguageHomes homes) {
        List<Path> readRoots = roots(readable);
        List<Path> writeRoots = roots(writable);
        // Selectors are asked in order: a writable folder inside a readable one stays writable, a language home
        // inside a writable folder does not.
        FileSystem.Selector writes = FileSystem.Selector.of(FileSystem.newDefaultFileSystem(),
                path -> isAllowed(path, writeRoots) && !homes.covers(path));
        FileSystem.Selector reads = FileSystem.Selector.of(
                FileSystem.newReadOnlyFileSystem(FileSystem.newDefaultFileSystem()), path -> isAllowed(path, readRoots));
        // allowLanguageHomeAccess alone grants the homes read-WRITE (it forwards to the default file system):
        // a task could plant modules in GraalPy's standard library. Wrapped read-only, it only serves reads.
        FileSystem homesReadOnly = FileSystem.newReadOnlyFileSystem(
                FileSystem.allowLanguageHomeAccess(FileSystem.newDenyIOFileSystem()));
        return FileSystem.newCompositeFileSystem(homesReadOnly, writes, reads);
    }

    /** Every host file, as with {@code allowHostFileAccess(true)}, except that language homes are read-only. */
    static FileSystem hostFiles(LanguageHomes homes) {
        FileSystem.Selector homesReadOnly = FileSystem.Selector.of(
                FileSystem.newReadOnlyFileSystem(FileSystem.newDefaultFileSystem()), homes::covers);
        return FileSystem.newCompositeFileSystem(FileSystem.newDefaultFileSystem(), homesReadOnly);
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
