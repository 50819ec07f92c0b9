package io.cloacina.pkg;

import java.io.IOException;
import java.io.InputStream;

/** Streams one archive format's entries into a sink, which guards, bounds and writes them. */
interface ArchiveExtractor {

    void extract(InputStream archive, ExtractionSink sink) throws IOException;
}
