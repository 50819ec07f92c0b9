package io.cloacina.python.jep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Eight bytes of memory shared with one sub-interpreter's watcher thread (see {@code jep_runner.py}): Java
 * writes the id of the execution to interrupt, Python polls it while a task runs. A memory-mapped file
 * because the watcher must not call into Java (that would attach it to the JVM for good) and Java cannot call
 * into the interpreter while a task holds it.
 */
final class InterruptSlot implements AutoCloseable {

    private final Path file;
    private final MappedByteBuffer memory;

    private InterruptSlot(Path file, MappedByteBuffer memory) {
        this.file = file;
        this.memory = memory;
    }

    static InterruptSlot create() {
        try {
            Path file = JepScratch.newFile("interrupt-", ".slot");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                MappedByteBuffer memory = channel.map(FileChannel.MapMode.READ_WRITE, 0, Long.BYTES);
                memory.order(ByteOrder.nativeOrder()); // Python reads it with struct format "=q"
                memory.putLong(0, 0L);
                return new InterruptSlot(file, memory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the interrupt slot file for a Jep interpreter", e);
        }
    }

    Path path() {
        return file;
    }

    void request(long executionId) {
        memory.putLong(0, executionId);
    }

    /** Deletes the file; the mappings (ours and Python's) stay valid until released. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover 8-byte temp file is harmless
        }
    }
}
