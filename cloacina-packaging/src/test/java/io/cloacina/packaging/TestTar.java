package io.cloacina.packaging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Builds tar bytes header by header, including the hostile ones (traversal, links, lying sizes) the production
 * writer cannot produce. Written independently of {@code TarWriter}: GNU magic, space-terminated numbers.
 */
final class TestTar {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    TestTar file(String name, String text) {
        return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    TestTar file(String name, byte[] data) {
        return entry(name, '0', "", data);
    }

    TestTar dir(String name) {
        return entry(name, '5', "", new byte[0]);
    }

    TestTar symlink(String name, String target) {
        return entry(name, '2', target, new byte[0]);
    }

    TestTar hardLink(String name, String target) {
        return entry(name, '1', target, new byte[0]);
    }

    /** A GNU 'L' record carrying {@code longName}, then a file whose header name is truncated. */
    TestTar gnuLongNameFile(String longName, String text) {
        byte[] name = (longName + "\0").getBytes(StandardCharsets.UTF_8);
        entry("././@LongLink", 'L', "", name);
        return file(longName.substring(0, 100), text);
    }

    /** A pax 'x' header with {@code records}, then a file whose header name is {@code headerName}. */
    TestTar paxFile(Map<String, String> records, String headerName, String text) {
        ByteArrayOutputStream pax = new ByteArrayOutputStream();
        for (Map.Entry<String, String> record : records.entrySet()) {
            String body = " " + record.getKey() + "=" + record.getValue() + "\n";
            int bodyLength = body.getBytes(StandardCharsets.UTF_8).length;
            int length = bodyLength + String.valueOf(bodyLength).length();
            if (String.valueOf(length).length() != String.valueOf(bodyLength).length()) {
                length++;
            }
            pax.writeBytes((length + body).getBytes(StandardCharsets.UTF_8));
        }
        entry("PaxHeaders/x", 'x', "", pax.toByteArray());
        return file(headerName, text);
    }

    /** Any header, with {@code data} following it. */
    TestTar entry(String name, char type, String linkName, byte[] data) {
        byte[] header = new byte[512];
        put(header, 0, name, 100);
        put(header, 100, "0000644 ", 8);
        put(header, 108, "0000000 ", 8);
        put(header, 116, "0000000 ", 8);
        put(header, 124, String.format("%011o ", data.length), 12);
        put(header, 136, "00000000000 ", 12);
        header[156] = (byte) type;
        put(header, 157, linkName, 100);
        put(header, 257, "ustar  ", 8); // GNU magic: "ustar  \0"
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum), 6);
        header[154] = 0;
        header[155] = ' ';
        out.writeBytes(header);
        out.writeBytes(data);
        out.writeBytes(new byte[(512 - data.length % 512) % 512]);
        return this;
    }

    byte[] tar() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(out.toByteArray());
        copy.writeBytes(new byte[1024]);
        return copy.toByteArray();
    }

    byte[] tarGz() {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(gz)) {
            zip.write(tar());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return gz.toByteArray();
    }

    Path writeTarGz(Path file) {
        try {
            Files.write(file, tarGz());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The files of a valid package (manifest, workflow/orders/{__init__,pipeline}.py) under {@code prefix}. */
    TestTar validPackage(String prefix) {
        return file(prefix + "manifest.json", PackageFixtures.MANIFEST)
                .file(prefix + "workflow/orders/__init__.py", "")
                .file(prefix + "workflow/orders/pipeline.py", PackageFixtures.PIPELINE);
    }

    private static void put(byte[] header, int offset, String text, int max) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > max) {
            throw new IllegalArgumentException("'" + text + "' does not fit " + max + " bytes");
        }
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
