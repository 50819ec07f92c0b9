package io.cloacina.packaging;

/**
 * Bounds on what extracting one archive may produce; counted on the bytes actually written, never on the sizes
 * an archive declares, so a decompression bomb stops as soon as it crosses a bound.
 *
 * @param maxTotalBytes uncompressed bytes of all entries together
 * @param maxEntries    entries of any kind (files, folders, metadata records)
 * @param maxEntryBytes uncompressed bytes of one entry
 *
 * @since 0.1
 */
public record ExtractionLimits(long maxTotalBytes, int maxEntries, long maxEntryBytes) {

    /** 512 MiB in total, 20,000 entries, 128 MiB per entry. */
    public static final ExtractionLimits DEFAULT = new ExtractionLimits(512L << 20, 20_000, 128L << 20);

    public ExtractionLimits {
        if (maxTotalBytes <= 0 || maxEntries <= 0 || maxEntryBytes <= 0) {
            throw new IllegalArgumentException("extraction limits must be positive: " + maxTotalBytes + ", "
                    + maxEntries + ", " + maxEntryBytes);
        }
    }
}
