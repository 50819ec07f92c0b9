package io.cloacina.packaging;

import io.cloacina.error.PackageException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a package folder as a {@code .cloacina} archive (a bzip2-compressed tar, as Cloacina itself writes
 * them, package at the archive root) that {@link PackageReader} opens. The folder is validated first, so a
 * broken package is never archived.
 *
 * @since 0.1
 */
public final class PackageArchiver {

    private static final FileTime FIXED_TIME = FileTime.fromMillis(0);

    private final PackageDirectory directories = new PackageDirectory();

    public PackageArchiver() {
    }

    /**
     * Archives {@code packageDir} into {@code target}, replacing it. Entries are sorted and carry fixed times,
     * so the same folder always gives the same bytes. Links are refused, as the loader would refuse them.
     */
    public void archive(Path packageDir, Path target) {
        Path dir = packageDir.toAbsolutePath().normalize();
        Path destination = target.toAbsolutePath().normalize();
        if (destination.startsWith(dir)) {
            throw new PackageException(destination, null, "the archive cannot be written inside the package it archives");
        }
        directories.read(dir, dir);
        Path tmp = destination.resolveSibling(destination.getFileName() + ".part");
        try {
            List<Path> paths = entries(dir);
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp));
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(new BZip2CompressorOutputStream(file),
                         StandardCharsets.UTF_8.name())) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (Path path : paths) {
                    String name = nameOf(dir, path);
                    boolean folder = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
                    TarArchiveEntry entry = new TarArchiveEntry(folder ? name + "/" : name);
                    // Fixed times and modes: the same folder always gives the same bytes.
                    entry.setModTime(FIXED_TIME);
                    entry.setMode(folder ? TarArchiveEntry.DEFAULT_DIR_MODE : TarArchiveEntry.DEFAULT_FILE_MODE);
                    if (!folder) {
                        entry.setSize(Files.size(path));
                    }
                    tar.putArchiveEntry(entry);
                    if (!folder) {
                        try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
                            in.transferTo(tar);
                        }
                    }
                    tar.closeArchiveEntry();
                }
                tar.finish();
            }
            Files.move(tmp, destination, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new PackageException(destination, null, "cannot write the archive: " + e, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // Only reached after a failure already being reported.
            }
        }
    }

    private static List<Path> entries(Path dir) throws IOException {
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) walk.sorted()::iterator) {
                if (path.equals(dir)) {
                    continue;
                }
                if (Files.isSymbolicLink(path)) {
                    throw new PackageException(path, null, "is a link: packages may not contain links");
                }
                if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                        && !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    throw new PackageException(path, null, "is neither a file nor a folder");
                }
                paths.add(path);
            }
        }
        return paths;
    }

    private static String nameOf(Path dir, Path path) {
        List<String> parts = new ArrayList<>();
        for (Path part : dir.relativize(path)) {
            parts.add(part.toString());
        }
        return String.join("/", parts);
    }
}
