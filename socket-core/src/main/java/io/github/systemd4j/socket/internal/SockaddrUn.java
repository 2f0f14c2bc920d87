package io.github.systemd4j.socket.internal;

import io.github.systemd4j.socket.UnixAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The bytes of a {@code struct sockaddr_un} for a {@link UnixAddress}, cut to the exact length the
 * kernel should see: {@code sun_family} ({@code AF_UNIX}, native byte order), then {@code sun_path}.
 * A path ends with its terminating NUL, as libsystemd sends it; an abstract name ends with its last
 * byte, because anything after it would become part of the name.
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/unix.7.html">unix(7)</a>
 */
public final class SockaddrUn {
    /** {@code AF_UNIX}. */
    public static final short AF_UNIX = 1;

    /** {@code offsetof(struct sockaddr_un, sun_path)}. */
    public static final int PATH_OFFSET = 2;

    private SockaddrUn() {}

    /**
     * Encodes an address.
     *
     * @param address the address
     * @return {@code sizeof(sa_family_t)} + the {@code sun_path} bytes (+ NUL for a path); the array
     *     length is the {@code socklen_t} to pass
     */
    public static byte[] encode(UnixAddress address) {
        byte[] path = address.sunPathBytes();
        int terminator = address.isAbstract() ? 0 : 1;
        ByteBuffer bytes =
                ByteBuffer.allocate(PATH_OFFSET + path.length + terminator).order(ByteOrder.nativeOrder());
        bytes.putShort(AF_UNIX).put(path);
        return bytes.array();
    }
}
