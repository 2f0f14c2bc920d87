package io.github.systemd4j.socket;

import java.io.FileInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Child-JVM main for {@link TransportFallbackIT}: reports the transport, then sends one datagram, one
 * memfd/file descriptor and a {@link HangupPipe}'s write end ({@code BARRIER=1}) to the address in
 * {@code args[0]}, and with {@value #JUNIXSOCKET_ONLY} tries what needs junixsocket on every Java version, printing {@code key=value} lines. Any
 * throwable other than a {@link SendException} escaping socket-core is printed as {@code escaped=} and
 * ends the JVM with status 3.
 */
public final class TransportProbe {
    /** The system property that adds the {@link #junixsocketOnly} steps, which load junixsocket. */
    static final String JUNIXSOCKET_ONLY = "probe.junixsocketOnly";

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
                if (Boolean.getBoolean(JUNIXSOCKET_ONLY)) {
                    junixsocketOnly(sender);
                }
            }
        } catch (Throwable t) {
            System.out.println("escaped=" + t);
            t.printStackTrace(System.out);
            System.exit(3);
        }
    }

    /**
     * What needs junixsocket's library on every Java version: adopting a descriptor (999999 is never
     * open, so this fails either way, but differently), a JDK channel's descriptor, a receiver, and
     * passing a descriptor socket-core did not create.
     */
    private static void junixsocketOnly(DatagramSender sender) throws IOException {
        Path file = Files.createTempFile("probe", ".txt");
        Files.writeString(file, "FOREIGN=1\n");
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            sender.sendWithFileDescriptors(ByteBuffer.allocate(0), in.getFD());
            System.out.println("foreignfd=OK");
        } catch (SendException e) {
            System.out.println("foreignfd=" + e.failure() + " " + e.getMessage());
        } finally {
            Files.delete(file);
        }
        try (InheritedDescriptor adopted = InheritedDescriptor.adopt(999999)) {
            System.out.println("adopt=OK " + adopted);
        } catch (IOException e) {
            System.out.println("adopt=" + e.getClass().getSimpleName() + " " + e.getMessage());
        }
        try (ServerSocketChannel channel = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            System.out.println("channelfd=" + (ChannelDescriptors.of(channel).valid() ? "OK" : "INVALID"));
        } catch (IOException e) {
            System.out.println("channelfd=" + e.getClass().getSimpleName() + " " + e.getMessage());
        }
        UnixAddress own =
                UnixAddress.parse("@systemd4j-probe-" + ProcessHandle.current().pid());
        try (DatagramReceiver receiver = DatagramReceiver.bind(own)) {
            System.out.println("receiver=OK");
        } catch (IOException e) {
            System.out.println("receiver=" + e.getClass().getSimpleName() + " " + e.getMessage());
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
