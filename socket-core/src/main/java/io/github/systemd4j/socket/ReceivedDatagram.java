package io.github.systemd4j.socket;

import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * One datagram as received: its payload bytes and the file descriptors that came with it. The
 * receiver owns the descriptors; {@link #close()} closes them.
 */
public final class ReceivedDatagram implements Closeable {
    private final byte[] payload;
    private final List<FileDescriptor> fileDescriptors;

    /**
     * Creates a datagram.
     *
     * @param payload the bytes received
     * @param fileDescriptors the descriptors received, possibly none
     */
    public ReceivedDatagram(byte[] payload, List<FileDescriptor> fileDescriptors) {
        this.payload = payload.clone();
        this.fileDescriptors = List.copyOf(fileDescriptors);
    }

    /**
     * The payload.
     *
     * @return a copy of the bytes; empty for a zero-length datagram
     */
    public byte[] payload() {
        return payload.clone();
    }

    /**
     * The received descriptors.
     *
     * @return the descriptors, in the order sent
     */
    public List<FileDescriptor> fileDescriptors() {
        return fileDescriptors;
    }

    /**
     * Reads a received regular file completely from offset 0 (as journald does, with {@code pread}),
     * whatever the sender's file offset.
     *
     * @param fd a descriptor of a regular file
     * @return its contents
     * @throws IOException if the file cannot be read or exceeds 2 GiB
     */
    public static byte[] readFile(FileDescriptor fd) throws IOException {
        // Not closed here: the FileInputStream only borrows the descriptor for positional reads.
        @SuppressWarnings("resource")
        FileChannel channel = new FileInputStream(fd).getChannel();
        long size = channel.size();
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException("file too large to read into memory: " + size);
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, buffer.position()) < 0) {
                break;
            }
        }
        return buffer.array();
    }

    /** Closes the received descriptors. */
    @Override
    public void close() {
        for (FileDescriptor fd : fileDescriptors) {
            try {
                new FileInputStream(fd).close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
