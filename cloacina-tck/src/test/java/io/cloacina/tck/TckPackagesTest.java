package io.cloacina.tck;

import io.cloacina.spi.PythonPackage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TckPackagesTest {

    private static final Path SOURCE = Path.of("src/main/resources/io/cloacina/tck/packages");

    @Test
    void indexListsExactlyTheFixtureFiles() throws IOException {
        Set<String> onDisk;
        try (Stream<Path> files = Files.walk(SOURCE)) {
            onDisk = files.filter(Files::isRegularFile).map(f -> SOURCE.relativize(f).toString().replace('\\', '/'))
                    .filter(f -> !f.equals(TckPackages.INDEX)).collect(Collectors.toSet());
        }
        assertEquals(onDisk, Set.copyOf(TckPackages.index()), "index.txt is out of step with the fixture folder: "
                + "regenerate it with (cd " + SOURCE + " && find . -type f ! -name index.txt | sed 's|^./||' | sort > index.txt)");
    }

    @Test
    void extractsPackagesAndDescribesThemFromTheirManifest() {
        Path root;
        try (TckPackages packages = TckPackages.extract()) {
            PythonPackage errors = packages.pkg("errors");
            assertEquals("tck-errors", errors.name());
            assertEquals("errtasks.tasks", errors.entryModule());
            assertTrue(Files.isRegularFile(errors.sourceDir().resolve("errtasks/tasks.py")));
            assertTrue(Files.isDirectory(errors.vendorDir()));
            assertNull(packages.pkg("discovery").vendorDir(), "a package without vendor/ has no vendor dir");
            assertEquals(11, packages.lineOf("errors", "workflow/errtasks/tasks.py", "key_error"));
            assertThrows(IllegalArgumentException.class, () -> packages.lineOf("errors", "workflow/errtasks/tasks.py", "key"));
            assertThrows(IllegalArgumentException.class, () -> packages.pkg("no-such-fixture"));
            root = errors.root().getParent();
            for (String fixture : TckPackages.index().stream().map(f -> f.substring(0, f.indexOf('/'))).distinct().toList()) {
                assertEquals("tck-" + fixture, packages.pkg(fixture).name(), "fixture " + fixture + " passes the package loader");
            }
        }
        assertFalse(Files.exists(root), "close() deletes the temporary folder");
    }
}
