package io.cloacina.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** {@code .tar.gz}, {@code .tgz} and {@code .cloacina}: a gzip-compressed tar stream. */
final class TarGzExtractor implements ArchiveExtractor {

    private final Path archive;

    TarGzExtractor(Path archive) {
        this.archive = archive;
    }

    @Override
    public void extract(InputStream compressed, ExtractionSink sink) throws IOException {
        TarReader tar = new TarReader(new GZIPInputStream(compressed, 64 * 1024), archive, sink.budget());
        for (TarEntry entry = tar.next(); entry != null; entry = tar.next()) {
            if (entry.isDirectory()) {
                sink.directory(entry.name());
            } else if (entry.isRegularFile()) {
                // The declared size is trusted only to refuse early; the sink counts what is really written.
                sink.budget().entrySize(entry.name(), entry.size());
                sink.file(entry.name(), tar.data());
            } else if (entry.isLink()) {
                sink.link(entry.name(), entry.linkName(), entry.type() == TarEntry.HARD_LINK);
            } else {
                sink.skip(entry.name(), tar.data());
            }
        }
    }
}
