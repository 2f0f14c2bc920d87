package io.github.systemd4j.socket;

import io.github.systemd4j.socket.internal.ProcSockets;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.channels.NetworkChannel;

/**
 * The file descriptor behind a socket channel, to pass it to another process, for example into
 * systemd's file-descriptor store ({@code FDSTORE=1}) so that a listening socket survives a
 * restart.
 *
 * <p>The JDK does not expose the descriptor of its channels. For the JDK's own channels it is found
 * through {@code /proc}: the socket's inode is looked up by its address in {@code /proc/net/tcp},
 * {@code tcp6}, {@code udp}, {@code udp6} or {@code unix}, and then among this process's descriptors
 * in {@code /proc/self/fd}. Supported are bound TCP and UDP channels (listening, connected or not)
 * and listening AF_UNIX stream channels with a path. Channels that came from {@link
 * InheritedDescriptor} know their descriptor directly.
 *
 * <p>Making a {@link FileDescriptor} from the number found needs junixsocket's native library on
 * every Java version (the JDK has no API for it); where the library cannot be loaded, {@link #of}
 * throws an {@link IOException} that names the unit-file fix.
 *
 * <p>The returned descriptor does not own the socket: it stays valid while the channel is open, and
 * closing the channel closes it.
 *
 * @see <a href="https://man7.org/linux/man-pages/man5/proc.5.html">proc(5)</a>
 */
public final class ChannelDescriptors {
    private ChannelDescriptors() {}

    /**
     * Finds the descriptor of an open, bound socket channel.
     *
     * @param channel a channel of this process
     * @return its descriptor
     * @throws IOException if the channel is closed or unbound, no single descriptor of this process
     *     matches it (for example, two sockets share the address through {@code SO_REUSEPORT}), or
     *     junixsocket's native library is not usable
     */
    public static FileDescriptor of(NetworkChannel channel) throws IOException {
        return ProcSockets.fileDescriptorOf(channel);
    }
}
