package io.cloacina.packaging;

import io.cloacina.error.PackageException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a package folder as a {@code .cloacina} archive: a bzip2-compressed tar, as Cloacina's own packer
 * writes them, that {@link PackageReader} opens and, for a {@code package.toml} package, real Cloacina loads.
 * The folder is validated first, so a broken package is never archived.
 *
 * @since 0.1
 */
public final class PackageArchiver {

    /** The extension Cloacina gives its archives. */
    public static final String EXTENSION = ".cloacina";

    private static final FileTime FIXED_TIME = FileTime.fromMillis(0);
    /** Build output and version control: never part of a package (Cloacina's packer skips them too). */
    private static final Set<String> SKIPPED_FOLDERS = Set.of("target", ".git");
    private static final Comparator<Path> BY_NAME = (a, b) -> Arrays.compareUnsigned(
            a.getFileName().toString().getBytes(StandardCharsets.UTF_8),
            b.getFileName().toString().getBytes(StandardCharsets.UTF_8));

    private final PackageDirectory directories = new PackageDirectory();

    public PackageArchiver() {
    }

    /**
     * Archives {@code packageDir} into {@code target}, replacing it, in the layout its manifest calls for:
     * {@link ArchiveLayout#CLOACINA} for a {@code package.toml}, {@link ArchiveLayout#MANIFEST} for a
     * {@code manifest.json}.
     */
    public void archive(Path packageDir, Path target) {
        archive(packageDir, target, null);
    }

