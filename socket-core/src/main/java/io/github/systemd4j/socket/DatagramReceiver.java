package io.github.systemd4j.socket;

import io.github.systemd4j.socket.internal.JunixsocketDatagramReceiver;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;

/**
 * The receiving end of an AF_UNIX datagram socket, bound to a path or an abstract name; it accepts
 * file descriptors ({@code SCM_RIGHTS}) with each datagram. Test kits use it to stand in for
 * journald or the service manager.
 *
 * <p>Built on junixsocket on every Java version: {@link #bind} needs its native library and, where it
 * cannot be loaded, throws an {@link IOException} that names the fix. Not thread-safe: one thread
 * receives.
 */
public interface DatagramReceiver extends Closeable {
    /** Largest payload received in one piece; longer datagrams are truncated by the kernel. */
    int MAX_PAYLOAD = 8 * 1024 * 1024;

    /**
     * Binds a new socket. A socket file is created for a path address; the caller removes it.
     *
     * @param address where to bind
     * @return the bound receiver
     * @throws IOException if the address is in use, the directory is missing, or junixsocket's native
     *     library is not usable
     */
    static DatagramReceiver bind(UnixAddress address) throws IOException {
        return JunixsocketDatagramReceiver.bind(address);
    }

    /**
     * The bound address.
     *
     * @return the address given to {@link #bind}
     */
    UnixAddress address();

    /**
     * Waits for the next datagram.
     *
     * @param timeout how long to wait, at least one millisecond
     * @return the datagram, or null if none arrived in time
     * @throws IOException if receiving failed or the receiver was closed
     */
    ReceivedDatagram receive(Duration timeout) throws IOException;

    /** Closes the socket. A blocked {@link #receive} returns with an exception. */
    @Override
    void close();
}
