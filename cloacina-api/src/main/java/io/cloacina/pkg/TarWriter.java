package io.cloacina.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a POSIX (pax) tar stream of folders and regular files: names that do not fit the 100-byte ustar field,
 * or are not ASCII, go in a pax {@code path} record. Times and owners are fixed so archives are reproducible.
 */
final class TarWriter {

    private static final int BLOCK = TarReader.BLOCK;
    private static final long MAX_OCTAL_SIZE = 077777777777L;

    private final OutputStream out;

    TarWriter(OutputStream out) {
        this.out = out;
    }

    /** {@code name} without a trailing slash; one is added. */
    void directory(String name) throws IOException {
        entry(name + "/", TarEntry.DIRECTORY, 0, 0755);
    }

    void file(String name, long size, InputStream data) throws IOException {
        if (size > MAX_OCTAL_SIZE) {
            throw new IOException(name + ": files over 8 GiB are not supported");
        }
        entry(name, TarEntry.REGULAR, size, 0644);
        long copied = data.transferTo(out);
        if (copied != size) {
            throw new IOException(name + ": changed size while being archived");
        }
        pad(size);
    }

    /** The two zero blocks that end a tar archive. */
    void finish() throws IOException {
        out.write(new byte[2 * BLOCK]);
    }

    private void entry(String name, byte type, long size, int mode) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        boolean fits = nameBytes.length <= 100 && name.chars().allMatch(c -> c < 0x80);
        if (!fits) {
            byte[] pax = paxRecord("path", name);
            out.write(header("PaxHeader", (byte) 'x', pax.length, 0644));
            out.write(pax);
            pad(pax.length);
        }
        out.write(header(fits ? name : "long-name", type, size, mode));
    }

    private static byte[] header(String name, byte type, long size, int mode) {
        byte[] header = new byte[BLOCK];
        put(header, 0, name.getBytes(StandardCharsets.US_ASCII));
        putOctal(header, 100, 8, mode);
        putOctal(header, 108, 8, 0);
        putOctal(header, 116, 8, 0);
        putOctal(header, 124, 12, size);
        putOctal(header, 136, 12, 0);
        header[156] = type;
        put(header, 257, new byte[]{'u', 's', 't', 'a', 'r', 0, '0', '0'});
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        putOctal(header, 148, 7, sum);
        return header;
    }

    /** {@code "<len> key=value\n"} where len counts its own digits too. */
    private static byte[] paxRecord(String key, String value) {
        int body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
        int length = body + 1;
        while (length != body + Integer.toString(length).length()) {
            length = body + Integer.toString(length).length();
        }
        return (length + " " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void put(byte[] header, int offset, byte[] bytes) {
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }

    /** Zero-padded octal followed by a NUL, filling {@code length} bytes. */
    private static void putOctal(byte[] header, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(length - 1 - digits.length()) + digits;
        put(header, offset, padded.getBytes(StandardCharsets.US_ASCII));
        header[offset + length - 1] = 0;
    }

    private void pad(long size) throws IOException {
        int padding = (int) ((BLOCK - size % BLOCK) % BLOCK);
        out.write(new byte[padding]);
    }
}
