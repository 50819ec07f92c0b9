package io.cloacina.packaging;

import io.cloacina.spi.PackageFormat;
import io.cloacina.spi.PythonPackage;

import io.cloacina.error.PackageException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Validates a package folder: its manifest (ours, {@code manifest.json}, or Cloacina's, {@code package.toml},
 * whichever it holds), {@code workflow/}, the entry module's file, optional {@code vendor/}, and Cloacina's
 * guard against modules that would shadow the standard library.
 */
final class PackageDirectory {

    static final String SOURCE_DIR = "workflow";
    static final String VENDOR_DIR = "vendor";

    /**
     * Cloacina's deny list (reference 8.4): a module or folder of one of these names at the top of
     * {@code workflow/} or {@code vendor/} would be imported instead of the standard library's (or, for those
     * the bridge has already imported, silently never be). Checked before anything is imported.
     */
    static final Set<String> STDLIB_SHADOWING = Set.of("os", "sys", "subprocess", "shutil", "socket", "http",
            "urllib", "ctypes", "importlib", "pathlib", "io", "json", "pickle", "marshal", "code", "codeop",
            "compile", "compileall", "builtins", "signal", "multiprocessing", "threading", "tempfile", "glob",
            "fnmatch");

    private final ManifestReader manifests = new ManifestReader();
    private final PackageTomlReader tomls = new PackageTomlReader();

    /**
     * @param root    the folder holding {@code manifest.json}
     * @param shownAs what to call {@code root} in errors (differs from {@code root} for an extracted archive,
     *                whose temporary folder is gone by the time anyone reads the message)
     */
    Validated read(Path root, Path shownAs) {
        boolean ours = Files.exists(root.resolve(ManifestReader.FILE_NAME));
        boolean cloacinas = Files.exists(root.resolve(PackageTomlReader.FILE_NAME));
        if (ours && cloacinas) {
            throw new PackageException(shownAs, null, "holds both " + ManifestReader.FILE_NAME + " and "
                    + PackageTomlReader.FILE_NAME + ": keep the one the package should be read by");
        }
        String manifestName = cloacinas ? PackageTomlReader.FILE_NAME : ManifestReader.FILE_NAME;
        PackageManifest manifest = cloacinas
                ? tomls.read(root.resolve(manifestName), shownAs.resolve(manifestName))
                : manifests.read(root.resolve(manifestName), shownAs.resolve(manifestName));
        Path sourceDir = root.resolve(SOURCE_DIR);
        if (!Files.isDirectory(sourceDir)) {
            throw new PackageException(shownAs.resolve(SOURCE_DIR), null,
                    "missing: a package keeps its Python sources in a " + SOURCE_DIR + "/ folder");
        }
        Path vendorDir = root.resolve(VENDOR_DIR);
        if (Files.exists(vendorDir) && !Files.isDirectory(vendorDir)) {
            throw new PackageException(shownAs.resolve(VENDOR_DIR), null, "must be a folder");
        }
        refuseStdlibShadowing(sourceDir, shownAs.resolve(SOURCE_DIR));
        if (Files.isDirectory(vendorDir)) {
            refuseStdlibShadowing(vendorDir, shownAs.resolve(VENDOR_DIR));
        }
        requireEntryModule(sourceDir, manifest.entryModule(), shownAs.resolve(manifestName),
                cloacinas ? "metadata.entry_module" : "python.entry_module");
        PythonPackage pkg = new PythonPackage(manifest.name(), manifest.version(), root,
                sourceDir, Files.isDirectory(vendorDir) ? vendorDir : null, manifest.entryModule(),
                cloacinas ? PackageFormat.CLOACINA : PackageFormat.MANIFEST, manifest.workflow(),
                manifest.requiresPython());
        return new Validated(manifest, pkg);
    }

    private static void refuseStdlibShadowing(Path folder, Path shownAs) {
        try (java.util.stream.Stream<Path> entries = Files.list(folder)) {
            for (Path entry : entries.sorted().toList()) {
                String fileName = entry.getFileName().toString();
                String module = Files.isDirectory(entry) ? fileName
                        : fileName.endsWith(".py") ? fileName.substring(0, fileName.length() - 3) : null;
                if (module != null && STDLIB_SHADOWING.contains(module)) {
                    throw new PackageException(shownAs.resolve(fileName), null, "shadows the standard library's '"
                            + module + "' module: refused before anything is imported (Cloacina refuses it too); "
                            + "rename it");
                }
            }
        } catch (java.io.IOException e) {
            throw new PackageException(shownAs, null, "cannot be listed: " + e, e);
        }
    }

    private static void requireEntryModule(Path sourceDir, String module, Path manifestShownAs, String field) {
        List<String> candidates = PythonModuleName.candidateFiles(module);
        for (String candidate : candidates) {
            if (Files.isRegularFile(sourceDir.resolve(candidate))) {
                return;
            }
        }
        throw new PackageException(manifestShownAs, field,
                "module '" + module + "' not found: looked for " + SOURCE_DIR + "/" + candidates.get(0)
                        + " and " + SOURCE_DIR + "/" + candidates.get(1));
    }

    record Validated(PackageManifest manifest, PythonPackage pythonPackage) {
    }
}
