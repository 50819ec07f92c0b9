package io.cloacina.pkg;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** Archive formats a package may come in, recognised by file name extension. */
enum ArchiveFormat {

    TAR_GZ(List.of(".cloacina", ".tar.gz", ".tgz"), TarGzExtractor::new),
    ZIP(List.of(".zip"), ZipExtractor::new);

    /** For error messages: what is accepted. */
    static final String ACCEPTED = ".cloacina, .tar.gz, .tgz or .zip";

    private final List<String> extensions;
    private final Function<Path, ArchiveExtractor> extractor;

    ArchiveFormat(List<String> extensions, Function<Path, ArchiveExtractor> extractor) {
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

    ArchiveExtractor extractorFor(Path archive) {
        return extractor.apply(archive);
    }
}
