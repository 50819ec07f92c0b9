package io.cloacina.python.graal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PackageFileSystemTest {

    @TempDir
    Path temp;

    @Test
    void onlyPathsUnderTheFoldersAreAllowed() throws IOException {
        Path pkg = Files.createDirectories(temp.resolve("pkg/workflow"));
        Files.writeString(pkg.resolve("tasks.py"), "");
        Path secret = Files.writeString(temp.resolve("secret.txt"), "s");
        List<Path> roots = PackageFileSystem.roots(List.of(temp.resolve("pkg")));

        assertTrue(PackageFileSystem.isAllowed(pkg.resolve("tasks.py").toRealPath(), roots));
        assertTrue(PackageFileSystem.isAllowed(pkg.resolve("missing.py").toAbsolutePath(), roots));
        assertFalse(PackageFileSystem.isAllowed(secret.toRealPath(), roots));
        assertFalse(PackageFileSystem.isAllowed(temp.resolve("pkg-other/x.py").toAbsolutePath(), roots),
                "a sibling whose name starts like the root is outside it");
    }

    @Test
    void aLinkInsideThePackageThatLeadsOutIsDenied() throws IOException {
        Path pkg = Files.createDirectories(temp.resolve("pkg"));
        Path secret = Files.writeString(temp.resolve("secret.txt"), "s");
        Path link = Files.createSymbolicLink(pkg.resolve("innocent.txt"), secret);
        List<Path> roots = PackageFileSystem.roots(List.of(pkg));

        assertFalse(PackageFileSystem.isAllowed(link.toAbsolutePath(), roots));
    }
}
