package io.cloacina.bench.python;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a python3 script of the benchmark with the scripts folder on its path, and ends it boundedly. */
final class ChildProcess {

    private ChildProcess() {
    }

    static Process start(String script) {
        Path scripts = BenchFiles.get().scripts();
        ProcessBuilder builder = new ProcessBuilder(List.of(PythonCommand.executable(), "-u",
                scripts.resolve(script).toString()))
                .directory(scripts.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + PythonCommand.executable() + " " + script, e);
        }
    }

    /** Waits up to 5 s for a process told to leave, then kills it. */
    static void end(Process process) {
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
