package io.github.systemd4j.socket.internal;

import io.github.systemd4j.socket.DatagramSender;
import io.github.systemd4j.socket.SendException;
import io.github.systemd4j.socket.SendFailure;
import io.github.systemd4j.socket.UnixAddress;
import java.io.FileDescriptor;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * What {@link DatagramSender#open} returns when no transport works in this JVM: every send fails with
 * {@link SendFailure#UNSUPPORTED} and a message that says why and how to fix it, so that callers can
 * fall back instead of meeting an {@link UnsatisfiedLinkError} on their first log call.
 */
public final class UnusableDatagramSender implements DatagramSender {
    private final UnixAddress target;
    private final String status;
    private volatile boolean closed;

    /**
     * Creates the sender.
     *
     * @param target the receiving socket
     * @param status the transport status naming the problem and the fix
     */
    public UnusableDatagramSender(UnixAddress target, String status) {
        this.target = Objects.requireNonNull(target, "target");
        this.status = status;
    }

    @Override
    public UnixAddress target() {
        return target;
    }

    @Override
    public int maxDatagramSize() {
        return DatagramLimits.maxDatagramSize(DatagramLimits.DEFAULT_SEND_BUFFER);
    }

    @Override
    public void send(ByteBuffer datagram) throws SendException {
        throw failure();
    }

    @Override
    public void sendWithFileDescriptors(ByteBuffer payload, FileDescriptor... fds) throws SendException {
        throw failure();
    }

    private SendException failure() {
        return closed ? Failures.closed(target) : Failures.unsupported(target, status);
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "UnusableDatagramSender[" + target + "]";
    }
}