    /**
     * Archives {@code packageDir} into {@code target}, replacing it. Entries are sorted and carry fixed times,
     * modes and owners, so the same folder always gives the same bytes. Folders named {@code target} or
     * {@code .git} are left out at any depth; links are refused, as the loader would refuse them.
     *
     * @param layout {@code null} to choose it from the package's manifest
     * @throws PackageException the package is invalid, holds a link, {@code target} is inside it, or
     *                          {@link ArchiveLayout#CLOACINA} was asked of a package without a {@code package.toml}
     */
    public void archive(Path packageDir, Path target, ArchiveLayout layout) {
        Path dir = packageDir.toAbsolutePath().normalize();
        Path destination = target.toAbsolutePath().normalize();
        Source pkg = validate(dir);
        ArchiveLayout chosen = layout != null ? layout
                : pkg.cloacinaFormat() ? ArchiveLayout.CLOACINA : ArchiveLayout.MANIFEST;
        if (chosen == ArchiveLayout.CLOACINA && !pkg.cloacinaFormat()) {
            throw new PackageException(dir.resolve(ManifestReader.FILE_NAME), null, "Cloacina's archive layout needs a "
                    + PackageTomlReader.FILE_NAME + " (Cloacina cannot read " + ManifestReader.FILE_NAME
                    + "): replace it with a " + PackageTomlReader.FILE_NAME + ", or use the manifest layout");
        }
        if (chosen == ArchiveLayout.CLOACINA) {
            String missing = new PackageTomlReader().fieldCloacinasPackerRequires(pkg.manifestFile());
            if (missing != null) {
                // Read here with a default, but Cloacina's packer and loader refuse the package without it.
                throw new PackageException(pkg.manifestFile(), missing, "required in an archive for Cloacina (its "
                        + "packer and loader refuse a package without it): add interface = \""
                        + PackageTomlReader.DEFAULT_INTERFACE + "\" and interface_version = 1 to [package]");
            }
        }
        refuseInside(dir, destination);
        if (Files.isDirectory(destination)) {
            throw new PackageException(destination, null, "is a folder: give the archive's file name");
        }
        String prefix = chosen == ArchiveLayout.CLOACINA ? pkg.baseName() + "/" : "";
        Path tmp = destination.resolveSibling(destination.getFileName() + ".part");
        try {
            // Listed before the temporary file exists, so it can never list itself.
            List<Path> paths = entries(dir);
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp));
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(
                         new BZip2CompressorOutputStream(file, BZip2CompressorOutputStream.MAX_BLOCKSIZE),
                         StandardCharsets.UTF_8.name())) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                if (!prefix.isEmpty()) {
                    tar.putArchiveEntry(folderEntry(prefix));
                    tar.closeArchiveEntry();
                }
                for (Path path : paths) {
                    String name = prefix + nameOf(dir, path);
                    boolean folder = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
                    if (folder) {
                        tar.putArchiveEntry(folderEntry(name + "/"));
                    } else {
                        TarArchiveEntry entry = fixed(new TarArchiveEntry(name), TarArchiveEntry.DEFAULT_FILE_MODE);
                        entry.setSize(Files.size(path));
                        tar.putArchiveEntry(entry);
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

    /**
     * {@code {name}-{version}.cloacina} for the package in {@code packageDir} (validated first): the archive
     * then says what it holds, as its {@code {name}-{version}/} folder does.
     */
    public String defaultFileName(Path packageDir) {
        return validate(packageDir.toAbsolutePath().normalize()).baseName() + EXTENSION;
    }

    private record Source(PackageManifest manifest, boolean cloacinaFormat, Path manifestFile) {

        /** {@code {name}-{version}}: the archive's folder and file name, so it must be one safe path segment. */
        String baseName() {
            refuseInName(manifest.name(), "package.name");
            refuseInName(manifest.version(), "package.version");
            return manifest.name() + "-" + manifest.version();
        }

        private void refuseInName(String value, String field) {
            for (char c : value.toCharArray()) {
                if (c == '/' || c == '\\' || Character.isISOControl(c)) {
                    String shown = Character.isISOControl(c) ? String.format("U+%04X", (int) c) : "'" + c + "'";
                    throw new PackageException(manifestFile, field, "contains " + shown
                            + ", so it cannot name the archive's {name}-{version} folder and file");
                }
            }
        }
    }

    private Source validate(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new PackageException(dir, null, Files.exists(dir)
                    ? "not a folder: only a package folder can be archived" : "no such folder");
        }
        PackageDirectory.Validated valid = directories.read(dir, dir);
        // read() refuses a folder holding both, so package.toml present means it is the manifest in use.
        boolean cloacina = Files.exists(dir.resolve(PackageTomlReader.FILE_NAME));
        return new Source(valid.manifest(), cloacina,
                dir.resolve(cloacina ? PackageTomlReader.FILE_NAME : ManifestReader.FILE_NAME));
    }

    /**
     * An archive inside the package would be packed into the next archive. Compared on real paths too, so a
     * link to the package folder cannot slip past.
     */
    private static void refuseInside(Path dir, Path destination) {
        boolean inside = destination.startsWith(dir);
        Path parent = destination.getParent();
        if (!inside && parent != null && Files.isDirectory(parent)) {
            try {
                inside = parent.toRealPath().resolve(destination.getFileName()).startsWith(dir.toRealPath());
            } catch (IOException e) {
                throw new PackageException(destination, null, "cannot resolve the archive's folder: " + e, e);
            }
        }
        if (inside) {
            throw new PackageException(destination, null, "the archive cannot be written inside the package it "
                    + "archives (it would end up in the next archive): write it outside " + dir);
        }
    }

    private static TarArchiveEntry folderEntry(String name) {
        return fixed(new TarArchiveEntry(name), TarArchiveEntry.DEFAULT_DIR_MODE);
    }

    /** Fixed time, mode and owner: the same folder gives the same bytes, whoever archives it and when. */
    private static TarArchiveEntry fixed(TarArchiveEntry entry, int mode) {
        entry.setModTime(FIXED_TIME);
        entry.setMode(mode);
        entry.setIds(0, 0);
        entry.setNames("", "");
        return entry;
    }

    /**
     * Every file and folder under {@code dir} but the skipped folders, depth first, each folder's entries in
     * name order (by UTF-8 bytes, as GNU tar's {@code --sort=name} and a Rust directory walk sorted by file
     * name give them), so a folder's contents follow it directly.
     */
    private static List<Path> entries(Path dir) throws IOException {
        List<Path> paths = new ArrayList<>();
        collect(dir, paths);
        return paths;
    }

    private static void collect(Path folder, List<Path> into) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(folder)) {
            children = list.sorted(BY_NAME).toList();
        }
        for (Path child : children) {
            BasicFileAttributes attrs = Files.readAttributes(child, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (attrs.isSymbolicLink()) {
                throw new PackageException(child, null, "is a link: packages may not contain links");
            }
            if (attrs.isDirectory()) {
                if (!SKIPPED_FOLDERS.contains(child.getFileName().toString())) {
                    into.add(child);
                    collect(child, into);
                }
            } else if (attrs.isRegularFile()) {
                into.add(child);
            } else {
                throw new PackageException(child, null, "is neither a file nor a folder");
            }
        }
    }

    private static String nameOf(Path dir, Path path) {
        List<String> parts = new ArrayList<>();
        for (Path part : dir.relativize(path)) {
            parts.add(part.toString());
        }
        return String.join("/", parts);
    }
}
