package io.github.systemd4j.socket;

import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.IOException;
import java.time.Duration;

/**
 * A pipe whose write end is handed to another process, and whose read end then waits until every
 * copy of the write end has been closed ({@code POLLHUP}). This is the handshake behind {@code
 * sd_notify_barrier(3)}: the write end travels to the service manager with {@code BARRIER=1}, the
 * manager closes it after processing all earlier messages, and the sender learns so.
 *
 * <p>Both ends are created with {@code O_CLOEXEC}, by this JVM's {@linkplain SocketTransport#current()
 * transport}: through FFM on Java 22+ (no native library needed), else through junixsocket. The write
 * end can be passed with a {@link DatagramSender} of that transport. Not thread-safe.
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/sd_notify.html">sd_notify(3)</a>
 * @see <a href="https://man7.org/linux/man-pages/man2/pipe.2.html">pipe(2)</a>
 */
public interface HangupPipe extends Closeable {
    /**
     * Creates a pipe with this JVM's transport.
     *
     * @return the open pipe
     * @throws IOException if the pipe cannot be created (for example, too many open files), or no
     *     transport is usable ({@link SocketTransport#status()} says why and what fixes it)
     */
    static HangupPipe open() throws IOException {
        return SocketTransport.current().openHangupPipe();
    }

    /**
     * The write end, to pass to the other process.
     *
     * @return the descriptor, valid until {@link #closeWriteEnd()}
     */
    FileDescriptor writeEnd();

    /** Closes this process's copy of the write end, after it has been passed on. Idempotent. */
    void closeWriteEnd();

    /**
     * Waits until no process holds the write end any more. Call {@link #closeWriteEnd()} first,
     * otherwise this process's own copy keeps the pipe open until the timeout.
     *
     * @param timeout how long to wait; zero checks once without waiting
     * @return true when every write end was closed, false when the timeout passed first
     * @throws IOException if waiting failed or the pipe was closed
     */
    boolean awaitHangup(Duration timeout) throws IOException;

    /** Closes both ends. Idempotent. */
    @Override
    void close();
}
