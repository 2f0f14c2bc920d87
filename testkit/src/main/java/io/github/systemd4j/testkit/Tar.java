package io.github.systemd4j.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The pieces of a tar archive (POSIX ustar) of regular files, mode 0644, owned by root: a Docker
 * build context. A file is its {@linkplain #header
 * header}, its bytes, and {@linkplain #padding padding} to a whole block; two empty blocks {@linkplain
 * #end end} the archive.
 *
 * @see <a href="https://pubs.opengroup.org/onlinepubs/9799919799/utilities/pax.html#tag_20_94_13_06">ustar
 *     Interchange Format</a>
 */
final class Tar {
    private static final int BLOCK = 512;

    private Tar() {}

    /** One file of an archive: header, bytes, padding. */
    static byte[] file(String name, byte[] contents) {
        return concat(header(name, contents.length), contents, padding(contents.length));
    }

    /**
     * A regular file's header.
     *
     * @param name the file's name, at most 100 bytes of UTF-8, no slash
     * @param size how many bytes follow
     */
    static byte[] header(String name, long size) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length == 0 || nameBytes.length > 100 || name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("not a file name for a tar header: " + name);
        }
        byte[] header = new byte[BLOCK];
        System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
        octal(header, 100, 8, 0644); // mode
        octal(header, 108, 8, 0); // uid
        octal(header, 116, 8, 0); // gid
        octal(header, 124, 12, size);
        octal(header, 136, 12, System.currentTimeMillis() / 1000); // mtime
        header[156] = '0'; // a regular file
        System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 8);
        // The checksum is computed with its own field as spaces.
        Arrays.fill(header, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        octal(header, 148, 7, sum);
        header[155] = ' ';
        return header;
    }

    /** The zeros after a file of {@code size} bytes that fill its last block. */
    static byte[] padding(long size) {
        return new byte[(int) ((BLOCK - size % BLOCK) % BLOCK)];
    }

    /** The end of an archive: two empty blocks. */
    static byte[] end() {
        return new byte[2 * BLOCK];
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    /** A zero-padded octal number ending in NUL, in a field of {@code width} bytes. */
    private static void octal(byte[] header, int offset, int width, long value) {
        String digits = Long.toOctalString(value);
        if (digits.length() > width - 1) {
            throw new IllegalArgumentException(value + " does not fit a tar header field of " + width);
        }
        String field = "0".repeat(width - 1 - digits.length()) + digits;
        System.arraycopy(field.getBytes(StandardCharsets.US_ASCII), 0, header, offset, width - 1);
        header[offset + width - 1] = 0;
    }
}
