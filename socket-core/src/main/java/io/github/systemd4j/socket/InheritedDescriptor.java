package io.github.systemd4j.socket;

import io.github.systemd4j.socket.internal.Descriptors;
import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A file descriptor this process inherited by number, such as a socket that systemd passed through
 * socket activation ({@code LISTEN_FDS}) or handed back from its file-descriptor store, turned into a
 * Java object.
 *
 * <p>{@link #adopt} takes ownership: it duplicates the descriptor to a new number with {@code
 * FD_CLOEXEC} set (so that programs this process executes do not inherit it) and closes the original
 * number.
 *
 * <p><b>junixsocket.</b> The JDK has no API that turns a descriptor number into a {@link
 * FileDescriptor} or a channel, so this class needs junixsocket's native library on every Java
 * version, also where sending uses FFM. Where the library cannot be loaded (a hardened unit with
 * {@code NoExecPaths=} or {@code ReadOnlyPaths=/}), {@link #adopt} throws an {@link IOException} that
 * names the unit-file fix, and leaves the inherited number open.
 *
 * <p><b>Channels.</b> The channels come from junixsocket. They support blocking and non-blocking I/O, can be registered only with a
 * selector from their own {@link java.nio.channels.SelectableChannel#provider() provider}, and report
 * junixsocket address types from {@code getLocalAddress()} and {@code accept()}ed connections;
 * {@link #localAddress()} returns the standard ones. An IP datagram channel can {@code read} and
 * {@code write} but not {@code receive}: junixsocket 2.11 cannot decode IP sender addresses.
 *
 * <p><b>Ownership.</b> This object owns the descriptor; a channel made from it is a view, and a
 * descriptor becomes at most one channel. Release a socket with {@link #close()}, which closes this
 * process's descriptor only. Do not close the channel first: junixsocket 2.11 shuts a listening
 * socket down when its channel is closed, and the socket is shared with systemd (the socket unit or
 * the fd store keep a copy for the next start), so it would stop accepting for good. Once this
 * object is closed, closing the channel is harmless. Datagram views never shut the socket down. Not
 * thread-safe.
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/sd_listen_fds.html">sd_listen_fds(3)</a>
 */
public final class InheritedDescriptor implements Closeable {
    private final FileDescriptor fd;
    private final int originalNumber;
    private Object channel;
    private boolean closed;

    private InheritedDescriptor(FileDescriptor fd, int originalNumber) {
        this.fd = fd;
        this.originalNumber = originalNumber;
    }

    /**
     * Takes ownership of an inherited descriptor number: duplicates it with {@code FD_CLOEXEC} and
     * closes the original.
     *
     * @param number the inherited descriptor, 3 or higher
     * @return the adopted descriptor
     * @throws IOException if the number is not an open descriptor, or junixsocket's native library is
     *     not usable
     * @throws IllegalArgumentException if the number is below 3 (standard input, output, error)
     */
    public static InheritedDescriptor adopt(int number) throws IOException {
        if (number < 3) {
            throw new IllegalArgumentException("descriptors 0, 1 and 2 are not inherited sockets: " + number);
        }
        return new InheritedDescriptor(Descriptors.adopt(number), number);
    }

    /**
     * The descriptor number the process inherited, before {@link #adopt} moved it.
     *
     * @return the original number, such as 3 for the first socket-activated descriptor
     */
    public int originalNumber() {
        return originalNumber;
    }

    /**
     * The adopted descriptor, for example to read a stored file or to pass it on with {@link
     * DatagramSender#sendWithFileDescriptors}.
     *
     * @return the descriptor, valid until {@link #close()}
     */
    public FileDescriptor fileDescriptor() {
        return fd;
    }

    /**
     * The address the socket is bound to.
     *
     * @return an {@link java.net.InetSocketAddress} for TCP and UDP sockets, a {@link
     *     java.net.UnixDomainSocketAddress} for AF_UNIX sockets bound to a path
     * @throws IOException if the descriptor is not a socket, or an unbound or abstract one
     */
    public SocketAddress localAddress() throws IOException {
        checkOpen();
        return Descriptors.localAddress(fd);
    }

    /**
     * The descriptor as a listening stream socket (TCP or AF_UNIX {@code SOCK_STREAM}), such as
     * systemd's {@code ListenStream=}.
     *
     * @return the channel
     * @throws IOException if the descriptor is not a stream socket
     * @throws IllegalStateException if the descriptor already became a channel or was closed
     */
    public ServerSocketChannel asServerSocketChannel() throws IOException {
        return toChannel(ServerSocketChannel.class, "a stream socket");
    }

    /**
     * The descriptor as a connected stream socket, such as the connection systemd passes with
     * {@code Accept=yes}.
     *
     * @return the channel
     * @throws IOException if the descriptor is not a stream socket
     * @throws IllegalStateException if the descriptor already became a channel or was closed
     */
    public SocketChannel asSocketChannel() throws IOException {
        return toChannel(SocketChannel.class, "a stream socket");
    }

    /**
     * The descriptor as a datagram socket (UDP or AF_UNIX {@code SOCK_DGRAM}), such as systemd's
     * {@code ListenDatagram=}.
     *
     * @return the channel
     * @throws IOException if the descriptor is not a datagram socket
     * @throws IllegalStateException if the descriptor already became a channel or was closed
     */
    public DatagramChannel asDatagramChannel() throws IOException {
        return toChannel(DatagramChannel.class, "a datagram socket");
    }

    private <T> T toChannel(Class<T> type, String description) throws IOException {
        checkOpen();
        if (channel != null) {
            throw new IllegalStateException("inherited descriptor " + originalNumber + " is already a "
                    + channel.getClass().getName());
        }
        T view = Descriptors.as(fd, type, "inherited descriptor " + originalNumber + " is not " + description);
        channel = view;
        return view;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("inherited descriptor " + originalNumber + " is closed");
        }
    }

    /** Closes the descriptor; a channel made from it stops working. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Descriptors.close(fd);
        }
    }

    @Override
    public String toString() {
        return "InheritedDescriptor[" + originalNumber + (closed ? ", closed" : "") + "]";
    }
}
