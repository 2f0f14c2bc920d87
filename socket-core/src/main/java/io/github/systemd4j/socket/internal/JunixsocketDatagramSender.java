package io.github.systemd4j.socket.internal;

import io.github.systemd4j.socket.DatagramSender;
import io.github.systemd4j.socket.SendException;
import io.github.systemd4j.socket.SendFailure;
import io.github.systemd4j.socket.SenderOptions;
import io.github.systemd4j.socket.UnixAddress;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * {@link DatagramSender} on junixsocket: a connected {@link AFUNIXDatagramChannel} for data (the
 * fastest junixsocket path), and a second connected {@link AFUNIXDatagramSocket} for datagrams with
 * file descriptors, because junixsocket attaches pending descriptors to whatever the socket sends
 * next and its channel write skips the system call for an empty buffer.
 */
public final class JunixsocketDatagramSender implements DatagramSender {
    private final UnixAddress target;
    private final SenderOptions options;
    private final int timeoutMillis;
    private final int maxDatagramSize;

    private final Object connectLock = new Object();
    private final ReconnectGate gate;
    private volatile AFUNIXDatagramChannel channel;
    private volatile boolean closed;

    private final ReentrantLock fdLock = new ReentrantLock();
    private AFUNIXDatagramSocket fdSocket;

    /**
     * Creates a sender; no connection is made yet.
     *
     * @param target the receiving socket
     * @param options timeouts and buffer sizes
     */
    public JunixsocketDatagramSender(UnixAddress target, SenderOptions options) {
        this.target = Objects.requireNonNull(target, "target");
        this.options = Objects.requireNonNull(options, "options");
        this.timeoutMillis = (int)
                Math.max(options.sendTimeout().toMillis(), options.sendTimeout().isZero() ? 0 : 1);
        this.gate = new ReconnectGate(options.reconnectInterval());
        this.maxDatagramSize = probeMaxDatagramSize(options.sendBufferSize());
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
        if (!datagram.hasRemaining()) {
            // The channel would return 0 without a system call; the packet path really sends.
            sendWithFileDescriptors(datagram);
            return;
        }
        AFUNIXDatagramChannel ch = connected(false);
        try {
            write(ch, datagram);
        } catch (SendException e) {
            if (!e.failure().isUnavailable()) {
                throw e;
            }
            // The peer we were connected to is gone (seen by this send, or by another thread's, which
            // made junixsocket close the shared descriptor under this one); a restarted receiver has
            // bound a new socket at the same path, so reconnect once at once instead of losing this
            // datagram. If another thread reconnected meanwhile, its channel is used.
            discard(ch);
            write(connected(true), datagram);
        }
    }

    private void write(AFUNIXDatagramChannel ch, ByteBuffer datagram) throws SendException {
        int start = datagram.position();
        int length = datagram.remaining();
        int written;
        try {
            written = ch.write(datagram);
        } catch (Throwable e) {
            datagram.position(start);
            throw failure(e, "sending to");
        }
        if (written == length) {
            return;
        }
        datagram.position(start);
        // junixsocket reports EAGAIN (send timeout or full queue) and ENOBUFS as zero bytes written.
        SendFailure failure =
                written == 0 && length <= maxDatagramSize ? SendFailure.WOULD_BLOCK : SendFailure.TOO_LARGE;
        throw new SendException(
                failure,
                "sending " + length + " bytes to " + target + " failed: " + failure + " (" + written
                        + " bytes written)",
                null);
    }

    @Override
    public void sendWithFileDescriptors(ByteBuffer payload, FileDescriptor... fds) throws SendException {
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        fdLock.lock();
        try {
            try {
                sendPacket(fdSocket(), bytes, fds);
            } catch (SendException e) {
                if (!e.failure().isUnavailable()) {
                    throw e;
                }
                discardFdSocket();
                sendPacket(fdSocket(), bytes, fds);
            }
        } finally {
            fdLock.unlock();
        }
        payload.position(payload.limit());
    }

    private void sendPacket(AFUNIXDatagramSocket socket, byte[] bytes, FileDescriptor[] fds) throws SendException {
        try {
            socket.setOutboundFileDescriptors(fds.length == 0 ? null : fds);
            socket.send(new DatagramPacket(bytes, bytes.length));
        } catch (Throwable e) {
            throw failure(e, "sending file descriptors to");
        } finally {
            clearOutbound(socket);
        }
    }

