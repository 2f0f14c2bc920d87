package io.github.systemd4j.socket.internal;

import io.github.systemd4j.socket.PayloadFile;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@link PayloadFile} that works on every Java version: a file created exclusively with mode 0600,
 * unlinked before it is written. Its name is opened once, by that creation; the descriptor it returns
 * is the one written, and the one passed ({@link DescriptorNumbers}: on Java 17 to 21 callers get a
 * duplicate of it, on Java 22+ the FFM transport passes its number).
 */
public final class UnlinkedFile implements PayloadFile {
    private static final Set<OpenOption> CREATE_EXCLUSIVELY =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final FileChannel channel;
    private final FileDescriptor descriptor;
    private final long size;
    private boolean closed;

    private UnlinkedFile(FileChannel channel, FileDescriptor descriptor, long size) {
        this.channel = channel;
        this.descriptor = descriptor;
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
        Path path = directory
                .toRealPath()
                .resolve("systemd4j-"
                        + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
        // O_CREAT | O_EXCL, mode 0600: the only open of this name. Opening the name again could find
        // another file there, which any process of the same user can put in its place.
        FileChannel channel = FileChannel.open(path, CREATE_EXCLUSIVELY, OWNER_ONLY);
        FileDescriptor descriptor = null;
        try {
            try {
                descriptor = DescriptorNumbers.share(numberOf(path));
            } finally {
                // Unlink before writing: whatever happens next, no file is left behind.
                Files.deleteIfExists(path);
            }
            ByteBuffer source = contents.duplicate();
            long size = source.remaining();
            while (source.hasRemaining()) {
                channel.write(source);
            }
            return new UnlinkedFile(channel, descriptor, size);
        } catch (IOException | RuntimeException e) {
            if (descriptor != null) {
                DescriptorNumbers.unshare(descriptor);
            }
            channel.close();
            throw e;
        }
    }

    /** The number of the channel just opened on {@code path}, which the JDK does not expose. */
    private static int numberOf(Path path) throws IOException {
        // The name is new and random, and not yet unlinked: only that channel's descriptor links to it.
        List<Integer> numbers = ProcSockets.descriptorsLinkingTo(path.toString());
        if (numbers.size() != 1) {
            throw new IOException(numbers.size() + " descriptors in /proc/self/fd link to " + path + ", not 1");
        }
        return numbers.get(0);
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
        if (closed) {
            return;
        }
        closed = true;
        DescriptorNumbers.unshare(descriptor);
        try {
            channel.close();
        } catch (IOException ignored) {
            // close(2) on a regular file we only wrote to cannot lose data we still need
        }
    }
}
