package io.cloacina.packaging;

import io.cloacina.spi.PythonPackage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A validated package ready for a backend. When it came from an archive it lives in a temporary folder that
 * {@link #close()} deletes; keep it open for as long as a backend has the package loaded.
 *
 * @since 0.1
 */
public final class OpenedPackage implements AutoCloseable {

    private final PackageManifest manifest;
    private final PythonPackage pkg;
    private final Path extractionDir;
    private final AtomicBoolean closed = new AtomicBoolean();

    OpenedPackage(PackageManifest manifest, PythonPackage pkg, Path extractionDir) {
        this.manifest = manifest;
        this.pkg = pkg;
        this.extractionDir = extractionDir;
    }

    /** What a backend's {@code PythonRuntime.load} takes. */
    public PythonPackage pythonPackage() {
        return pkg;
    }

    public PackageManifest manifest() {
        return manifest;
    }

    /** The temporary folder an archive was extracted into (deleted on close); empty for a folder package. */
    public Optional<Path> extractionDir() {
        return Optional.ofNullable(extractionDir);
    }

    /** Deletes the temporary extraction, if any. Idempotent; a folder package is left untouched. */
    @Override
    public void close() {
        if (extractionDir == null || !closed.compareAndSet(false, true)) {
            return;
        }
        try {
            FileTrees.deleteRecursively(extractionDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the extracted package at " + extractionDir, e);
        }
    }

    @Override
    public String toString() {
        return pkg.toString();
    }
}