    private static void clearOutbound(AFUNIXDatagramSocket socket) {
        try {
            // A send that failed before reaching the kernel leaves the descriptors queued; they must
            // not ride along with a later datagram.
            socket.setOutboundFileDescriptors((FileDescriptor[]) null);
        } catch (Exception | LinkageError ignored) {
            // the socket is broken and will be replaced
        }
    }

    private AFUNIXDatagramSocket fdSocket() throws SendException {
        checkOpen();
        if (fdSocket == null || fdSocket.isClosed()) {
            AFUNIXDatagramSocket socket = null;
            try {
                socket = AFUNIXDatagramSocket.newInstance();
                configure(socket);
                socket.connect(socketAddress());
                fdSocket = socket;
            } catch (Throwable e) {
                closeQuietly(socket);
                throw failure(e, "connecting to");
            }
        }
        return fdSocket;
    }

    private void discardFdSocket() {
        closeQuietly(fdSocket);
        fdSocket = null;
    }

    private AFUNIXDatagramChannel connected(boolean retryNow) throws SendException {
        AFUNIXDatagramChannel ch = channel;
        if (ch != null) {
            return ch;
        }
        synchronized (connectLock) {
            checkOpen();
            if (channel != null) {
                return channel;
            }
            long now = System.nanoTime();
            gate.checkAttemptAllowed(now, retryNow);
            AFUNIXDatagramChannel fresh = null;
            try {
                fresh = AFUNIXDatagramChannel.open();
                configure(fresh.socket());
                if (timeoutMillis == 0) {
                    fresh.configureBlocking(false);
                }
                fresh.connect(socketAddress());
            } catch (Throwable e) {
                closeQuietly(fresh);
                throw gate.failed(now, failure(e, "connecting to"));
            }
            gate.connected();
            channel = fresh;
            return fresh;
        }
    }

    private void discard(AFUNIXDatagramChannel ch) {
        synchronized (connectLock) {
            if (channel == ch) {
                channel = null;
            }
        }
        closeQuietly(ch);
    }

    private void configure(DatagramSocket socket) throws SocketException {
        socket.setSendBufferSize(options.sendBufferSize());
        if (timeoutMillis > 0) {
            // junixsocket applies SO_TIMEOUT as both SO_RCVTIMEO and SO_SNDTIMEO.
            socket.setSoTimeout(timeoutMillis);
        }
    }

    private AFUNIXSocketAddress socketAddress() throws SocketException {
        return AFUNIXSocketAddress.of(target.sunPathBytes());
    }

    /** Classifies what junixsocket threw; no {@link Error} but a {@link VirtualMachineError} leaves. */
    private SendException failure(Throwable e, String action) {
        if (e instanceof VirtualMachineError) {
            throw (VirtualMachineError) e;
        }
        if (closed) {
            return Failures.closed(target);
        }
        return e instanceof Exception
                ? JunixsocketErrors.of((Exception) e, target, action)
                : Failures.unexpected(e, target, action);
    }

    private void checkOpen() throws SendException {
        if (closed) {
            throw Failures.closed(target);
        }
    }

    private static int probeMaxDatagramSize(int requestedSendBuffer) {
        // What the kernel grants depends on net.core.wmem_max and privileges; ask it once.
        try (AFUNIXDatagramChannel probe = AFUNIXDatagramChannel.open()) {
            probe.socket().setSendBufferSize(requestedSendBuffer);
            return DatagramLimits.maxDatagramSize(probe.socket().getSendBufferSize());
        } catch (IOException | RuntimeException | LinkageError e) {
            // The first send will report the real problem; assume the kernel default send buffer.
            return DatagramLimits.maxDatagramSize(DatagramLimits.DEFAULT_SEND_BUFFER);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception | LinkageError ignored) {
            // nothing to do: the socket is being thrown away
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (connectLock) {
            closeQuietly(channel);
            channel = null;
        }
        fdLock.lock();
        try {
            discardFdSocket();
        } finally {
            fdLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "JunixsocketDatagramSender[" + target + "]";
    }
}
