package io.github.systemd4j.socket.internal;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.github.systemd4j.socket.SendException;
import io.github.systemd4j.socket.SenderOptions;
import io.github.systemd4j.socket.UnixAddress;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;

/**
 * One AF_UNIX datagram socket of a sender, connected lazily to the target and replaced when its peer
 * goes away. While the target is unreachable, the {@link ReconnectGate} keeps sends from trying on
 * every call.
 *
 * @see <a href="https://man7.org/linux/man-pages/man2/connect.2.html">connect(2)</a>
 */
final class FfmConnection {
    private final UnixAddress target;
    private final MemorySegment address;
    private final int sendBufferSize;
    private final Duration sendTimeout;
    private final Object lock = new Object();
    private final ReconnectGate gate;
    private volatile NativeSocket socket;
    private boolean closed;

    FfmConnection(UnixAddress target, SenderOptions options, MemorySegment address) {
        this.target = target;
        this.address = address;
        this.sendBufferSize = options.sendBufferSize();
        this.sendTimeout = options.sendTimeout();
        this.gate = new ReconnectGate(options.reconnectInterval());
    }

    /**
     * A connected socket, acquired for one send; the caller {@linkplain NativeSocket#release()
     * releases} it.
     *
     * @param buffers the calling thread's buffers
     * @param force connect now even within the reconnect interval
     * @return the socket
     * @throws SendException if the sender is closed or the target cannot be reached
     */
    NativeSocket acquire(CallBuffers buffers, boolean force) throws SendException {
        NativeSocket current = socket;
        if (current != null && current.acquire()) {
            return current;
        }
        synchronized (lock) {
            if (closed) {
                throw Failures.closed(target);
            }
            current = socket;
            if (current != null && current.acquire()) {
                return current;
            }
            long now = System.nanoTime();
            gate.checkAttemptAllowed(now, force);
            NativeSocket fresh;
            try {
                fresh = connect(buffers);
            } catch (SendException e) {
                throw gate.failed(now, e);
            }
            gate.connected();
            fresh.acquire();
            socket = fresh;
            return fresh;
        }
    }

    /**
     * Drops a socket whose peer went away; the next {@link #acquire} connects a new one.
     *
     * @param gone the socket the failed send used
     */
    void discard(NativeSocket gone) {
        synchronized (lock) {
            if (socket == gone) {
                socket = null;
            }
        }
        gone.close();
    }

    /** Closes the socket (once the sends in flight are done) and refuses new ones. */
    void close() {
        synchronized (lock) {
            closed = true;
            if (socket != null) {
                socket.close();
                socket = null;
            }
        }
    }

    private NativeSocket connect(CallBuffers buffers) throws SendException {
        MemorySegment state = buffers.state;
        int fd = Libc.socket(state, Libc.AF_UNIX, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw Errno.exception(Libc.errno(state), target, "creating a socket for");
        }
        boolean connected = false;
        try {
            buffers.intValue.set(JAVA_INT, 0, sendBufferSize);
            // Like libsystemd: ask for the buffer, live with what the kernel grants.
            Libc.setsockopt(state, fd, Libc.SOL_SOCKET, Libc.SO_SNDBUF, buffers.intValue, 4);
            if (!sendTimeout.isZero()) {
                setSendTimeout(state, fd);
            }
            while (Libc.connect(state, fd, address, (int) address.byteSize()) != 0) {
                int errno = Libc.errno(state);
                if (errno != Errno.EINTR) {
                    throw Errno.exception(errno, target, "connecting to");
                }
            }
            connected = true;
            return new NativeSocket(fd);
        } finally {
            if (!connected) {
                Libc.close(fd);
            }
        }
    }

    private void setSendTimeout(MemorySegment state, int fd) throws SendException {
        // struct timeval { time_t tv_sec; suseconds_t tv_usec; }; at least 1 µs, since 0 means forever.
        long micros = Math.max(1, sendTimeout.toNanos() / 1000);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment timeval = arena.allocate(16, 8);
            timeval.set(JAVA_LONG, 0, micros / 1_000_000);
            timeval.set(JAVA_LONG, 8, micros % 1_000_000);
            if (Libc.setsockopt(state, fd, Libc.SOL_SOCKET, Libc.SO_SNDTIMEO, timeval, 16) != 0) {
                throw Errno.exception(Libc.errno(state), target, "setting the send timeout for");
            }
        }
    }
}
