package io.github.systemd4j.socket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Child-JVM main for {@link TransportFallbackIT}: reports the transport, then sends one datagram, one
 * memfd/file descriptor and a {@link HangupPipe}'s write end ({@code BARRIER=1}) to the address in
 * {@code args[0]}, printing {@code key=value} lines. Any
 * throwable other than a {@link SendException} escaping socket-core is printed as {@code escaped=} and
 * ends the JVM with status 3.
 */
public final class TransportProbe {
    private TransportProbe() {}

    public static void main(String[] args) {
        try {
            SocketTransport transport = SocketTransport.current();
            System.out.println("transport=" + transport.name());
            System.out.println("usable=" + transport.isUsable());
            System.out.println("status=" + transport.status());
            UnixAddress target = UnixAddress.parse(args[0]);
            try (DatagramSender sender = DatagramSender.open(target, SenderOptions.defaults())) {
                try {
                    sender.send(ByteBuffer.wrap("PROBE=1\n".getBytes(StandardCharsets.US_ASCII)));
                    System.out.println("send=OK");
                } catch (SendException e) {
                    System.out.println("send=" + e.failure() + " " + e.getMessage());
                }
                try (PayloadFile file =
                        PayloadFile.create(ByteBuffer.wrap("CARRIED=1\n".getBytes(StandardCharsets.US_ASCII)))) {
                    System.out.println("carrier=" + file.kind());
                    try {
                        sender.sendWithFileDescriptors(ByteBuffer.allocate(0), file.fileDescriptor());
                        System.out.println("fd=OK");
                    } catch (SendException e) {
                        System.out.println("fd=" + e.failure() + " " + e.getMessage());
                    }
                }
                barrier(sender);
            }
        } catch (Throwable t) {
            System.out.println("escaped=" + t);
            t.printStackTrace(System.out);
            System.exit(3);
        }
    }

    /** Passes a {@link HangupPipe}'s write end as {@code BARRIER=1}; the receiver then holds the pipe open. */
    private static void barrier(DatagramSender sender) {
        try (HangupPipe pipe = HangupPipe.open()) {
            sender.sendWithFileDescriptors(
                    ByteBuffer.wrap("BARRIER=1".getBytes(StandardCharsets.US_ASCII)), pipe.writeEnd());
            pipe.closeWriteEnd();
            System.out.println("pipe=" + (pipe.awaitHangup(Duration.ZERO) ? "HUNG_UP" : "HELD"));
        } catch (SendException e) {
            System.out.println("pipe=" + e.failure() + " " + e.getMessage());
        } catch (IOException e) {
            System.out.println("pipe=" + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }
}
