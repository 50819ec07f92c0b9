package io.cloacina.pkg;

import io.cloacina.error.PackageException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * {@code .zip}, read as a stream of local entries. {@link ZipInputStream} does not expose Unix modes, so a
 * symbolic link stored by Info-ZIP comes out as a small regular file holding the target's name: harmless.
 */
final class ZipExtractor implements ArchiveExtractor {

    private static final byte[] LOCAL_HEADER = {'P', 'K', 3, 4};
    private static final byte[] EMPTY_ARCHIVE = {'P', 'K', 5, 6};

    private final Path archive;

    ZipExtractor(Path archive) {
        this.archive = archive;
    }

    @Override
    public void extract(InputStream raw, ExtractionSink sink) throws IOException {
        PushbackInputStream in = new PushbackInputStream(raw, LOCAL_HEADER.length);
        byte[] signature = in.readNBytes(LOCAL_HEADER.length);
        // ZipInputStream reads anything that is not a zip as an empty one; say what is really wrong instead.
        if (!startsWith(signature, LOCAL_HEADER) && !startsWith(signature, EMPTY_ARCHIVE)) {
            throw new PackageException(archive, null, "not a zip archive (no zip signature at the start)");
        }
        in.unread(signature);
        ZipInputStream zip = new ZipInputStream(in, StandardCharsets.UTF_8);
        for (ZipEntry entry = nextEntry(zip); entry != null; entry = nextEntry(zip)) {
            if (entry.isDirectory()) {
                sink.directory(entry.getName());
            } else {
                if (entry.getSize() >= 0) {
                    sink.budget().entrySize(entry.getName(), entry.getSize());
                }
                sink.file(entry.getName(), zip);
            }
        }
    }

    private ZipEntry nextEntry(ZipInputStream zip) throws IOException {
        try {
            return zip.getNextEntry();
        } catch (IllegalArgumentException e) {
            // Entry names that are not valid UTF-8.
            throw new PackageException(archive, null, "corrupt zip: unreadable entry name (" + e.getMessage() + ")");
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
