package io.cloacina.packaging;

import io.cloacina.error.PackageException;

import java.nio.file.Path;

/** Counts what one extraction has consumed and stops it the moment a limit of {@link ExtractionLimits} is crossed. */
final class ExtractionBudget {

    private final Path archive;
    private final ExtractionLimits limits;
    private long totalBytes;
    private int entries;

    ExtractionBudget(Path archive, ExtractionLimits limits) {
        this.archive = archive;
        this.limits = limits;
    }

    ExtractionLimits limits() {
        return limits;
    }

    /** One more entry of any kind, including tar metadata records. */
    void entry(String name) {
        entries++;
        if (entries > limits.maxEntries()) {
            throw new PackageException(archive, null, "entry '" + name + "': more than " + limits.maxEntries()
                    + " entries (raise ExtractionLimits.maxEntries if the package really is this big)");
        }
    }

    /** {@code count} more uncompressed bytes read out of the archive, written or not. */
    void bytes(String name, long count) {
        totalBytes += count;
        if (totalBytes > limits.maxTotalBytes()) {
            throw new PackageException(archive, null, "entry '" + name + "': archive expands to more than "
                    + limits.maxTotalBytes() + " bytes (ExtractionLimits.maxTotalBytes)");
        }
    }

    /** Refuses an entry whose own uncompressed size so far ({@code entryBytes}) is over the single-entry limit. */
    void entrySize(String name, long entryBytes) {
        if (entryBytes > limits.maxEntryBytes()) {
            throw new PackageException(archive, null, "entry '" + name + "': larger than "
                    + limits.maxEntryBytes() + " bytes (ExtractionLimits.maxEntryBytes)");
        }
    }
}
