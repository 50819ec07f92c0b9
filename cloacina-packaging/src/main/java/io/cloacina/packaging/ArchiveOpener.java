package io.cloacina.packaging;

import io.cloacina.error.PackageException;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Extracts an archive into a fresh temporary folder and validates the package in it. On any failure the
 * folder is deleted before the exception leaves, so a refused archive leaves nothing behind.
 */
final class ArchiveOpener {

    private static final String TEMP_PREFIX = "cloacina-pkg-";
    // Finder's zip puts resource forks there, next to the single top-level folder.
    private static final String MAC_METADATA = "__MACOSX";

    private final ExtractionLimits limits;
    private final Path tempParent;
    private final PackageDirectory directories;

    ArchiveOpener(ExtractionLimits limits, Path tempParent, PackageDirectory directories) {
        this.limits = limits;
        this.tempParent = tempParent;
        this.directories = directories;
    }

    OpenedPackage open(Path archive, ArchiveFormat format) {
        Path dir = createExtractionDir(archive);
        try {
            extract(archive, format, dir);
            Path root = locateRoot(archive, dir);
            // Name files as "<archive>!/<path inside>": the temporary folder is gone when the message is read.
            Path shownAs = Path.of(archive + "!").resolve(dir.relativize(root).toString());
            PackageDirectory.Validated valid = directories.read(root, shownAs);
            return new OpenedPackage(valid.manifest(), valid.pythonPackage(), dir);
        } catch (RuntimeException | Error e) {
            deleteAfterFailure(dir, e);
            throw e;
        }
    }

    private void extract(Path archive, ArchiveFormat format, Path dir) {
        ExtractionSink sink = new ExtractionSink(archive, dir, new ExtractionBudget(archive, limits));
        try {
            format.extractor().extract(archive, sink);
        } catch (EOFException e) {
            throw new PackageException(archive, null, "archive is truncated", e);
        } catch (IOException e) {
            // Commons Compress reports damaged data (bad header checksums, bad compressed blocks) as IOExceptions.
            throw new PackageException(archive, null, "corrupt archive: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new PackageException(archive, null, "corrupt archive: " + e.getMessage(), e);
        }
    }

    /** The folder holding manifest.json: the extraction folder itself, or its single top-level folder. */
    private static Path locateRoot(Path archive, Path dir) {
        if (holdsManifest(dir)) {
            return dir;
        }
        List<Path> top = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                if (!child.getFileName().toString().equals(MAC_METADATA)) {
                    top.add(child);
                }
            }
        } catch (IOException e) {
            throw new PackageException(archive, null, "cannot list the extracted archive: " + e, e);
        }
        if (top.size() == 1 && Files.isDirectory(top.get(0), LinkOption.NOFOLLOW_LINKS)) {
            return top.get(0); // ours, or Cloacina's {name}-{version}/
        }
        throw new PackageException(archive, null, "no " + ManifestReader.FILE_NAME + " or "
                + PackageTomlReader.FILE_NAME + " at the top of the archive or inside a single top-level folder");
    }

    private static boolean holdsManifest(Path dir) {
        return Files.exists(dir.resolve(ManifestReader.FILE_NAME), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(dir.resolve(PackageTomlReader.FILE_NAME), LinkOption.NOFOLLOW_LINKS);
    }

    private Path createExtractionDir(Path archive) {
        try {
            if (tempParent == null) {
                return Files.createTempDirectory(TEMP_PREFIX);
            }
            Files.createDirectories(tempParent);
            return Files.createTempDirectory(tempParent, TEMP_PREFIX);
        } catch (IOException e) {
            throw new PackageException(archive, null, "cannot create a temporary folder to extract into: " + e, e);
        }
    }

    private static void deleteAfterFailure(Path dir, Throwable failure) {
        try {
            FileTrees.deleteRecursively(dir);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
