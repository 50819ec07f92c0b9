package io.cloacina.bench.python;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Python files the benchmarks need, copied once per JVM out of the jar into a temporary folder that is
 * deleted when the JVM exits: the baseline scripts, and a benchmark package laid out as a real package.
 */
public final class BenchFiles {

    private static final String BASE = "/io/cloacina/bench/";
    private static final List<String> SCRIPTS = List.of("baselines.py", "raw_echo.py", "bench_tasks.py");
    private static final List<String> WORKFLOW = List.of("__init__.py", "single.py", "chain.py", "fanout.py",
            "wide.py", "cpu.py");

    private static volatile BenchFiles instance;

    private final Path root;

    private BenchFiles(Path root) {
        this.root = root;
    }

    public static BenchFiles get() {
        BenchFiles files = instance;
        if (files == null) {
            synchronized (BenchFiles.class) {
                files = instance;
                if (files == null) {
                    files = extract();
                    instance = files;
                }
            }
        }
        return files;
    }

    /** Holds baselines.py, raw_echo.py and bench_tasks.py. */
    public Path scripts() {
        return root.resolve("scripts");
    }

    /** The benchmark package's root (manifest.json, workflow/benchwf/..., workflow/bench_tasks.py). */
    public Path packageRoot() {
        return root.resolve("package");
    }

    /** A scratch folder for data files, such as the contexts the CPython baseline reads. */
    public Path data() {
        return root.resolve("data");
    }

    private static BenchFiles extract() {
        try {
            Path root = Files.createTempDirectory("cloacina-bench-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(root), "cloacina-bench-cleanup"));
            Path scripts = Files.createDirectories(root.resolve("scripts"));
            for (String name : SCRIPTS) {
                copy(BASE + "python/" + name, scripts.resolve(name));
            }
            Path pkg = Files.createDirectories(root.resolve("package"));
            copy(BASE + "package/manifest.json", pkg.resolve("manifest.json"));
            Path workflow = Files.createDirectories(pkg.resolve("workflow"));
            copy(BASE + "python/bench_tasks.py", workflow.resolve("bench_tasks.py"));
            Path benchwf = Files.createDirectories(workflow.resolve("benchwf"));
            for (String name : WORKFLOW) {
                copy(BASE + "package/benchwf/" + name, benchwf.resolve(name));
            }
            Files.createDirectories(root.resolve("data"));
            return new BenchFiles(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out the benchmark's Python files in a temporary folder", e);
        }
    }

    private static void copy(String resource, Path target) throws IOException {
        try (InputStream in = BenchFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("resource " + resource + " is missing from the bench jar");
            }
            Files.copy(in, target);
        }
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at exit: a leftover temp folder is harmless
        }
    }
}
