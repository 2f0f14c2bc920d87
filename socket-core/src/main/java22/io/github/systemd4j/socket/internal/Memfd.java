package io.github.systemd4j.socket.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.github.systemd4j.socket.PayloadFile;
import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * Sealed memfds through the FFM API (Java 22+): {@code memfd_create}, {@code write}, {@code
 * fcntl(F_ADD_SEALS)} and a read-back of the seals with {@code F_GET_SEALS}.
 */
public final class Memfd {
    private static final int MFD_CLOEXEC = 0x1;
    private static final int MFD_ALLOW_SEALING = 0x2;
    private static final int F_ADD_SEALS = 1033;
    private static final int F_GET_SEALS = 1034;
    private static final int EINTR = 4;
    /** F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE: exactly what journald 252 accepts. */
    static final int JOURNALD_SEALS = 0x1 | 0x2 | 0x4 | 0x8;

    private static final int CHUNK = 1 << 20;

    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle MEMFD_CREATE;
    private static final MethodHandle WRITE;
    private static final MethodHandle FCNTL;
    private static final MethodHandle CLOSE;
    private static final String UNSUPPORTED_REASON;

    static {
        MethodHandle memfdCreate = null;
        MethodHandle write = null;
        MethodHandle fcntl = null;
        MethodHandle close = null;
        String reason = null;
        try {
            Linker linker = Linker.nativeLinker();
            Linker.Option errno = Linker.Option.captureCallState("errno");
            memfdCreate = downcall(linker, "memfd_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), errno);
            write = downcall(linker, "write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), errno);
            fcntl = downcall(
                    linker,
                    "fcntl",
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
                    errno,
                    Linker.Option.firstVariadicArg(2));
            close = downcall(linker, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        } catch (Throwable e) {
            // No native access (--enable-native-access denied, no libc symbol): fall back to files.
            reason = "FFM downcalls unavailable: " + e;
        }
        MEMFD_CREATE = memfdCreate;
        WRITE = write;
        FCNTL = fcntl;
        CLOSE = close;
        UNSUPPORTED_REASON = reason;
    }

    private Memfd() {}

    @SuppressWarnings("restricted") // the whole point: memfd_create has no Java API
    private static MethodHandle downcall(Linker linker, String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment symbol =
                linker.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return linker.downcallHandle(symbol, fd, options);
    }

    /**
     * Whether sealed memfds can be created here.
     *
     * @return true when the downcalls could be linked
     */
    public static boolean isSupported() {
        return UNSUPPORTED_REASON == null;
    }

    /**
     * Why memfds cannot be created, for diagnostics.
     *
     * @return the reason, or null when supported
     */
    public static String unsupportedReason() {
        return UNSUPPORTED_REASON;
    }

    /**
     * Creates a memfd, writes the payload and seals it with exactly {@link #JOURNALD_SEALS}.
     *
     * @param contents the payload (position unchanged)
     * @return the sealed memfd, or null if memfds are unsupported, refused by the kernel, or end up
     *     with other seals than journald accepts; the caller then falls back to a file
     * @throws IOException if writing the payload failed
     */
    public static PayloadFile tryCreate(ByteBuffer contents) throws IOException {
        if (!isSupported()) {
            return null;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int fd = (int)
                    MEMFD_CREATE.invokeExact(state, arena.allocateFrom("systemd4j"), MFD_CLOEXEC | MFD_ALLOW_SEALING);
            if (fd < 0) {
                return null; // ENOSYS, EPERM under seccomp, EMFILE: the file carrier may still work
            }
            boolean keep = false;
            try {
                long size = writeFully(fd, contents, arena, state);
                int added = (int) FCNTL.invokeExact(state, fd, F_ADD_SEALS, JOURNALD_SEALS);
                int seals = (int) FCNTL.invokeExact(state, fd, F_GET_SEALS, 0);
                if (added != 0 || seals != JOURNALD_SEALS) {
                    return null; // e.g. vm.memfd_noexec added F_SEAL_EXEC, which journald 252 refuses
                }
                FileDescriptor descriptor = FileDescriptorCast.unsafeUsing(fd).getFileDescriptor();
                keep = true;
                return new SealedMemfd(fd, descriptor, size);
            } finally {
                if (!keep) {
                    closeFd(fd);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("memfd downcall failed", e);
        }
    }

    private static long writeFully(int fd, ByteBuffer contents, Arena arena, MemorySegment state) throws Throwable {
        ByteBuffer source = contents.duplicate();
        long total = source.remaining();
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
            long written = (long) WRITE.invokeExact(state, fd, from, (long) length);
            if (written < 0) {
                int errno = (int) ERRNO.get(state, 0L);
                if (errno == EINTR) {
                    continue;
                }
                throw new IOException("write to memfd failed, errno " + errno);
            }
            source.position(source.position() + (int) written);
        }
        return total;
    }

    static void closeFd(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable ignored) {
            // close(2) failing leaves nothing we could do
        }
    }

    /** A memfd sealed with {@link #JOURNALD_SEALS}, closed through {@code close(2)}. */
    private static final class SealedMemfd implements PayloadFile {
        private final int fd;
        private final FileDescriptor descriptor;
        private final long size;
        private boolean closed;

        SealedMemfd(int fd, FileDescriptor descriptor, long size) {
            this.fd = fd;
            this.descriptor = descriptor;
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
                closeFd(fd);
            }
        }
    }
}
