package io.cloacina.pkg;

import io.cloacina.error.PackageException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A minimal streaming reader of ustar/GNU/pax tar data: regular files, folders and links come out as
 * {@link TarEntry}s; GNU long names ({@code L}, {@code K}) and pax headers ({@code x}: {@code path},
 * {@code linkpath}, {@code size}) are folded into the entry they describe; any other type comes out as-is
 * for the caller to skip. Every data byte read, including metadata and skipped data, is charged to the budget.
 */
final class TarReader {

    static final int BLOCK = 512;
    // Long names and pax records describe one entry; nothing legitimate comes close to this.
    private static final int MAX_METADATA_BYTES = 1024 * 1024;

    private final InputStream in;
    private final Path archive;
    private final ExtractionBudget budget;
    private final byte[] header = new byte[BLOCK];
    private String currentName = "";
    private long remaining;
    private long padding;

    TarReader(InputStream in, Path archive, ExtractionBudget budget) {
        this.in = in;
        this.archive = archive;
        this.budget = budget;
    }

    /** The next entry, or {@code null} at the end of the archive. Skips what is left of the current entry. */
    TarEntry next() throws IOException {
        String longName = null;
        String longLink = null;
        Map<String, String> pax = Map.of();
        while (true) {
            skipRestOfEntry();
            if (!readHeader()) {
                if (longName != null || longLink != null || !pax.isEmpty()) {
                    throw corrupt("archive ends after a long-name or pax record with no entry");
                }
                return null;
            }
            byte type = header[156];
            String name = headerName();
            long size = headerSize(name);
            switch (type) {
                case 'x' -> pax = paxRecords(metadata("pax header of the next entry", size));
                case 'g' -> {
                    // Global pax records only set defaults (times, owners) that extraction ignores.
                    budget.entry("global pax header");
                    beginData("global pax header", size);
                }
                case 'L' -> longName = cString(metadata("GNU long name", size));
                case 'K' -> longLink = cString(metadata("GNU long link name", size));
                default -> {
                    String fullName = pax.getOrDefault("path", longName != null ? longName : name);
                    String link = pax.getOrDefault("linkpath", longLink != null ? longLink : field(157, 100));
                    if (pax.containsKey("size")) {
                        size = paxSize(fullName, pax.get("size"));
                    }
                    TarEntry entry = new TarEntry(fullName, type, link, size);
                    beginData(fullName, dataFollows(entry) ? size : 0);
                    return entry;
                }
            }
        }
    }

