package io.github.systemd4j.socket;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The address of an AF_UNIX socket: a filesystem path ({@code /run/systemd/journal/socket}) or a
 * name in the Linux abstract namespace, written {@code @name} as in {@code $NOTIFY_SOCKET}.
 *
 * <p>The address is encoded in UTF-8. An abstract name becomes a leading NUL byte followed by the
 * name, and its socket-address length is exact: nothing is padded, because trailing NULs would
 * become part of the name. A path must be absolute. Either form must fit {@code sun_path} (at most
 * 107 bytes including the leading NUL of an abstract name).
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/unix.7.html">unix(7)</a>
 */
public final class UnixAddress {
    /** Bytes available in {@code sun_path} for the address, leaving room for a terminating NUL. */
    public static final int MAX_ADDRESS_BYTES = 107;

    private final String text;
    private final byte[] sunPath;

    private UnixAddress(String text, byte[] sunPath) {
        this.text = text;
        this.sunPath = sunPath;
    }

    /**
     * Parses an address as systemd writes it: an absolute path or {@code @name}.
     *
     * @param address the address text
     * @return the parsed address
     * @throws IllegalArgumentException if the address is empty, relative, contains a NUL byte or is
     *     too long
     */
    public static UnixAddress parse(String address) {
        if (address == null || address.isEmpty()) {
            throw new IllegalArgumentException("empty AF_UNIX address");
        }
        if (address.charAt(0) == '@') {
            return ofAbstract(address.substring(1));
        }
        if (address.charAt(0) != '/') {
            throw new IllegalArgumentException(
                    "AF_UNIX address must be an absolute path or @abstract-name: " + address);
        }
        return of(address, address.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The address of a socket file.
     *
     * @param path an absolute path
     * @return the address
     * @throws IllegalArgumentException if the path is relative or too long
     */
    public static UnixAddress ofPath(Path path) {
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("AF_UNIX socket path must be absolute: " + path);
        }
        return parse(path.toString());
    }

    /**
     * An address in the abstract namespace.
     *
     * @param name the name without the leading {@code @}
     * @return the address
     * @throws IllegalArgumentException if the name is too long or contains a NUL byte
     */
    public static UnixAddress ofAbstract(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        byte[] sunPath = new byte[utf8.length + 1];
        System.arraycopy(utf8, 0, sunPath, 1, utf8.length);
        return of("@" + name, sunPath);
    }

    private static UnixAddress of(String text, byte[] sunPath) {
        if (sunPath.length > MAX_ADDRESS_BYTES) {
            throw new IllegalArgumentException(
                    "AF_UNIX address longer than " + MAX_ADDRESS_BYTES + " bytes (" + sunPath.length + "): " + text);
        }
        for (int i = 1; i < sunPath.length; i++) {
            if (sunPath[i] == 0) {
                throw new IllegalArgumentException("AF_UNIX address contains a NUL byte: " + text);
            }
        }
        return new UnixAddress(text, sunPath);
    }

    /**
     * Whether this is an abstract-namespace address.
     *
     * @return true for {@code @name}
     */
    public boolean isAbstract() {
        return sunPath[0] == 0;
    }

    /**
     * The filesystem path of this address.
     *
     * @return the path
     * @throws IllegalStateException for an abstract address
     */
    public Path path() {
        if (isAbstract()) {
            throw new IllegalStateException("abstract address has no path: " + text);
        }
        return Path.of(text);
    }

    /**
     * The exact bytes of {@code sun_path}: the UTF-8 path, or a NUL byte followed by the UTF-8 name.
     *
     * @return a copy of the bytes
     */
    public byte[] sunPathBytes() {
        return sunPath.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnixAddress && Arrays.equals(sunPath, ((UnixAddress) o).sunPath);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sunPath);
    }

    /** Returns the address as systemd writes it: the path, or {@code @name}. */
    @Override
    public String toString() {
        return text;
    }
}
