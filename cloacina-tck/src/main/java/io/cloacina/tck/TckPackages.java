package io.cloacina.tck;

import io.cloacina.spi.PythonPackage;
import io.cloacina.packaging.OpenedPackage;
import io.cloacina.packaging.PackageReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The fixture packages shipped in this jar, copied to a temporary folder so backends can load them from disk.
 *
 * <p>Resources inside a jar cannot be listed, so {@value #INDEX} names every file; a self-test keeps it in
 * step with the source tree.
 *
 * @since 0.1
 */
public final class TckPackages implements AutoCloseable {

    static final String RESOURCE_ROOT = "/io/cloacina/tck/packages/";
    static final String INDEX = "index.txt";
    private static final String MARK = "# tck:mark ";

    private final Path root;

    private TckPackages(Path root) {
        this.root = root;
    }

    /** Copies every fixture package into a fresh temporary folder. */
    public static TckPackages extract() {
        try {
            Path root = Files.createTempDirectory("cloacina-tck-");
            for (String file : index()) {
                Path target = root.resolve(file);
                Files.createDirectories(target.getParent());
                try (InputStream in = open(file)) {
                    Files.copy(in, target);
                }
            }
            return new TckPackages(root);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not copy the TCK fixture packages to a temporary folder", e);
        }
    }

    /** Every fixture file, as {@code <fixture>/<path inside the package>}. */
    public static List<String> index() {
        try (InputStream in = open(INDEX)) {
            List<String> files = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    files.add(line.strip());
                }
            }
            return List.copyOf(files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folder holding the fixture's {@code manifest.json} (or Cloacina's {@code package.toml}). */
    public Path root(String fixture) {
        Path dir = root.resolve(fixture);
        if (!Files.isRegularFile(dir.resolve("manifest.json")) && !Files.isRegularFile(dir.resolve("package.toml"))) {
            throw new IllegalArgumentException("No TCK fixture package named '" + fixture + "'");
        }
        return dir;
    }

    /** The fixture as a backend receives it. */
    public PythonPackage pkg(String fixture) {
        return describe(root(fixture));
    }

    /** A private copy of a fixture (for tests that change its files), in a new folder of its own. */
    public Path copy(String fixture, String copyName) {
        Path source = root(fixture);
        Path target = root.resolve("copies").resolve(copyName);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.sorted().toList()) {
                Path to = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not copy fixture " + fixture + " to " + target, e);
        }
    }

    /** A fixture folder as a backend receives it, read and validated by the API's own package loader. */
    public static PythonPackage describe(Path packageRoot) {
        // A folder package has no temporary extraction: closing it deletes nothing.
        try (OpenedPackage opened = new PackageReader().open(packageRoot)) {
            return opened.pythonPackage();
        }
    }

    /** The 1-based line of {@code file} (relative to the fixture root) carrying {@code # tck:mark <mark>}. */
    public int lineOf(String fixture, String file, String mark) {
        Path path = root(fixture).resolve(file);
        try {
            List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int at = line.indexOf(MARK + mark);
                int end = at + MARK.length() + mark.length();
                if (at >= 0 && (end == line.length() || Character.isWhitespace(line.charAt(end)))) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException("No line marked '" + mark + "' in " + path);
    }

    /** A path for a file a test and a task share (nothing is created), inside the temporary folder. */
    public Path scratchFile(String prefix) {
        try {
            Path dir = Files.createDirectories(root.resolve("scratch"));
            return dir.resolve(prefix + "-" + System.nanoTime());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the temporary folder. */
    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the TCK's temporary folder " + root, e);
        }
    }

    private static InputStream open(String file) {
        InputStream in = TckPackages.class.getResourceAsStream(RESOURCE_ROOT + file);
        if (in == null) {
            throw new IllegalStateException("cloacina-tck jar is missing " + RESOURCE_ROOT + file);
        }
        return in;
    }
}
