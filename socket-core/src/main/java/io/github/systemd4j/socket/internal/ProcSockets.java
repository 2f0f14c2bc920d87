package io.github.systemd4j.socket.internal;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.newsclub.net.unix.FileDescriptorAccess;

/**
 * Sockets as {@code /proc} shows them: the socket tables in {@code /proc/net} (addresses, state,
 * inode) and this process's descriptors in {@code /proc/self/fd} ({@code socket:[inode]}). Used to
 * find the descriptor of a JDK channel and the address of an inherited descriptor (and the numbers of
 * socket-core's own pipes and files, which the JDK does not expose).
 */
public final class ProcSockets {
    private static final Path PROC_NET = Path.of("/proc/net");
    private static final Path OWN_FDS = Path.of("/proc/self/fd");
    private static final String TCP_LISTEN = "0A";
    /** {@code __SO_ACCEPTCON} in the flags column of {@code /proc/net/unix}. */
    private static final int UNIX_ACCEPTING = 0x10000;

    private ProcSockets() {}

    /** One row of a socket table. */
    private static final class Row {
        final boolean datagram;
        final boolean listening;
        final SocketAddress local;
        final SocketAddress remote;
        final long inode;

        Row(boolean datagram, boolean listening, SocketAddress local, SocketAddress remote, long inode) {
            this.datagram = datagram;
            this.listening = listening;
            this.local = local;
            this.remote = remote;
            this.inode = inode;
        }
    }

    /**
     * The descriptor of a channel.
     *
     * @param channel an open, bound channel
     * @return its descriptor, not owned
     * @throws IOException if no single descriptor matches
     */
    public static FileDescriptor fileDescriptorOf(NetworkChannel channel) throws IOException {
        if (channel instanceof FileDescriptorAccess) {
            return ((FileDescriptorAccess) channel).getFileDescriptor(); // junixsocket knows its own
        }
        if (!channel.isOpen()) {
            throw new IOException("channel is closed: " + channel);
        }
        SocketAddress local = channel.getLocalAddress();
        if (local == null) {
            throw new IOException("channel is not bound: " + channel);
        }
        boolean datagram = channel instanceof DatagramChannel;
        boolean listening = channel instanceof ServerSocketChannel;
        SocketAddress remote = null;
        if (channel instanceof SocketChannel) {
            remote = ((SocketChannel) channel).getRemoteAddress();
        } else if (datagram) {
            remote = ((DatagramChannel) channel).getRemoteAddress();
        }
        List<Row> rows;
        if (local instanceof InetSocketAddress) {
            rows = inetRows(datagram);
        } else if (local instanceof UnixDomainSocketAddress && listening) {
            rows = unixRows();
        } else {
            throw new IOException(
                    "cannot find the descriptor of " + channel.getClass().getName() + " bound to " + local
                            + ": only TCP, UDP and listening AF_UNIX stream channels are supported");
        }
        List<Long> inodes = new ArrayList<>();
        for (Row row : rows) {
            if (row.datagram == datagram
                    && (datagram || row.listening == listening)
                    && sameAddress(row.local, local)
                    && (remote == null || sameAddress(row.remote, remote))) {
                inodes.add(row.inode);
            }
        }
        List<Integer> numbers = new ArrayList<>();
        for (long inode : inodes) {
            numbers.addAll(descriptorsOf(inode));
        }
        if (numbers.size() != 1) {
            throw new IOException((numbers.isEmpty() ? "no" : String.valueOf(numbers.size()))
                    + " descriptors of this process match the socket bound to " + local);
        }
        return Descriptors.wrap(
                numbers.get(0),
                "finding the descriptor of " + channel.getClass().getName());
    }

