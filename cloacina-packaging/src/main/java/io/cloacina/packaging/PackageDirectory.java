package io.cloacina.packaging;

import io.cloacina.spi.PythonPackage;

import io.cloacina.error.PackageException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Validates a package folder: manifest, {@code workflow/}, the entry module's file, optional {@code vendor/}. */
final class PackageDirectory {

    static final String SOURCE_DIR = "workflow";
    static final String VENDOR_DIR = "vendor";

    private final ManifestReader manifests = new ManifestReader();

    /**
     * @param root    the folder holding {@code manifest.json}
     * @param shownAs what to call {@code root} in errors (differs from {@code root} for an extracted archive,
     *                whose temporary folder is gone by the time anyone reads the message)
     */
    Validated read(Path root, Path shownAs) {
        PackageManifest manifest = manifests.read(root.resolve(ManifestReader.FILE_NAME),
                shownAs.resolve(ManifestReader.FILE_NAME));
        Path sourceDir = root.resolve(SOURCE_DIR);
        if (!Files.isDirectory(sourceDir)) {
            throw new PackageException(shownAs.resolve(SOURCE_DIR), null,
                    "missing: a package keeps its Python sources in a " + SOURCE_DIR + "/ folder");
        }
        requireEntryModule(sourceDir, manifest.entryModule(), shownAs);
        Path vendorDir = root.resolve(VENDOR_DIR);
        if (Files.exists(vendorDir) && !Files.isDirectory(vendorDir)) {
            throw new PackageException(shownAs.resolve(VENDOR_DIR), null, "must be a folder");
        }
        PythonPackage pkg = new PythonPackage(manifest.name(), manifest.version(), root,
                sourceDir, Files.isDirectory(vendorDir) ? vendorDir : null, manifest.entryModule());
        return new Validated(manifest, pkg);
    }

    private static void requireEntryModule(Path sourceDir, String module, Path shownAs) {
        List<String> candidates = PythonModuleName.candidateFiles(module);
        for (String candidate : candidates) {
            if (Files.isRegularFile(sourceDir.resolve(candidate))) {
                return;
            }
        }
        throw new PackageException(shownAs.resolve(ManifestReader.FILE_NAME), "python.entry_module",
                "module '" + module + "' not found: looked for " + SOURCE_DIR + "/" + candidates.get(0)
                        + " and " + SOURCE_DIR + "/" + candidates.get(1));
    }

    record Validated(PackageManifest manifest, PythonPackage pythonPackage) {
    }
}
