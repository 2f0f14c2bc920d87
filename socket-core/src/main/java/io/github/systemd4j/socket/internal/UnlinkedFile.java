package io.github.systemd4j.socket.internal;

import io.github.systemd4j.socket.PayloadFile;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@link PayloadFile} that works on every Java version: a 0600 file, unlinked before it is written.
 * On Java 22+ it also holds a read-only descriptor whose number the FFM transport passes (see {@link
 * DescriptorNumbers}).
 */
public final class UnlinkedFile implements PayloadFile {
    private final RandomAccessFile file;
    private final FileDescriptor descriptor;
    private final int number;
    private final long size;

    private UnlinkedFile(RandomAccessFile file, FileDescriptor descriptor, int number, long size) {
        this.file = file;
        this.descriptor = descriptor;
        this.number = number;
        this.size = size;
    }

    /**
     * Creates, unlinks and fills the file.
     *
     * @param contents the payload (position unchanged)
     * @param directory the directory to create it in
     * @return the open file
     * @throws IOException if it could not be created or written; nothing stays open or on disk
     */
    public static UnlinkedFile create(ByteBuffer contents, Path directory) throws IOException {
        Path path = directory.resolve(
                "systemd4j-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
        Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        RandomAccessFile file;
        FileDescriptor descriptor;
        int number;
        try {
            file = new RandomAccessFile(path.toFile(), "rw");
            descriptor = file.getFD();
            number = DescriptorNumbers.attach(descriptor, path);
        } finally {
            // Unlink before writing: whatever happens next, no file is left behind.
            Files.deleteIfExists(path);
        }
        try {
            ByteBuffer source = contents.duplicate();
            long size = source.remaining();
            FileChannel channel = file.getChannel();
            while (source.hasRemaining()) {
                channel.write(source);
            }
            return new UnlinkedFile(file, descriptor, number, size);
        } catch (IOException | RuntimeException e) {
            DescriptorNumbers.detach(descriptor, number);
            file.close();
            throw e;
        }
    }

    @Override
    public FileDescriptor fileDescriptor() {
        return descriptor;
    }

    @Override
    public Kind kind() {
        return Kind.UNLINKED_FILE;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public synchronized void close() {
        if (descriptor.valid()) {
            DescriptorNumbers.detach(descriptor, number);
        }
        try {
            file.close();
        } catch (IOException ignored) {
            // close(2) on a regular file we only wrote to cannot lose data we still need
        }
    }
}