    /**
     * The bound address of one of this process's socket descriptors.
     *
     * @param number the descriptor number
     * @return an {@link InetSocketAddress} or {@link UnixDomainSocketAddress}
     * @throws IOException if it is not a socket of a kind {@code /proc/net} lists, or has no path
     */
    public static SocketAddress localAddressOf(int number) throws IOException {
        String target;
        try {
            target = Files.readSymbolicLink(OWN_FDS.resolve(String.valueOf(number)))
                    .toString();
        } catch (IOException e) {
            throw new IOException("descriptor " + number + " is not open", e);
        }
        if (!target.startsWith("socket:[")) {
            throw new IOException("descriptor " + number + " is not a socket: " + target);
        }
        long inode = Long.parseLong(target.substring(8, target.length() - 1));
        List<Row> rows = new ArrayList<>(inetRows(false));
        rows.addAll(inetRows(true));
        rows.addAll(unixRows());
        for (Row row : rows) {
            if (row.inode == inode && row.local != null) {
                return row.local;
            }
        }
        throw new IOException("socket of descriptor " + number + " is not bound to an IP address or path");
    }

    private static List<Row> inetRows(boolean datagram) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String table : datagram ? new String[] {"udp", "udp6"} : new String[] {"tcp", "tcp6"}) {
            Path file = PROC_NET.resolve(table);
            if (!Files.exists(file)) {
                continue; // no IPv6 in this kernel
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                String[] f = line.trim().split("\\s+");
                if (f.length >= 10) {
                    rows.add(new Row(
                            datagram,
                            TCP_LISTEN.equals(f[3]) && !datagram,
                            parseEndpoint(f[1]),
                            parseEndpoint(f[2]),
                            Long.parseLong(f[9])));
                }
            }
        }
        return rows;
    }

    private static List<Row> unixRows() throws IOException {
        List<Row> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(PROC_NET.resolve("unix"));
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            // Num RefCount Protocol Flags Type St Inode [Path]; type 2 is SOCK_DGRAM
            String[] f = line.trim().split("\\s+", 8);
            if (f.length < 7) {
                continue;
            }
            SocketAddress path = f.length == 8 && f[7].startsWith("/") ? UnixDomainSocketAddress.of(f[7]) : null;
            rows.add(new Row(
                    "0002".equals(f[4]),
                    (Integer.parseInt(f[3], 16) & UNIX_ACCEPTING) != 0,
                    path,
                    null,
                    Long.parseLong(f[6])));
        }
        return rows;
    }

    /** Parses {@code 0100007F:1F90} (IPv4) or 32 hex digits and a port (IPv6), in host byte order. */
    static InetSocketAddress parseEndpoint(String text) throws IOException {
        int colon = text.indexOf(':');
        String hex = text.substring(0, colon);
        int port = Integer.parseInt(text.substring(colon + 1), 16);
        byte[] ip = new byte[hex.length() / 2];
        // The address is printed as 32-bit words in host byte order.
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        for (int word = 0; word < ip.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int from = word * 8 + b * 2;
                byte value = (byte) Integer.parseInt(hex.substring(from, from + 2), 16);
                ip[word * 4 + (little ? 3 - b : b)] = value;
            }
        }
        // getByAddress turns an IPv4-mapped IPv6 address into the IPv4 address, as the JDK reports it.
        return new InetSocketAddress(InetAddress.getByAddress(ip), port);
    }

    static boolean sameAddress(SocketAddress a, SocketAddress b) {
        if (a instanceof InetSocketAddress && b instanceof InetSocketAddress) {
            InetSocketAddress x = (InetSocketAddress) a;
            InetSocketAddress y = (InetSocketAddress) b;
            return x.getPort() == y.getPort()
                    && (x.getAddress().equals(y.getAddress())
                            || (x.getAddress().isAnyLocalAddress()
                                    && y.getAddress().isAnyLocalAddress()));
        }
        return a != null && a.equals(b);
    }

    private static List<Integer> descriptorsOf(long inode) throws IOException {
        return descriptorsLinkingTo("socket:[" + inode + "]");
    }

    /**
     * This process's descriptor numbers whose {@code /proc/self/fd} link reads {@code wanted}, such as
     * {@code socket:[INODE]}, {@code pipe:[INODE]} or the absolute path of a file not yet unlinked:
     * every descriptor of one open file.
     */
    static List<Integer> descriptorsLinkingTo(String wanted) throws IOException {
        List<Integer> numbers = new ArrayList<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(OWN_FDS)) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals(wanted)) {
                        numbers.add(Integer.parseInt(fd.getFileName().toString()));
                    }
                } catch (IOException closedMeanwhile) {
                    // the directory stream's own descriptor, or one closed since listing
                }
            }
        }
        return numbers;
    }
}
