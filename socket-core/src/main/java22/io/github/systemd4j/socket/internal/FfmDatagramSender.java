package io.github.systemd4j.socket.internal;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.github.systemd4j.socket.DatagramSender;
import io.github.systemd4j.socket.SendException;
import io.github.systemd4j.socket.SendFailure;
import io.github.systemd4j.socket.SenderOptions;
import io.github.systemd4j.socket.UnixAddress;
import java.io.FileDescriptor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * {@link DatagramSender} through FFM downcalls (Java 22+): two {@code SOCK_DGRAM | SOCK_CLOEXEC}
 * sockets connected to the target, one for data ({@code send}) and one for datagrams with descriptors
 * ({@code sendmsg} with {@code SCM_RIGHTS} and no {@code iovec} for an empty payload). Every send
 * passes {@code MSG_NOSIGNAL}; the bound on blocking is {@code SO_SNDTIMEO}, or {@code MSG_DONTWAIT}
 * for a zero timeout. Failures are classified from the {@code errno} each call captures.
 *
 * @see <a href="https://man7.org/linux/man-pages/man2/sendmsg.2.html">sendmsg(2)</a>
 * @see <a href="https://man7.org/linux/man-pages/man7/unix.7.html">unix(7)</a>
 */
final class FfmDatagramSender implements DatagramSender {
    private static final int[] NO_DESCRIPTORS = {};
    private static final FileDescriptor[] NO_FILES = {};

    private final UnixAddress target;
    private final int flags;
    private final int maxDatagramSize;
    private final FfmConnection data;
    private final FfmConnection descriptors;
    private volatile boolean closed;

    FfmDatagramSender(UnixAddress target, SenderOptions options) {
        this.target = Objects.requireNonNull(target, "target");
        Objects.requireNonNull(options, "options");
        this.flags = Libc.MSG_NOSIGNAL | (options.sendTimeout().isZero() ? Libc.MSG_DONTWAIT : 0);
        this.maxDatagramSize = probeMaxDatagramSize(options.sendBufferSize());
        byte[] sockaddr = SockaddrUn.encode(target);
        MemorySegment address = Arena.ofAuto().allocate(sockaddr.length);
        address.copyFrom(MemorySegment.ofArray(sockaddr));
        this.data = new FfmConnection(target, options, address);
        this.descriptors = new FfmConnection(target, options, address);
    }

    @Override
    public UnixAddress target() {
        return target;
    }

    @Override
    public int maxDatagramSize() {
        return maxDatagramSize;
    }

    @Override
    public void send(ByteBuffer datagram) throws SendException {
        transmit(data, datagram, NO_FILES, "sending to");
    }

    @Override
    public void sendWithFileDescriptors(ByteBuffer payload, FileDescriptor... fds) throws SendException {
        transmit(descriptors, payload, fds, "sending file descriptors to");
    }

    /** The payload in native memory, then {@link #deliver}; on success the payload is consumed. */
    private void transmit(FfmConnection connection, ByteBuffer payload, FileDescriptor[] fds, String action)
            throws SendException {
        int length = payload.remaining();
        try (Arena oversized = CallBuffers.needsOwnMemory(payload) ? Arena.ofConfined() : null) {
            int[] numbers = fds.length == 0 ? NO_DESCRIPTORS : numbersOf(fds);
            CallBuffers buffers = CallBuffers.current();
            deliver(connection, buffers, buffers.nativeBytes(payload, oversized), length, numbers);
        } catch (RuntimeException | Error e) {
            throw Failures.unexpected(e, target, action);
        }
        payload.position(payload.limit());
    }

    /**
     * Sends one datagram on the connection's socket. If the connected peer went away (a restarted
     * receiver binds a new socket at the same address), connects again at once and retries once.
     */
    private void deliver(FfmConnection connection, CallBuffers buffers, MemorySegment bytes, int length, int[] fds)
            throws SendException {
        if (closed) {
            throw Failures.closed(target);
        }
        for (int attempt = 0; ; attempt++) {
            NativeSocket socket = connection.acquire(buffers, attempt > 0);
            int errno;
            try {
                errno = fds.length == 0
                        ? sendBytes(socket.fd, buffers, bytes, length)
                        : sendRights(socket.fd, buffers, bytes, length, fds);
            } finally {
                socket.release();
            }
            if (errno == 0) {
                return;
            }
            if (closed) {
                throw Failures.closed(target);
            }
            if (attempt == 0 && Errno.isPeerGone(errno)) {
                connection.discard(socket);
                continue;
            }
            String what = fds.length == 0 ? length + " bytes" : fds.length + " file descriptors";
            throw Errno.exception(errno, target, "sending " + what + " to");
        }
    }

