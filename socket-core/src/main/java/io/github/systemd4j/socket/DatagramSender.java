package io.github.systemd4j.socket;

import java.io.Closeable;
import java.io.FileDescriptor;
import java.nio.ByteBuffer;

/**
 * Sends datagrams to one AF_UNIX {@code SOCK_DGRAM} socket, such as journald's {@code
 * /run/systemd/journal/socket} or the service manager's {@code $NOTIFY_SOCKET}.
 *
 * <p><b>Connection.</b> The sender connects lazily on the first send and keeps the connection. When
 * the receiver goes away (a restarted journald binds a new socket) the next send reconnects once and
 * retries; while the receiver stays absent, sends fail at once with {@link SendFailure#NOT_FOUND} or
 * {@link SendFailure#REFUSED} and a new connection is tried at most every {@link
 * SenderOptions#reconnectInterval()}. Opening a sender never fails because the receiver is absent.
 *
 * <p><b>Blocking.</b> A send blocks while the receiver's queue is full, but never longer than {@link
 * SenderOptions#sendTimeout()}; then it fails with {@link SendFailure#WOULD_BLOCK}.
 *
 * <p><b>Threads.</b> Implementations are thread-safe. Datagrams with file descriptors travel on a
 * socket of their own, so that concurrent data datagrams never pick up someone else's descriptors.
 *
 * <p><b>Transport.</b> {@link #open} uses the {@linkplain SocketTransport#current() transport of this
 * JVM}: FFM downcalls on Java 22+, junixsocket before. No {@link Error} from native code leaves a
 * sender: when no transport works, sends fail with {@link SendFailure#UNSUPPORTED}.
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/unix.7.html">unix(7)</a>
 */
public interface DatagramSender extends Closeable {

    /**
     * Opens a sender to the given address with this JVM's {@linkplain SocketTransport#current()
     * transport}. Does not contact the receiver yet, and never fails because the receiver or the
     * transport is missing: sends report that.
     *
     * @param target the receiving socket
     * @param options timeouts and buffer sizes
     * @return a new sender
     */
    static DatagramSender open(UnixAddress target, SenderOptions options) {
        return SocketTransport.current().open(target, options);
    }

    /**
     * The receiving socket.
     *
     * @return the address given to {@link #open}
     */
    UnixAddress target();

    /**
     * The largest datagram this sender can hand to the kernel in one piece: the effective send buffer
     * minus the kernel's overhead, capped below the ~4 MiB allocation limit above which Linux fails
     * with {@code ENOBUFS}. Larger payloads belong in a {@link PayloadFile}.
     *
     * @return bytes
     */
    int maxDatagramSize();

    /**
     * Sends the remaining bytes of the buffer as one datagram. On success the buffer's position is
     * at its limit; on failure it is unchanged.
     *
     * @param datagram the payload; a direct buffer avoids one copy
     * @throws SendException if the datagram was not sent
     */
    void send(ByteBuffer datagram) throws SendException;

    /**
     * Sends file descriptors ({@code SCM_RIGHTS}) with a payload, which may be empty: an empty
     * payload becomes a datagram of exactly zero bytes, as journald and PID 1 require.
     *
     * @param payload the bytes to send with the descriptors
     * @param fds one or more open descriptors; they stay open and owned by the caller. The FFM
     *     transport needs each descriptor's number, which {@link FileDescriptor} hides: it knows those
     *     of {@link PayloadFile}s and of {@link FileDescriptor#in}, {@link FileDescriptor#out} and {@link
     *     FileDescriptor#err}, and asks junixsocket for any other (loading its native library)
     * @throws SendException if the datagram was not sent; {@link SendFailure#UNSUPPORTED} if the
     *     transport cannot learn a descriptor's number
     */
    void sendWithFileDescriptors(ByteBuffer payload, FileDescriptor... fds) throws SendException;

    /** Closes the sockets. Later sends fail with {@link SendFailure#CLOSED}. */
    @Override
    void close();
}