    /** The data of the entry last returned by {@link #next()}; ends after its declared size. */
    InputStream data() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int n = in.read(buffer, offset, (int) Math.min(length, remaining));
                if (n < 0) {
                    throw corrupt("archive is truncated inside entry '" + currentName + "'");
                }
                remaining -= n;
                return n;
            }
        };
    }

    // Like Python's tarfile: links, folders and devices carry no data whatever their size field says;
    // regular files and unknown types do.
    private static boolean dataFollows(TarEntry entry) {
        return switch (entry.type()) {
            case '1', '2', '3', '4', '5', '6' -> false;
            default -> !entry.isDirectory();
        };
    }

    private void beginData(String name, long size) {
        currentName = name;
        remaining = size;
        padding = (BLOCK - size % BLOCK) % BLOCK;
    }

    private void skipRestOfEntry() throws IOException {
        byte[] buffer = new byte[8192];
        InputStream data = data();
        int n;
        while ((n = data.read(buffer)) > 0) {
            budget.bytes(currentName, n);
        }
        if (padding > 0) {
            readFully(new byte[(int) padding], "archive is truncated after entry '" + currentName + "'");
            padding = 0;
        }
    }

    private byte[] metadata(String what, long size) throws IOException {
        budget.entry(what);
        if (size > MAX_METADATA_BYTES) {
            throw corrupt(what + " is larger than " + MAX_METADATA_BYTES + " bytes");
        }
        beginData(what, size);
        byte[] bytes = new byte[(int) size];
        readFully(bytes, "archive is truncated inside the " + what);
        remaining = 0;
        budget.bytes(what, size);
        return bytes;
    }

    /** Reads a header block: false at the end of the archive (zero block or clean end of stream). */
    private boolean readHeader() throws IOException {
        int read = in.readNBytes(header, 0, BLOCK);
        if (read == 0) {
            return false; // some writers omit the two zero blocks; the data ended cleanly
        }
        if (read < BLOCK) {
            throw corrupt("archive is truncated inside a header");
        }
        boolean allZero = true;
        for (byte b : header) {
            if (b != 0) {
                allZero = false;
                break;
            }
        }
        if (allZero) {
            return false;
        }
        verifyChecksum();
        return true;
    }

    private void verifyChecksum() {
        long stored = octal(148, 8, "header checksum");
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            byte b = (i >= 148 && i < 156) ? (byte) ' ' : header[i];
            unsigned += b & 0xff;
            signed += b;
        }
        if (stored != unsigned && stored != signed) {
            throw corrupt("not a tar archive, or corrupt: header checksum mismatch "
                    + (currentName.isEmpty() ? "in the first header" : "after entry '" + currentName + "'"));
        }
    }

    private String headerName() {
        String name = field(0, 100);
        // Only POSIX ustar ("ustar\0") has a prefix field; GNU ("ustar  \0") uses those bytes for other things.
        boolean posix = header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a'
                && header[261] == 'r' && header[262] == 0;
        if (posix) {
            String prefix = field(345, 155);
            if (!prefix.isEmpty()) {
                return prefix + "/" + name;
            }
        }
        return name;
    }

    private long headerSize(String name) {
        if ((header[124] & 0x80) != 0) {
            // GNU base-256: big-endian binary in the remaining bits; negative sizes are nonsense.
            if ((header[124] & 0x40) != 0) {
                throw corrupt("entry '" + name + "' has a negative size");
            }
            long value = header[124] & 0x3f;
            for (int i = 125; i < 136; i++) {
                if (value > (Long.MAX_VALUE >> 8)) {
                    throw corrupt("entry '" + name + "' has an impossible size");
                }
                value = (value << 8) | (header[i] & 0xff);
            }
            return value;
        }
        return octal(124, 12, "size of entry '" + name + "'");
    }

    private long octal(int offset, int length, String what) {
        int start = offset;
        int end = offset + length;
        while (start < end && (header[start] == ' ' || header[start] == 0)) {
            start++;
        }
        while (end > start && (header[end - 1] == ' ' || header[end - 1] == 0)) {
            end--;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            int digit = header[i] - '0';
            if (digit < 0 || digit > 7) {
                throw corrupt("not a tar archive, or corrupt: bad octal number in the " + what);
            }
            value = value * 8 + digit;
        }
        return value;
    }

    private long paxSize(String name, String value) {
        try {
            long size = Long.parseLong(value);
            if (size >= 0) {
                return size;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw corrupt("entry '" + name + "' has a bad pax size '" + value + "'");
    }

    private String field(int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** Parses pax records, {@code "<length> <key>=<value>\n"}, where length counts the whole record in bytes. */
    private Map<String, String> paxRecords(byte[] data) {
        Map<String, String> records = new HashMap<>();
        int pos = 0;
        while (pos < data.length && data[pos] != 0) {
            int space = pos;
            long length = 0;
            while (space < data.length && data[space] >= '0' && data[space] <= '9' && length < data.length) {
                length = length * 10 + (data[space] - '0');
                space++;
            }
            int end = (int) Math.min(pos + length, Integer.MAX_VALUE);
            if (space == pos || space >= data.length || data[space] != ' ' || end > data.length || end <= space
                    || data[end - 1] != '\n') {
                throw corrupt("malformed pax header before entry following '" + currentName + "'");
            }
            String record = new String(data, space + 1, end - space - 2, StandardCharsets.UTF_8);
            int equals = record.indexOf('=');
            if (equals <= 0) {
                throw corrupt("malformed pax record '" + record + "'");
            }
            records.put(record.substring(0, equals), record.substring(equals + 1));
            pos = end;
        }
        return records;
    }

    private void readFully(byte[] bytes, String truncatedMessage) throws IOException {
        if (in.readNBytes(bytes, 0, bytes.length) < bytes.length) {
            throw corrupt(truncatedMessage);
        }
    }

    private PackageException corrupt(String problem) {
        return new PackageException(archive, null, problem);
    }
}
