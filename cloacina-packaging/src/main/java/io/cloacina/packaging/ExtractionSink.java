package io.cloacina.packaging;

import io.cloacina.error.PackageException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes archive entries under the extraction folder, and only there. Each entry passes the path guard; files
 * are created with CREATE_NEW so a duplicate entry can never overwrite, or write through, what an earlier one
 * left; every folder on the way is checked not to be a link; bytes are counted as they are written.
 *
 * <p>Links are refused outright: a Python package has no need for them, and refusing them removes every way
 * for a later entry to write outside the folder through an earlier link.
 */
final class ExtractionSink {

    private static final int BUFFER = 64 * 1024;

    private final Path archive;
    private final Path root;
    private final ExtractionBudget budget;

    ExtractionSink(Path archive, Path root, ExtractionBudget budget) {
        this.archive = archive;
        this.root = root;
        this.budget = budget;
    }

    ExtractionBudget budget() {
        return budget;
    }

    PackageException refuse(String entryName, String problem) {
        return new PackageException(archive, null, "entry '" + entryName + "': " + problem);
    }

    void directory(String entryName) throws IOException {
        budget.entry(entryName);
        makeDirectories(entryName, guarded(entryName));
    }

    /** Writes {@code data} (read to its end) as a new regular file. */
    void file(String entryName, InputStream data) throws IOException {
        budget.entry(entryName);
        Path target = guarded(entryName);
        if (target.equals(root)) {
            throw refuse(entryName, "a file cannot replace the package folder");
        }
        makeDirectories(entryName, target.getParent());
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            copy(entryName, data, out);
        } catch (FileAlreadyExistsException e) {
            throw refuse(entryName, "duplicate entry: the path was already written by an earlier entry");
        } catch (FileSystemException e) {
            // Say why without the temporary path, which is deleted by the time anyone reads this.
            throw refuse(entryName, "cannot be written: " + (e.getReason() != null ? e.getReason() : e));
        }
    }

    /** Refuses a symbolic or hard link (see the class comment for why all links). */
    void link(String entryName, String target, boolean hard) {
        budget.entry(entryName);
        throw refuse(entryName, (hard ? "hard link" : "symbolic link") + " to '" + target
                + "' refused: packages may not contain links");
    }

    /** Reads past an entry that is not extracted (a device, a FIFO, a global tar header), counting its bytes. */
    void skip(String entryName, InputStream data) throws IOException {
        budget.entry(entryName);
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = data.read(buffer)) > 0) {
            budget.bytes(entryName, n);
        }
    }

    private Path guarded(String entryName) {
        try {
            return EntryPaths.resolve(root, entryName);
        } catch (EntryPaths.UnsafePathException e) {
            throw refuse(entryName, e.getMessage());
        }
    }

    private void makeDirectories(String entryName, Path dir) throws IOException {
        Path current = root;
        for (Path part : root.relativize(dir)) {
            if (part.toString().isEmpty()) {
                continue;
            }
            current = current.resolve(part);
            if (Files.isSymbolicLink(current)) {
                throw refuse(entryName, "path goes through a link");
            }
            if (Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                    throw refuse(entryName, "'" + root.relativize(current) + "' is a file, not a folder");
                }
            } else {
                try {
                    Files.createDirectory(current);
                } catch (FileSystemException e) {
                    throw refuse(entryName, "cannot create folder '" + root.relativize(current) + "': "
                            + (e.getReason() != null ? e.getReason() : e));
                }
            }
        }
    }

    private void copy(String entryName, InputStream data, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long written = 0;
        int n;
        while ((n = data.read(buffer)) > 0) {
            written += n;
            // Check before writing: a bomb is stopped with at most one buffer past the limit read, none written.
            budget.entrySize(entryName, written);
            budget.bytes(entryName, n);
            out.write(buffer, 0, n);
        }
    }
}
