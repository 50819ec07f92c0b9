package io.cloacina.packaging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds zip archives for tests, hostile names included (ZipOutputStream writes any name it is given). */
final class TestZip {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8);

    TestZip file(String name, String text) {
        return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    TestZip file(String name, byte[] data) {
        try {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(data);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A deflated entry of {@code size} zero bytes, written in chunks so the test never holds it in memory. */
    TestZip zeros(String name, long size) {
        try {
            zip.putNextEntry(new ZipEntry(name));
            byte[] chunk = new byte[1 << 20];
            for (long left = size; left > 0; left -= chunk.length) {
                zip.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    TestZip dir(String name) {
        try {
            zip.putNextEntry(new ZipEntry(name.endsWith("/") ? name : name + "/"));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    TestZip validPackage(String prefix) {
        return file(prefix + "manifest.json", PackageFixtures.MANIFEST)
                .file(prefix + "workflow/orders/__init__.py", "")
                .file(prefix + "workflow/orders/pipeline.py", PackageFixtures.PIPELINE);
    }

    Path write(Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            zip.close();
            bytes.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
