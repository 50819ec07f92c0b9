package io.cloacina.python.jep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The one private folder for this JVM's Jep temp files (the availability probe's output, interrupt slots),
 * {@code <tmp>/cloacina-jep-<pid>-<start millis>}. Files used to be created loose in the temp folder and removed
 * one by one, on paths that {@code System.exit} or a crash cut short: they piled up. Now the folder goes
 * with the JVM (a shutdown hook, which {@code System.exit} runs), and what a killed JVM left is swept by the
 * next one: a folder whose process (pid and start time) no longer exists.
 */
final class JepScratch {

    private static final String PREFIX = "cloacina-jep-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-(\\d+)");
    private static final Pattern LEGACY = Pattern.compile(Pattern.quote(PREFIX) + "(interrupt--?\\d+\\.slot|probe-?\\d+\\.json)");

    private JepScratch() {
    }

    /** The folder, created (and stale folders of dead JVMs swept) on first use. */
    static Path folder() {
        return Holder.FOLDER;
    }

    /** A new empty file in the folder. */
    static Path newFile(String prefix, String suffix) {
        try {
            return Files.createTempFile(folder(), prefix, suffix);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temp file in " + folder(), e);
        }
    }

    private static final class Holder {
        static final Path FOLDER = create();

        private static Path create() {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            sweep(tmp);
            ProcessHandle self = ProcessHandle.current();
            Path folder = tmp.resolve(PREFIX + self.pid() + "-" + startMillis(self).orElse(0L));
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new UncheckedIOException("could not create the Jep backend's temp folder " + folder, e);
            }
            Thread hook = new Thread(() -> deleteTree(folder), "cloacina-jep-scratch-cleanup");
            Runtime.getRuntime().addShutdownHook(hook);
            return folder;
        }
    }

    /**
     * Removes the folders of JVMs that no longer run, and the loose files earlier versions left in the temp
     * folder itself once they are ten minutes old (a probe file lives for seconds; a slot file is only read
     * while an interpreter boots, its memory mapping outlives the file).
     */
    static void sweep(Path tmp) {
        Instant looseCutoff = Instant.now().minus(Duration.ofMinutes(10));
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path entry : entries) {
                String fileName = entry.getFileName().toString();
                Matcher name = NAME.matcher(fileName);
                if (name.matches() && Files.isDirectory(entry) && !alive(Long.parseLong(name.group(1)),
                        Long.parseLong(name.group(2)))) {
                    deleteTree(entry);
                } else if (LEGACY.matcher(fileName).matches() && Files.isRegularFile(entry)
                        && Files.getLastModifiedTime(entry).toInstant().isBefore(looseCutoff)) {
                    Files.deleteIfExists(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Sweeping is housekeeping: an unreadable temp folder must not stop the backend.
        }
    }

    private static boolean alive(long pid, long startMillis) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return false;
        }
        // A reused pid belongs to another process: only the same start time is the same JVM. Unknown start
        // times (0) count as alive: never delete a live JVM's files on a guess.
        Optional<Long> start = startMillis(process.get());
        return startMillis == 0 || start.isEmpty() || start.get() == startMillis;
    }

    private static Optional<Long> startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli);
    }

    static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | UncheckedIOException e) {
            // Best effort: what is left is swept by the next JVM.
        }
    }
}
