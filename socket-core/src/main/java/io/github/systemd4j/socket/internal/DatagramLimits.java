package io.github.systemd4j.socket.internal;

/**
 * How large a datagram the kernel takes from an AF_UNIX socket with a given send buffer.
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/socket.7.html">socket(7)</a> ({@code SO_SNDBUF})
 */
public final class DatagramLimits {
    /**
     * Linux fails with ENOBUFS above about 4 MiB whatever the send buffer (the skb's linear part is
     * limited to KMALLOC_MAX_SIZE); stay a page below that.
     */
    public static final int KERNEL_DATAGRAM_CEILING = 4 * 1024 * 1024 - 4096;

    /** What the kernel charges a datagram beyond its payload ({@code len > sk_sndbuf - 32}). */
    public static final int SNDBUF_OVERHEAD = 32;

    /** {@code net.core.wmem_default} of a stock kernel: the send buffer when it cannot be read. */
    public static final int DEFAULT_SEND_BUFFER = 212_992;

    private DatagramLimits() {}

    /**
     * The largest datagram a socket with this effective send buffer can send.
     *
     * @param effectiveSendBuffer {@code SO_SNDBUF} as read back (the kernel doubles what was asked)
     * @return bytes
     */
    public static int maxDatagramSize(int effectiveSendBuffer) {
        return Math.max(0, Math.min(effectiveSendBuffer - SNDBUF_OVERHEAD, KERNEL_DATAGRAM_CEILING));
    }
}
