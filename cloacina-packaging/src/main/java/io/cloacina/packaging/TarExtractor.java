package io.cloacina.packaging;

import io.cloacina.error.PackageException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compressed tar: {@code .cloacina} (bzip2, as Cloacina itself writes them, or gzip, as earlier versions of
 * ours did), {@code .tar.gz}/{@code .tgz}, {@code .tar.bz2}/{@code .tbz2}. The compression is recognised by
 * the stream's magic bytes, not the name. GNU long names and pax headers are folded into their entries by
 * Commons Compress; the bytes it reads for them are bounded by {@link #METADATA_ALLOWANCE} on top of the
 * extraction limit.
 */
final class TarExtractor implements ArchiveExtractor {

    /**
     * The decompressed stream may exceed {@link ExtractionLimits#maxTotalBytes()} by this factor: the sink
     * counts entry data, this counts everything (headers, long names, pax records, padding), so a bomb made
     * of metadata stops too.
     */
    static final int METADATA_ALLOWANCE = 2;

    private static final byte[] GZIP = {0x1f, (byte) 0x8b};
    private static final byte[] BZIP2 = {'B', 'Z', 'h'};

    @Override
    public void extract(Path archive, ExtractionSink sink) throws IOException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 64 * 1024);
             InputStream tarBytes = new Bounded(decompressed(archive, file), archive,
                     sink.budget().limits().maxTotalBytes() * METADATA_ALLOWANCE);
             TarArchiveInputStream tar = new TarArchiveInputStream(tarBytes, StandardCharsets.UTF_8.name())) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String name = entry.getName();
                if (entry.isSymbolicLink() || entry.isLink()) {
                    sink.link(name, entry.getLinkName(), entry.isLink());
                } else if (entry.isDirectory()) {
                    sink.directory(name);
                } else if (entry.isSparse()) {
                    throw sink.refuse(name, "sparse file: not supported in packages");
                } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()
                        || entry.isGlobalPaxHeader()) {
                    sink.skip(name, tar);
                } else {
                    // The declared size is trusted only to refuse early; the sink counts what is really written.
                    sink.budget().entrySize(name, entry.getSize());
                    sink.file(name, tar);
                }
            }
        }
    }

    private static InputStream decompressed(Path archive, InputStream in) throws IOException {
        in.mark(BZIP2.length);
        byte[] magic = in.readNBytes(BZIP2.length);
        in.reset();
        if (startsWith(magic, GZIP)) {
            return new GzipCompressorInputStream(in, true);
        }
        if (startsWith(magic, BZIP2)) {
            return new BZip2CompressorInputStream(in, true);
        }
        throw new PackageException(archive, null, "not a gzip- or bzip2-compressed tar archive "
                + "(the file starts with neither compression's signature)");
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

    /** Stops reading past {@code limit} decompressed bytes, whatever the tar layer does with them. */
    private static final class Bounded extends FilterInputStream {
        private final Path archive;
        private final long limit;
        private long read;

        Bounded(InputStream in, Path archive, long limit) {
            super(in);
            this.archive = archive;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        private void count(long n) {
            read += n;
            if (read > limit) {
                throw new PackageException(archive, null, "archive expands to more than " + limit
                        + " bytes of tar data (" + METADATA_ALLOWANCE + " x ExtractionLimits.maxTotalBytes)");
            }
        }
    }
}
