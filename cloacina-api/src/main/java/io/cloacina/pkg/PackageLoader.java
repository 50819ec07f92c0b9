package io.cloacina.pkg;

import io.cloacina.error.PackageException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Opens a package from a folder or an archive ({@code .cloacina}, {@code .tar.gz}, {@code .tgz}, {@code .zip}).
 * Archives are extracted, hardened against path escapes, links and bombs, into a fresh temporary folder that
 * the returned {@link OpenedPackage} deletes on close.
 */
public final class PackageLoader {

    private final ExtractionLimits limits;
    private final Path tempParent;
    private final PackageDirectory directories = new PackageDirectory();

    /** Default limits, extracting under the system temporary folder. */
    public PackageLoader() {
        this(ExtractionLimits.DEFAULT);
    }

    public PackageLoader(ExtractionLimits limits) {
        this(limits, null);
    }

    /**
     * @param tempParent where temporary extraction folders are created; {@code null} for the system default
     */
    public PackageLoader(ExtractionLimits limits, Path tempParent) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.tempParent = tempParent;
    }

    /** Validates {@code dirOrArchive} and returns it ready to load; throws {@link PackageException} when unusable. */
    public OpenedPackage load(Path dirOrArchive) {
        Path path = dirOrArchive.toAbsolutePath().normalize();
        if (Files.isDirectory(path)) {
            PackageDirectory.Validated valid = directories.read(path, path);
            return new OpenedPackage(valid.manifest(), valid.pkg(), null);
        }
        if (!Files.exists(path)) {
            throw new PackageException(path, null, "no such file or folder");
        }
        throw new PackageException(path, null, "not a package: expected a folder");
    }
}
