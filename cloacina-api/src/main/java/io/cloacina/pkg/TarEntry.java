package io.cloacina.pkg;

/**
 * One member of a tar stream after GNU long-name and pax records have been applied to it.
 *
 * @param name     full path as stored (not yet checked by the path guard)
 * @param type     the ustar type flag
 * @param linkName link target for link entries, else empty
 * @param size     bytes of data that follow the header
 */
record TarEntry(String name, byte type, String linkName, long size) {

    static final byte REGULAR = '0';
    static final byte REGULAR_OLD = 0;
    static final byte HARD_LINK = '1';
    static final byte SYMLINK = '2';
    static final byte DIRECTORY = '5';
    static final byte CONTIGUOUS = '7';

    boolean isDirectory() {
        // Pre-POSIX tars mark folders only by a trailing slash.
        return type == DIRECTORY || (type == REGULAR_OLD && name.endsWith("/"));
    }

    boolean isRegularFile() {
        return !isDirectory() && (type == REGULAR || type == REGULAR_OLD || type == CONTIGUOUS);
    }

    boolean isLink() {
        return type == HARD_LINK || type == SYMLINK;
    }
}
