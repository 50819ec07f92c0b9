package io.cloacina.bridge;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code cloaca} Python package shipped inside this jar, and a real folder holding it for backends
 * whose Python needs a file-system path.
 *
 * <p>The folder is content-addressed ({@code cloaca-<sha256 prefix>}): written once, atomically, reused by
 * every JVM on the machine, and a new Cloacina version never sees an old copy.
 *
 * @since 0.1
 */
public final class CloacaModule {

    /** The files of the Python package, relative to the {@code cloaca/} folder. */
    public static final List<String> FILES = List.of("__init__.py", "_attempt.py", "_context.py", "_host.py", "_logs.py",
            "_retry.py", "_rules.py", "_tasks.py", "_triggers.py", "_values.py", "_workflows.py");

    private static final String RESOURCE_ROOT = "/io/cloacina/bridge/cloaca/";
    private static volatile Path extracted;

    private CloacaModule() {
    }

    /** File name → source text of every file of the package. */
    public static Map<String, byte[]> sources() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String file : FILES) {
            try (InputStream in = CloacaModule.class.getResourceAsStream(RESOURCE_ROOT + file)) {
                if (in == null) {
                    throw new IllegalStateException("cloacina-api jar is missing " + RESOURCE_ROOT + file);
                }
                files.put(file, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /**
     * A folder to put on {@code sys.path} so that {@code import cloaca} works. Uses
     * {@code $CLOACINA_CACHE_DIR}, else {@code ~/.cache/cloacina}, else the temp folder.
     */
    public static Path pythonPathEntry() {
        Path path = extracted;
        if (path == null) {
            synchronized (CloacaModule.class) {
                path = extracted;
                if (path == null) {
                    path = extract(cacheRoot());
                    extracted = path;
                }
            }
        }
        return path;
    }

    static Path extract(Path cacheRoot) {
        Map<String, byte[]> files = sources();
        Path target = cacheRoot.resolve("cloaca-" + digest(files));
        if (Files.isDirectory(target.resolve("cloaca"))) {
            return target;
        }
        try {
            Files.createDirectories(cacheRoot);
            Path staging = Files.createTempDirectory(cacheRoot, ".cloaca-staging-");
            Path pkg = Files.createDirectories(staging.resolve("cloaca"));
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Files.write(pkg.resolve(file.getKey()), file.getValue());
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException raced) {
                // Another JVM got there first with identical content.
                deleteQuietly(staging);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the cloaca Python module under " + cacheRoot, e);
        }
    }

    private static Path cacheRoot() {
        String configured = System.getenv("CLOACINA_CACHE_DIR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String home = System.getProperty("user.home");
        if (home != null && !home.isBlank() && Files.isWritable(Path.of(home))) {
            return Path.of(home, ".cache", "cloacina");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "cloacina-cache");
    }

    private static String digest(Map<String, byte[]> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                sha.update(file.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(file.getValue());
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover staging folder is harmless
        }
    }
}
