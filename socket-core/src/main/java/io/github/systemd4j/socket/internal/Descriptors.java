package io.github.systemd4j.socket.internal;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.SocketAddress;
import org.newsclub.net.unix.AFDatagramChannel;
import org.newsclub.net.unix.AFServerSocketChannel;
import org.newsclub.net.unix.AFSocketChannel;
import org.newsclub.net.unix.FileDescriptorCast;

/** Descriptor numbers to Java objects and back, through junixsocket's {@link FileDescriptorCast}. */
public final class Descriptors {
    private Descriptors() {}

    /**
     * Duplicates an inherited descriptor number with {@code FD_CLOEXEC} and closes the original.
     *
     * @param number the inherited number
     * @return the duplicate
     * @throws IOException if the number is not open
     */
    public static FileDescriptor adopt(int number) throws IOException {
        String action = "adopting inherited descriptor " + number;
        FileDescriptor duplicate = duplicate(number, action);
        close(wrap(number, action));
        return duplicate;
    }

    /**
     * Duplicates a descriptor number with {@code FD_CLOEXEC}: a new number for the same open file
     * (sharing its offset and flags), owned by the caller.
     *
     * @param number a descriptor number this process holds; it stays open
     * @param action what needs it, for the messages
     * @return the duplicate
     * @throws IOException if the number is not open, or junixsocket's library is not usable
     */
    public static FileDescriptor duplicate(int number, String action) throws IOException {
        FileDescriptor original = wrap(number, action);
        try {
            // junixsocket's dup sets FD_CLOEXEC on the copy; Java 17 has no other way to set it.
            return FileDescriptorCast.duplicating(original).getFileDescriptor();
        } catch (IOException e) {
            throw new IOException(action + ": descriptor " + number + " is not open: " + e.getMessage(), e);
        }
    }

    /**
     * A {@link FileDescriptor} object for a descriptor number this process holds. The object does
     * not own the number: closing a stream or channel built on it closes the number.
     *
     * @param number the descriptor number
     * @param action what needs it, for the message if junixsocket's library is not usable
     * @return the descriptor
     * @throws IOException if junixsocket cannot wrap it
     */
    public static FileDescriptor wrap(int number, String action) throws IOException {
        // Without its library junixsocket only says "Unsafe operations are not supported": name the fix.
        JunixsocketTransport.requireLibrary(action);
        try {
            return FileDescriptorCast.unsafeUsing(number).getFileDescriptor();
        } catch (LinkageError e) {
            throw new IOException(action + ": junixsocket's native library is not usable: " + e, e);
        }
    }

    /**
     * Casts a socket descriptor to a channel type. The channel is a view: closing it neither closes
     * the descriptor (junixsocket leaves cast descriptors to their owner) nor shuts the socket down.
     *
     * @param fd the descriptor
     * @param type the channel type
     * @param mismatch the message if the descriptor is of another kind
     * @param <T> the channel type
     * @return the channel
     * @throws IOException if the descriptor is not of that kind
     */
    public static <T> T as(FileDescriptor fd, Class<T> type, String mismatch) throws IOException {
        T channel;
        try {
            channel = FileDescriptorCast.using(fd).as(type);
        } catch (ClassCastException e) {
            throw new IOException(mismatch, e);
        }
        // junixsocket shuts a socket down when closing it, which would also break the copies that
        // systemd keeps (the socket unit, the fd store).
        if (channel instanceof AFServerSocketChannel) {
            ((AFServerSocketChannel<?>) channel).setShutdownOnClose(false);
        } else if (channel instanceof AFSocketChannel) {
            ((AFSocketChannel<?>) channel).setShutdownOnClose(false);
        } else if (channel instanceof AFDatagramChannel) {
            ((AFDatagramChannel<?>) channel).setShutdownOnClose(false);
        }
        return channel;
    }

    /**
     * The bound address of a socket descriptor.
     *
     * @param fd the descriptor
     * @return an {@link java.net.InetSocketAddress} or {@link java.net.UnixDomainSocketAddress}
     * @throws IOException if it is not a socket with an address
     */
    public static SocketAddress localAddress(FileDescriptor fd) throws IOException {
        // Not through a junixsocket view: closing one would shut the shared socket down.
        return ProcSockets.localAddressOf(FileDescriptorCast.using(fd).as(Integer.class));
    }

    /**
     * Closes a descriptor number, ignoring errors.
     *
     * @param fd the descriptor
     */
    public static void close(FileDescriptor fd) {
        try {
            new FileInputStream(fd).close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
