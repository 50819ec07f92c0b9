package io.cloacina.packaging;

import io.cloacina.error.PackageException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Opens a package from a folder or an archive ({@code .cloacina}, {@code .tar.gz}, {@code .tgz}, {@code .zip};
 * the package may sit at the archive's top or inside a single top-level folder). Archives are extracted into a
 * fresh temporary folder that the returned {@link OpenedPackage} deletes on close.
 *
 * <p>Extraction refuses, with a {@link PackageException} naming the archive and the entry, and leaves nothing
 * behind: entry names that are absolute, start with a drive letter or contain a {@code ..} part; every symbolic
 * and hard link (a package has no use for one, and without links nothing can be written through one);
 * duplicate entries; and anything over the {@link ExtractionLimits}, counted on bytes actually decompressed.
 * Devices, FIFOs and unknown tar entry types are read past and not extracted.
 *
 * <p>Holds only configuration: one loader may be used from many threads.
 *
 * @since 0.1
 */
public final class PackageReader {

    private final PackageDirectory directories = new PackageDirectory();
    private final ArchiveOpener archives;

    /** Default limits, extracting under the system temporary folder. */
    public PackageReader() {
        this(ExtractionLimits.DEFAULT);
    }

    public PackageReader(ExtractionLimits limits) {
        this(limits, null);
    }

    /**
     * @param tempParent where temporary extraction folders are created; {@code null} for the system default
     */
    public PackageReader(ExtractionLimits limits, Path tempParent) {
        this.archives = new ArchiveOpener(Objects.requireNonNull(limits, "limits"), tempParent, directories);
    }

    /** Validates {@code dirOrArchive} and returns it ready to load; throws {@link PackageException} when unusable. */
    public OpenedPackage open(Path dirOrArchive) {
        Path path = dirOrArchive.toAbsolutePath().normalize();
        if (Files.isDirectory(path)) {
            PackageDirectory.Validated valid = directories.read(path, path);
            return new OpenedPackage(valid.manifest(), valid.pythonPackage(), null);
        }
        if (!Files.exists(path)) {
            throw new PackageException(path, null, "no such file or folder");
        }
        ArchiveFormat format = ArchiveFormat.of(path).orElseThrow(() -> new PackageException(path, null,
                "not a package: expected a folder or a " + ArchiveFormat.ACCEPTED + " archive"));
        return archives.open(path, format);
    }
}