    /** {@code send(2)}, retried when a signal interrupts it; returns 0 or the errno. */
    private int sendBytes(int fd, CallBuffers buffers, MemorySegment bytes, int length) {
        while (Libc.send(buffers.state, fd, bytes, length, flags) < 0) {
            int errno = Libc.errno(buffers.state);
            if (errno != Errno.EINTR) {
                return errno;
            }
        }
        return 0;
    }

    /** {@code sendmsg(2)} with {@code SCM_RIGHTS}, retried when a signal interrupts it; returns 0 or the errno. */
    private int sendRights(int fd, CallBuffers buffers, MemorySegment bytes, int length, int[] fds) {
        MemorySegment message = buffers.rightsMessage(bytes, length, fds);
        while (Libc.sendmsg(buffers.state, fd, message, flags) < 0) {
            int errno = Libc.errno(buffers.state);
            if (errno != Errno.EINTR) {
                return errno;
            }
        }
        return 0;
    }

    /**
     * The numbers behind the descriptors. {@link FileDescriptor} keeps its number private; socket-core
     * knows those of its own files ({@link DescriptorNumbers}) and of the standard streams, and for
     * any other descriptor asks junixsocket, which reads the field natively.
     */
    private int[] numbersOf(FileDescriptor[] fds) throws SendException {
        if (fds.length > CallBuffers.MAX_DESCRIPTORS) {
            throw new SendException(
                    SendFailure.OTHER,
                    "cannot send " + fds.length + " file descriptors to " + target + ": at most "
                            + CallBuffers.MAX_DESCRIPTORS + " fit one datagram",
                    null);
        }
        int[] numbers = new int[fds.length];
        for (int i = 0; i < fds.length; i++) {
            numbers[i] = numberOf(fds[i]);
        }
        return numbers;
    }

    private int numberOf(FileDescriptor fd) throws SendException {
        if (!fd.valid()) {
            throw new SendException(SendFailure.OTHER, "cannot send a closed file descriptor to " + target, null);
        }
        int number = DescriptorNumbers.lookup(fd);
        if (number >= 0) {
            return number;
        }
        try {
            JunixsocketTransport.requireLibrary("passing a descriptor socket-core did not create");
            return FileDescriptorCast.using(fd).as(Integer.class);
        } catch (Exception | LinkageError e) {
            throw new SendException(
                    SendFailure.UNSUPPORTED,
                    "cannot send a file descriptor to " + target + ": the FFM transport knows the numbers of"
                            + " PayloadFile descriptors and standard streams only, and junixsocket could not"
                            + " read this one's (" + e + ")",
                    e);
        }
    }

    private static int probeMaxDatagramSize(int requestedSendBuffer) {
        // What the kernel grants depends on net.core.wmem_max and privileges; ask it once.
        CallBuffers buffers = CallBuffers.current();
        int fd = Libc.socket(buffers.state, Libc.AF_UNIX, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            return DatagramLimits.maxDatagramSize(DatagramLimits.DEFAULT_SEND_BUFFER);
        }
        try {
            buffers.intValue.set(JAVA_INT, 0, requestedSendBuffer);
            Libc.setsockopt(buffers.state, fd, Libc.SOL_SOCKET, Libc.SO_SNDBUF, buffers.intValue, 4);
            buffers.length.set(JAVA_INT, 0, 4);
            if (Libc.getsockopt(buffers.state, fd, Libc.SOL_SOCKET, Libc.SO_SNDBUF, buffers.intValue, buffers.length)
                    != 0) {
                return DatagramLimits.maxDatagramSize(DatagramLimits.DEFAULT_SEND_BUFFER);
            }
            return DatagramLimits.maxDatagramSize(buffers.intValue.get(JAVA_INT, 0));
        } finally {
            Libc.close(fd);
        }
    }

    @Override
    public void close() {
        closed = true;
        data.close();
        descriptors.close();
    }

    @Override
    public String toString() {
        return "FfmDatagramSender[" + target + "]";
    }
}
