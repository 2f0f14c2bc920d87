package io.github.systemd4j.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.FileDescriptorCast;

class ChannelDescriptorsTest {
    @TempDir
    Path dir;

    /** The socket inode a descriptor number links to, as {@code /proc} shows it. */
    private static String inodeOf(FileDescriptor fd) throws IOException {
        int number = FileDescriptorCast.using(fd).as(Integer.class);
        return Files.readSymbolicLink(Path.of("/proc/self/fd/" + number)).toString();
    }

    /** A second, independent descriptor number for the same socket: its inode must be the channel's. */
    private static void assertSameSocket(NetworkChannel channel, FileDescriptor found) throws IOException {
        FileDescriptor other = ChannelDescriptors.of(channel);
        assertEquals(inodeOf(other), inodeOf(found));
    }

    @Test
    void findsListeningTcpSocketsOnIpv4Ipv6AndWildcard() throws IOException {
        for (InetSocketAddress bind : new InetSocketAddress[] {
            new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0),
            new InetSocketAddress(InetAddress.getByName("::1"), 0),
            new InetSocketAddress(0)
        }) {
            try (ServerSocketChannel a = ServerSocketChannel.open().bind(bind);
                    ServerSocketChannel b = ServerSocketChannel.open().bind(bind)) {
                FileDescriptor fa = ChannelDescriptors.of(a);
                FileDescriptor fb = ChannelDescriptors.of(b);
                assertSameSocket(a, fa);
                assertEquals(false, inodeOf(fa).equals(inodeOf(fb)), "two listeners, two sockets: " + bind);
            }
        }
    }

    @Test
    void tellsAConnectedSocketFromItsListener() throws IOException {
        try (ServerSocketChannel server =
                        ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SocketChannel client = SocketChannel.open(server.getLocalAddress());
                SocketChannel accepted = server.accept()) {
            String listener = inodeOf(ChannelDescriptors.of(server));
            String clientSide = inodeOf(ChannelDescriptors.of(client));
            String serverSide = inodeOf(ChannelDescriptors.of(accepted));
            assertEquals(3, java.util.Set.of(listener, clientSide, serverSide).size());
        }
    }

    @Test
    void findsUdpAndUnixListeners() throws IOException {
        try (DatagramChannel udp =
                        DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ServerSocketChannel unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX)
                        .bind(UnixDomainSocketAddress.of(dir.resolve("s")))) {
            assertSameSocket(udp, ChannelDescriptors.of(udp));
            assertSameSocket(unix, ChannelDescriptors.of(unix));
        }
    }

    @Test
    void refusesUnboundAndClosedChannels() throws IOException {
        try (ServerSocketChannel unbound = ServerSocketChannel.open()) {
            assertThrows(IOException.class, () -> ChannelDescriptors.of(unbound));
        }
        ServerSocketChannel closed = ServerSocketChannel.open().bind(new InetSocketAddress(0));
        closed.close();
        assertThrows(IOException.class, () -> ChannelDescriptors.of(closed));
    }
}
