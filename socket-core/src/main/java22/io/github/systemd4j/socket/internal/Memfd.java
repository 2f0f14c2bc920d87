package io.github.systemd4j.socket.internal;

import io.github.systemd4j.socket.PayloadFile;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * Sealed memfds through the FFM API (Java 22+): {@code memfd_create}, {@code write}, {@code
 * fcntl(F_ADD_SEALS)} and a read-back of the seals with {@code F_GET_SEALS}.
 *
 * <p>The {@link FileDescriptor} callers get is the memfd reopened read-only through {@code
 * /proc/self/fd}: the only way to make one without JNI. The memfd's own number stays open and is
 * registered with {@link DescriptorNumbers}, for the FFM transport to pass.
 *
 * @see <a href="https://man7.org/linux/man-pages/man2/memfd_create.2.html">memfd_create(2)</a>
 */
public final class Memfd {
    /** F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE: exactly what journald 252 accepts. */
    static final int JOURNALD_SEALS = 0x1 | 0x2 | 0x4 | 0x8;

    private static final int CHUNK = 1 << 20;

    private Memfd() {}

    /**
     * Whether sealed memfds can be created here.
     *
     * @return true when the downcalls could be linked
     */
    public static boolean isSupported() {
        return FfmTransport.isUsable();
    }

    /**
     * Why memfds cannot be created, for diagnostics.
     *
     * @return the reason, or null when supported
     */
    public static String unsupportedReason() {
        return FfmTransport.INSTANCE.unusableReason();
    }

    /**
     * Creates a memfd, writes the payload and seals it with exactly {@link #JOURNALD_SEALS}.
     *
     * @param contents the payload (position unchanged)
     * @return the sealed memfd, or null if memfds are unsupported, refused by the kernel, end up with
     *     other seals than journald accepts, or cannot be reopened; the caller then falls back to a file
     * @throws IOException if writing the payload failed
     */
    public static PayloadFile tryCreate(ByteBuffer contents) throws IOException {
        if (!isSupported()) {
            return null;
        }
        MemorySegment state = CallBuffers.current().state;
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            fd = Libc.memfdCreate(state, arena.allocateFrom("systemd4j"), Libc.MFD_CLOEXEC | Libc.MFD_ALLOW_SEALING);
        }
        if (fd < 0) {
            return null; // ENOSYS, EPERM under seccomp, EMFILE: the file carrier may still work
        }
        boolean keep = false;
        try {
            long size = writeFully(fd, contents, state);
            int added = Libc.fcntl(state, fd, Libc.F_ADD_SEALS, JOURNALD_SEALS);
            int seals = Libc.fcntl(state, fd, Libc.F_GET_SEALS, 0);
            if (added != 0 || seals != JOURNALD_SEALS) {
                return null; // e.g. vm.memfd_noexec added F_SEAL_EXEC, which journald 252 refuses
            }
            FileInputStream reopened;
            try {
                reopened = new FileInputStream("/proc/self/fd/" + fd);
            } catch (IOException noProc) {
                return null; // no /proc in this mount namespace
            }
            DescriptorNumbers.register(reopened.getFD(), fd);
            keep = true;
            return new SealedMemfd(fd, reopened, size);
        } catch (RuntimeException | LinkageError e) {
            return null;
        } finally {
            if (!keep) {
                Libc.close(fd);
            }
        }
    }

    private static long writeFully(int fd, ByteBuffer contents, MemorySegment state) throws IOException {
        ByteBuffer source = contents.duplicate();
        long total = source.remaining();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment chunk = source.isDirect() ? null : arena.allocate(Math.min(total, CHUNK));
            while (source.hasRemaining()) {
                MemorySegment from;
                int length;
                if (source.isDirect()) {
                    from = MemorySegment.ofBuffer(source);
                    length = source.remaining();
                } else {
                    length = (int) Math.min(source.remaining(), chunk.byteSize());
                    MemorySegment.copy(MemorySegment.ofBuffer(source), 0, chunk, 0, length);
                    from = chunk;
                }
                long written = Libc.write(state, fd, from, length);
                if (written < 0) {
                    int errno = Libc.errno(state);
                    if (errno == Errno.EINTR) {
                        continue;
                    }
                    throw new IOException("write to memfd failed: " + Errno.describe(errno));
                }
                source.position(source.position() + (int) written);
            }
        }
        return total;
    }

    /** A memfd sealed with {@link #JOURNALD_SEALS}: its own number and the reopened descriptor. */
    private static final class SealedMemfd implements PayloadFile {
        private final int fd;
        private final FileInputStream reopened;
        private final FileDescriptor descriptor;
        private final long size;
        private boolean closed;

        SealedMemfd(int fd, FileInputStream reopened, long size) throws IOException {
            this.fd = fd;
            this.reopened = reopened;
            this.descriptor = reopened.getFD();
            this.size = size;
        }

        @Override
        public FileDescriptor fileDescriptor() {
            return descriptor;
        }

        @Override
        public Kind kind() {
            return Kind.SEALED_MEMFD;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                DescriptorNumbers.detach(descriptor, fd);
                try {
                    reopened.close();
                } catch (IOException ignored) {
                    // a read-only descriptor: nothing is lost
                }
            }
        }
    }
}
