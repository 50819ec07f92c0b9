package io.cloacina.packaging;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads one archive format's entries (with Commons Compress) into a sink, which guards, bounds and writes
 * them: no library stops traversal, links or bombs for us, so every entry goes through {@link ExtractionSink}.
 */
interface ArchiveExtractor {

    void extract(Path archive, ExtractionSink sink) throws IOException;
}
