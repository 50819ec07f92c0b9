package io.cloacina.packaging;

import io.cloacina.error.PackageException;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;

/**
 * {@code .zip}, read through its central directory (Commons Compress {@link ZipFile}): unlike the local
 * headers a stream sees, it records Unix modes, so a symbolic link stored by Info-ZIP is refused as a link
 * instead of coming out as a small file holding the target's name.
 */
final class ZipExtractor implements ArchiveExtractor {

    /** A link's target is a path: anything longer is not one. */
    private static final int MAX_LINK_TARGET = 4096;

    @Override
    public void extract(Path archive, ExtractionSink sink) throws IOException {
        try (ZipFile zip = open(archive)) {
            for (Enumeration<ZipArchiveEntry> entries = zip.getEntriesInPhysicalOrder(); entries.hasMoreElements(); ) {
                ZipArchiveEntry entry = entries.nextElement();
                String name = entry.getName();
                if (entry.isUnixSymlink()) {
                    sink.link(name, linkTarget(zip, entry), false);
                } else if (entry.isDirectory()) {
                    sink.directory(name);
                } else {
                    if (entry.getSize() >= 0) {
                        sink.budget().entrySize(name, entry.getSize());
                    }
                    if (!zip.canReadEntryData(entry)) {
                        throw sink.refuse(name, "cannot be read (encrypted, or compressed with an unsupported method)");
                    }
                    try (InputStream data = zip.getInputStream(entry)) {
                        sink.file(name, data);
                    }
                }
            }
        }
    }

    private static ZipFile open(Path archive) throws IOException {
        try {
            return ZipFile.builder().setPath(archive).setCharset(StandardCharsets.UTF_8).get();
        } catch (IOException e) {
            // Commons Compress finds no central directory in anything that is not a zip.
            throw new PackageException(archive, null, "not a zip archive, or a corrupt one (" + e.getMessage() + ")", e);
        }
    }

    private static String linkTarget(ZipFile zip, ZipArchiveEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            return new String(in.readNBytes(MAX_LINK_TARGET), StandardCharsets.UTF_8);
        }
    }
}
