package io.github.systemd4j.socket.internal;

import io.github.systemd4j.socket.DatagramReceiver;
import io.github.systemd4j.socket.ReceivedDatagram;
import io.github.systemd4j.socket.UnixAddress;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * {@link DatagramReceiver} on a junixsocket {@link AFUNIXDatagramSocket}.
 *
 * <p>junixsocket reports a zero-length datagram as a receive timeout (its native receive maps a
 * zero count to {@code EWOULDBLOCK}), although it has already taken the datagram and its
 * descriptors. Such a "timeout" that comes with descriptors, or long before the real timeout, is a
 * zero-length datagram, the shape journald's and PID 1's descriptor messages have.
 */
public final class JunixsocketDatagramReceiver implements DatagramReceiver {
    /** Room for 253 descriptors ({@code SCM_MAX_FD}) per datagram. */
    private static final int ANCILLARY_BUFFER = 4096;

    private final UnixAddress address;
    private final AFUNIXDatagramSocket socket;
    /**
     * Received into directly: through a {@code byte[]} packet junixsocket would allocate a fresh
     * direct buffer per receive for anything above its 1 MiB per-thread cache.
     */
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_PAYLOAD);

    private JunixsocketDatagramReceiver(UnixAddress address, AFUNIXDatagramSocket socket) {
        this.address = address;
        this.socket = socket;
    }

    /**
     * Binds a receiver.
     *
     * @param address where to bind
     * @return the receiver
     * @throws IOException if binding fails
     */
    public static JunixsocketDatagramReceiver bind(UnixAddress address) throws IOException {
        JunixsocketTransport.requireLibrary("binding a DatagramReceiver to " + address);
        AFUNIXDatagramSocket socket = null;
        try {
            socket = AFUNIXDatagramSocket.newInstance();
            socket.setAncillaryReceiveBufferSize(ANCILLARY_BUFFER);
            socket.setReceiveBufferSize(MAX_PAYLOAD);
            socket.bind(AFUNIXSocketAddress.of(address.sunPathBytes()));
            return new JunixsocketDatagramReceiver(address, socket);
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        } catch (LinkageError e) {
            closeQuietly(socket);
            throw new IOException("cannot bind " + address + ": junixsocket is not usable: " + e, e);
        }
    }

    private static void closeQuietly(AFUNIXDatagramSocket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (LinkageError e) {
                // closing needs the native library too; the caller reports why it failed
            }
        }
    }

    @Override
    public UnixAddress address() {
        return address;
    }

    @Override
    public ReceivedDatagram receive(Duration timeout) throws IOException {
        try {
            return receiveOne(timeout);
        } catch (LinkageError e) {
            throw new IOException("receiving on " + address + " failed: junixsocket is not usable: " + e, e);
        }
    }

    private ReceivedDatagram receiveOne(Duration timeout) throws IOException {
        int timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        socket.setSoTimeout(timeoutMillis);
        long start = System.nanoTime();
        byte[] payload;
        buffer.clear();
        try {
            socket.getChannel().receive(buffer);
            buffer.flip();
            payload = new byte[buffer.remaining()];
            buffer.get(payload);
        } catch (SocketTimeoutException e) {
            payload = new byte[0];
        }
        FileDescriptor[] fds = socket.getReceivedFileDescriptors();
        socket.clearReceivedFileDescriptors();
        boolean hasFds = fds != null && fds.length > 0;
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        if (payload.length == 0 && !hasFds && elapsedMillis >= timeoutMillis * 9L / 10) {
            return null; // a real timeout
        }
        return new ReceivedDatagram(payload, hasFds ? Arrays.asList(fds) : List.of());
    }

    @Override
    public void close() {
        socket.close();
    }
}
