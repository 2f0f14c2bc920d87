package io.github.systemd4j.socket;

/**
 * Why a datagram could not be sent, classified so that callers can act on it.
 *
 * @see <a href="https://man7.org/linux/man-pages/man2/sendmsg.2.html">sendmsg(2)</a>
 */
public enum SendFailure {
    /** The socket file does not exist ({@code ENOENT}): the receiver is not installed or not running. */
    NOT_FOUND,
    /** The socket file exists but nothing listens on it ({@code ECONNREFUSED}): a stale socket file. */
    REFUSED,
    /**
     * The datagram is larger than the kernel accepts ({@code EMSGSIZE} above the send buffer, {@code
     * ENOBUFS} above about 4 MiB): send it through a {@link PayloadFile} instead.
     */
    TOO_LARGE,
    /**
     * The receiver's queue stayed full for the whole send timeout ({@code EAGAIN}): the receiver is
     * alive but too slow.
     */
    WOULD_BLOCK,
    /** The sender was closed. */
    CLOSED,
    /**
     * No native transport works in this JVM (junixsocket's library could not be loaded and FFM is
     * unavailable or refused), so nothing can be sent until the JVM is started differently. {@link
     * SocketTransport#status()} and the exception message name the fix; callers should fall back (for
     * example to stderr) rather than retry.
     */
    UNSUPPORTED,
    /** Any other error, such as a permission refused by a security module. */
    OTHER;

    /**
     * Whether this failure means the receiver is absent (as opposed to busy or the datagram being
     * wrong): a client should reconnect later.
     *
     * @return true for {@link #NOT_FOUND} and {@link #REFUSED}
     */
    public boolean isUnavailable() {
        return this == NOT_FOUND || this == REFUSED;
    }
}
