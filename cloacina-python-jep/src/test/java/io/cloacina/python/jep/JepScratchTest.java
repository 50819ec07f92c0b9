package io.cloacina.python.jep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JepScratchTest {

    @Test
    void sweepingRemovesWhatDeadJvmsLeftAndKeepsWhatLiveOnesUse(@TempDir Path tmp) throws Exception {
        Process finished = new ProcessBuilder("true").start();
        assertTrue(finished.waitFor(30, TimeUnit.SECONDS));
        long deadPid = finished.pid();
        ProcessHandle self = ProcessHandle.current();
        long selfStart = self.info().startInstant().orElseThrow().toEpochMilli();

        Path dead = Files.createDirectories(tmp.resolve("cloacina-jep-" + deadPid + "-12345"));
        Files.writeString(dead.resolve("interrupt-1.slot"), "x");
        Path reusedPid = Files.createDirectories(tmp.resolve("cloacina-jep-" + self.pid() + "-" + (selfStart - 60_000)));
        Path live = Files.createDirectories(tmp.resolve("cloacina-jep-" + self.pid() + "-" + selfStart));
        Path oldLoose = Files.writeString(tmp.resolve("cloacina-jep-interrupt-42.slot"), "x");
        Files.setLastModifiedTime(oldLoose, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        Path freshLoose = Files.writeString(tmp.resolve("cloacina-jep-probe77.json"), "x");
        Path unrelated = Files.writeString(tmp.resolve("someone-else.json"), "x");

        JepScratch.sweep(tmp);

        assertFalse(Files.exists(dead), "folder of an exited process");
        assertFalse(Files.exists(reusedPid), "folder of an earlier process with this pid");
        assertFalse(Files.exists(oldLoose), "an hour-old loose file of an earlier version");
        assertTrue(Files.exists(live), "this JVM's own folder");
        assertTrue(Files.exists(freshLoose), "a loose file that may still be in use");
        assertTrue(Files.exists(unrelated), "a file that is not ours");
    }

    @Test
    void theFolderIsPrivateToThisJvm() {
        Path folder = JepScratch.folder();
        assertTrue(Files.isDirectory(folder));
        assertTrue(folder.getFileName().toString().startsWith("cloacina-jep-" + ProcessHandle.current().pid() + "-"),
                folder.toString());
        Path file = JepScratch.newFile("probe-", ".json");
        assertTrue(file.getParent().equals(folder), file.toString());
    }
}
