package io.cloacina.packaging;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/** Archive formats a package may come in, recognised by file name extension. */
enum ArchiveFormat {

    /** Compressed tar, gzip or bzip2 whatever the name says: Cloacina's own .cloacina archives are bzip2. */
    TAR(List.of(".cloacina", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2"), TarExtractor::new),
    ZIP(List.of(".zip"), ZipExtractor::new);

    /** For error messages: what is accepted. */
    static final String ACCEPTED = ".cloacina, .tar.gz, .tgz, .tar.bz2, .tbz2 or .zip";

    private final List<String> extensions;
    private final Supplier<ArchiveExtractor> extractor;

    ArchiveFormat(List<String> extensions, Supplier<ArchiveExtractor> extractor) {
        this.extensions = extensions;
        this.extractor = extractor;
    }

    static Optional<ArchiveFormat> of(Path file) {
        Path fileName = file.getFileName();
        if (fileName == null) {
            return Optional.empty();
        }
        String name = fileName.toString().toLowerCase(Locale.ROOT);
        for (ArchiveFormat format : values()) {
            for (String extension : format.extensions) {
                if (name.endsWith(extension) && name.length() > extension.length()) {
                    return Optional.of(format);
                }
            }
        }
        return Optional.empty();
    }

    ArchiveExtractor extractor() {
        return extractor.get();
    }
}
