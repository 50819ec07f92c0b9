package io.cloacina.python.subprocess;

import io.cloacina.bridge.CloacaModule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The worker's Python script, shipped in this jar and written once to a content-addressed folder
 * ({@code worker-<sha256 prefix>/cloacina_worker.py}) beside the extracted {@code cloaca} package, so every
 * JVM on the machine shares it and a new version never runs an old copy.
 */
final class WorkerScript {

    static final String FILE_NAME = "cloacina_worker.py";

    private static volatile Path extracted;

    private WorkerScript() {
    }

    /** The script's path, writing it first if this machine does not have this version yet. */
    static Path path() {
        Path path = extracted;
        if (path == null) {
            synchronized (WorkerScript.class) {
                path = extracted;
                if (path == null) {
                    // The cloaca folder's parent is the cache root CloacaModule chose (CLOACINA_CACHE_DIR, ...).
                    path = extract(CloacaModule.pythonPathEntry().getParent());
                    extracted = path;
                }
            }
        }
        return path;
    }

    static Path extract(Path cacheRoot) {
        byte[] source = source();
        Path folder = cacheRoot.resolve("worker-" + digest(source));
        Path script = folder.resolve(FILE_NAME);
        if (Files.isRegularFile(script)) {
            return script;
        }
        try {
            Files.createDirectories(folder);
            // Written aside, then renamed: a concurrent JVM never runs a half-written script.
            Path staging = Files.createTempFile(folder, ".staging-", ".py");
            Files.write(staging, source);
            try {
                Files.move(staging, script, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException raced) {
                Files.deleteIfExists(staging);
            }
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the Cloacina worker script under " + folder, e);
        }
    }

    static byte[] source() {
        try (InputStream in = WorkerScript.class.getResourceAsStream(FILE_NAME)) {
            if (in == null) {
                throw new IllegalStateException("cloacina-python-subprocess jar is missing " + FILE_NAME);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String digest(byte[] source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
