package io.cloacina.python.graal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where GraalPy's own files live (its home: the standard library, {@code lib-graalpython}, the C API), as
 * the first context of an engine reports it. Nothing a task runs may write there: a module planted next to
 * {@code os.py} would be imported by every later context of every package on the machine (GraalPy's home is a
 * per-user cache shared by all JVMs), including the {@code json} and {@code asyncio} the bridge itself uses.
 *
 * <p>Known only once a context has started, so the file systems consult it on every access rather than copy
 * it at creation; until then only our own start-up code runs in a context.
 */
final class LanguageHomes {

    private final List<Path> roots = new CopyOnWriteArrayList<>();

    /** Records folders a context reported as its home; ignores blanks, missing folders and the root folder. */
    void record(List<String> folders) {
        for (String folder : folders) {
            if (folder == null || folder.isBlank()) {
                continue;
            }
            Path path = Path.of(folder).toAbsolutePath().normalize();
            if (path.getParent() == null || !Files.isDirectory(path)) {
                continue; // "/" would make the whole host read-only; a missing folder protects nothing
            }
            addIfAbsent(path);
            try {
                addIfAbsent(path.toRealPath());
            } catch (IOException ignored) {
                // the spelling as given is still recorded
            }
        }
    }

    private void addIfAbsent(Path path) {
        if (!roots.contains(path)) {
            roots.add(path);
        }
    }

    boolean isKnown() {
        return !roots.isEmpty();
    }

    /** Whether {@code path} (absolute, normalized), or what it links to, lies in a language home. */
    boolean covers(Path path) {
        if (startsWithARoot(path)) {
            return true;
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            try {
                return startsWithARoot(path.toRealPath());
            } catch (IOException e) {
                return true; // a dangling link or a race: treat as protected rather than guess
            }
        }
        Path parent = path.getParent();
        return parent != null && Files.exists(parent) && covers(parent);
    }

    private boolean startsWithARoot(Path path) {
        for (Path root : roots) {
            if (path.startsWith(root)) {
                return true;
            }
        }
        return false;
    }
}
