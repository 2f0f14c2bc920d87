package io.github.systemd4j.socket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * Adopting descriptor numbers as a socket-activated process would. The "inherited" number is a
 * duplicate of a socket this test opened, so that the test's own channel stays intact.
 */
class InheritedDescriptorTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static int duplicateNumber(FileDescriptor fd) throws IOException {
        FileDescriptor copy = FileDescriptorCast.duplicating(fd).getFileDescriptor();
        return number(copy);
    }

    private static int number(FileDescriptor fd) throws IOException {
        return FileDescriptorCast.using(fd).as(Integer.class);
    }

    /**
     * What a descriptor number refers to ({@code socket:[inode]}), or empty if it is closed. Tests
     * compare this rather than ask whether the number is open: once closed, the JVM's other threads
     * (class loading, the test runner's reporting) may reuse the number for a file of their own.
     */
    private static Optional<String> target(int number) {
        try {
            return Optional.of(
                    Files.readSymbolicLink(Path.of("/proc/self/fd/" + number)).toString());
        } catch (IOException closed) {
            return Optional.empty();
        }
    }

    private static boolean hasCloexec(int number) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + number))) {
            if (line.startsWith("flags:")) {
                return (Integer.parseInt(line.substring(6).trim(), 8) & 02000000) != 0; // O_CLOEXEC
            }
        }
        throw new AssertionError("no flags in fdinfo " + number);
    }

    @Test
    void adoptedListeningSocketAcceptsAndIsCloseOnExec() throws Exception {
        try (ServerSocketChannel original = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
            int inherited = duplicateNumber(ChannelDescriptors.of(original));
            Optional<String> socket = target(inherited);
            assertTrue(socket.orElseThrow().startsWith("socket:["), socket.get());
            InheritedDescriptor adopted = InheritedDescriptor.adopt(inherited);
            assertNotEquals(socket, target(inherited), "the original number no longer refers to the socket");
            int now = number(adopted.fileDescriptor());
            assertEquals(socket, target(now), "the adopted number refers to the socket");
            assertTrue(hasCloexec(now), "FD_CLOEXEC on the adopted descriptor");
            assertEquals(original.getLocalAddress(), adopted.localAddress());
            assertEquals(inherited, adopted.originalNumber());

            ServerSocketChannel server = adopted.asServerSocketChannel();
            assertTimeoutPreemptively(WAIT, () -> assertEchoes(original, server));
            adopted.close();
            assertNotEquals(socket, target(now), "closing the owner closes the descriptor");
            server.close(); // harmless now: junixsocket would shut an open socket down
            assertTimeoutPreemptively(WAIT, () -> assertEchoes(original, original), "the socket itself still listens");
        }
    }

    /** Connects to the listener's address and checks that {@code server} accepts the connection. */
    private static void assertEchoes(ServerSocketChannel listener, ServerSocketChannel server) throws IOException {
        int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
        try (Socket client = new Socket(LOOPBACK, port);
                SocketChannel accepted = server.accept()) {
            client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
            ByteBuffer in = ByteBuffer.allocate(5);
            while (in.hasRemaining()) {
                accepted.read(in);
            }
            assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), in.array());
        }
    }

    @Test
    void adoptedDatagramSocketReceives() throws Exception {
        try (DatagramChannel original = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
                InheritedDescriptor adopted =
                        InheritedDescriptor.adopt(duplicateNumber(ChannelDescriptors.of(original)))) {
            InetSocketAddress local = (InetSocketAddress) adopted.localAddress();
            assertEquals(original.getLocalAddress(), local);
            try (DatagramChannel channel = adopted.asDatagramChannel();
                    DatagramSocket client = new DatagramSocket()) {
                byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
                client.send(new DatagramPacket(ping, ping.length, local));
                ByteBuffer in = ByteBuffer.allocate(16);
                // read, not receive: junixsocket 2.11 cannot decode an IP sender address
                assertTimeoutPreemptively(WAIT, () -> channel.read(in));
                assertEquals("ping", new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII));
            }
            // Closing the datagram view did not shut the socket down.
            byte[] pong = "pong".getBytes(StandardCharsets.US_ASCII);
            try (DatagramSocket client = new DatagramSocket()) {
                client.send(new DatagramPacket(pong, pong.length, original.getLocalAddress()));
            }
            ByteBuffer in = ByteBuffer.allocate(16);
            assertTimeoutPreemptively(WAIT, () -> original.receive(in));
            assertEquals(4, in.position());
        }
    }

    @Test
    void aDescriptorBecomesOneChannelOnly() throws Exception {
        try (ServerSocketChannel original = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
                InheritedDescriptor adopted =
                        InheritedDescriptor.adopt(duplicateNumber(ChannelDescriptors.of(original)))) {
            adopted.asServerSocketChannel();
            assertThrows(IllegalStateException.class, adopted::asServerSocketChannel);
            assertThrows(IllegalStateException.class, adopted::asSocketChannel);
        }
    }

    @Test
    void datagramSocketIsNotAStreamSocket() throws Exception {
        try (DatagramChannel original = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
                InheritedDescriptor adopted =
                        InheritedDescriptor.adopt(duplicateNumber(ChannelDescriptors.of(original)))) {
            IOException e = assertThrows(IOException.class, adopted::asServerSocketChannel);
            assertTrue(e.getMessage().contains("is not a stream socket"), e.getMessage());
        }
    }

    @Test
    void refusesClosedAndStandardDescriptors() throws Exception {
        try (ServerSocketChannel original = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
            int number = duplicateNumber(ChannelDescriptors.of(original));
            Optional<String> socket = target(number);
            InheritedDescriptor.adopt(number).close();
            assertNotEquals(socket, target(number));
        }
        // A number no thread of a test JVM reaches: a just-closed one may be reused at once.
        int closed = 10_000;
        assertEquals(Optional.empty(), target(closed));
        assertThrows(IOException.class, () -> InheritedDescriptor.adopt(closed));
        assertThrows(IllegalArgumentException.class, () -> InheritedDescriptor.adopt(2));
    }
}
