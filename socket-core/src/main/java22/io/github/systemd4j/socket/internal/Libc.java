package io.github.systemd4j.socket.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Set;

/**
 * The libc functions socket-core calls through the FFM API, linked once. Each downcall captures
 * {@code errno} into a caller-supplied {@link #CALL_STATE} segment (except {@code close}), and is a
 * {@code static final} handle called with {@code invokeExact}, which the JIT compiles to a direct call.
 *
 * <p>The constants are Linux's generic ABI, shared by the 64-bit architectures listed in {@link
 * #ARCHITECTURES}; elsewhere this class declares itself unusable and junixsocket is used.
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/unix.7.html">unix(7)</a>
 * @see <a href="https://man7.org/linux/man-pages/man2/sendmsg.2.html">sendmsg(2)</a>
 */
final class Libc {
    static final int AF_UNIX = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_SNDBUF = 7;
    static final int SO_SNDTIMEO = 21;
    static final int SCM_RIGHTS = 1;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_NOSIGNAL = 0x4000;
    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    static final int MFD_CLOEXEC = 0x1;
    static final int MFD_ALLOW_SEALING = 0x2;
    static final int F_ADD_SEALS = 1033;
    static final int F_GET_SEALS = 1034;
    static final int F_SETFD = 2;
    static final int FD_CLOEXEC = 1;
    static final short POLLIN = 0x1;
    static final short POLLERR = 0x8;
    static final short POLLHUP = 0x10;
    static final short POLLNVAL = 0x20;

    /** Where the constants above and the LP64 struct layouts hold. */
    static final Set<String> ARCHITECTURES = Set.of("amd64", "x86_64", "aarch64", "riscv64", "s390x");

    /** The segment layout a downcall writes {@code errno} into. */
    static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();

    private static final long ERRNO_OFFSET = CALL_STATE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle SOCKET;
    private static final MethodHandle CONNECT;
    private static final MethodHandle SEND;
    private static final MethodHandle SENDMSG;
    private static final MethodHandle SETSOCKOPT;
    private static final MethodHandle GETSOCKOPT;
    private static final MethodHandle OPEN;
    private static final MethodHandle WRITE;
    private static final MethodHandle FCNTL;
    private static final MethodHandle MEMFD_CREATE;
    private static final MethodHandle PIPE2;
    private static final MethodHandle POLL;
    private static final MethodHandle READ;
    private static final MethodHandle CLOSE;
    private static final String UNUSABLE_REASON;

    static {
        MethodHandle socket = null;
        MethodHandle connect = null;
        MethodHandle send = null;
        MethodHandle sendmsg = null;
        MethodHandle setsockopt = null;
        MethodHandle getsockopt = null;
        MethodHandle open = null;
        MethodHandle write = null;
        MethodHandle fcntl = null;
        MethodHandle memfdCreate = null;
        MethodHandle pipe2 = null;
        MethodHandle poll = null;
        MethodHandle read = null;
        MethodHandle close = null;
        String reason = platformProblem();
        if (reason == null) {
            try {
                Linker linker = Linker.nativeLinker();
                Linker.Option errno = Linker.Option.captureCallState("errno");
                socket = link(linker, "socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), errno);
                connect = link(linker, "connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errno);
                send = link(
                        linker,
                        "send",
                        FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT),
                        errno);
                sendmsg = link(linker, "sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), errno);
                setsockopt = link(
                        linker,
                        "setsockopt",
                        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT),
                        errno);
                getsockopt = link(
                        linker,
                        "getsockopt",
                        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS),
                        errno);
                // open and fcntl are variadic: the third argument is passed the variadic way.
                open = link(
                        linker,
                        "open",
                        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                        errno,
                        Linker.Option.firstVariadicArg(2));
                write = link(linker, "write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), errno);
                fcntl = link(
                        linker,
                        "fcntl",
                        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
                        errno,
                        Linker.Option.firstVariadicArg(2));
                memfdCreate = link(linker, "memfd_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), errno);
                pipe2 = link(linker, "pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), errno);
                poll = link(linker, "poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), errno);
                read = link(linker, "read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), errno);
                close = link(linker, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
            } catch (IllegalCallerException e) {
                reason = "native access is denied to socket-core (" + e.getMessage() + "); start the JVM with"
                        + " --enable-native-access=ALL-UNNAMED (or =io.github.systemd4j.socket on the module"
                        + " path), or put Enable-Native-Access: ALL-UNNAMED in an executable jar's manifest";
            } catch (RuntimeException | LinkageError e) {
                reason = "the FFM downcalls could not be linked: " + e;
            }
        }
        SOCKET = socket;
        CONNECT = connect;
        SEND = send;
        SENDMSG = sendmsg;
        SETSOCKOPT = setsockopt;
        GETSOCKOPT = getsockopt;
        OPEN = open;
        WRITE = write;
        FCNTL = fcntl;
        MEMFD_CREATE = memfdCreate;
        PIPE2 = pipe2;
        POLL = poll;
        READ = read;
        CLOSE = close;
        UNUSABLE_REASON = reason;
    }

    private Libc() {}

    private static String platformProblem() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.equals("Linux")) {
            return "FFM transport supports Linux only, this is " + os;
        }
        if (!ARCHITECTURES.contains(arch) || ADDRESS.byteSize() != 8) {
            return "FFM transport's constants are not verified for architecture " + arch;
        }
        return null;
    }

    @SuppressWarnings("restricted") // the point of this class: these system calls have no Java API
    private static MethodHandle link(
            Linker linker, String name, FunctionDescriptor function, Linker.Option... options) {
        MemorySegment symbol =
                linker.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return linker.downcallHandle(symbol, function, options);
    }

    /**
     * Why the downcalls cannot be used.
     *
     * @return null when they can, else the reason and its fix
     */
    static String unusableReason() {
        return UNUSABLE_REASON;
    }

    /** The {@code errno} the last downcall with this state segment captured. */
    static int errno(MemorySegment state) {
        return state.get(JAVA_INT, ERRNO_OFFSET);
    }

    static int socket(MemorySegment state, int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(state, domain, type, protocol);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    static int connect(MemorySegment state, int fd, MemorySegment address, int length) {
        try {
            return (int) CONNECT.invokeExact(state, fd, address, length);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    static long send(MemorySegment state, int fd, MemorySegment buffer, long length, int flags) {
        try {
            return (long) SEND.invokeExact(state, fd, buffer, length, flags);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    static long sendmsg(MemorySegment state, int fd, MemorySegment message, int flags) {
        try {
            return (long) SENDMSG.invokeExact(state, fd, message, flags);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    static int setsockopt(MemorySegment state, int fd, int level, int name, MemorySegment value, int length) {
        try {
            return (int) SETSOCKOPT.invokeExact(state, fd, level, name, value, length);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    static int getsockopt(MemorySegment state, int fd, int level, int name, MemorySegment value, MemorySegment length) {
        try {
            return (int) GETSOCKOPT.invokeExact(state, fd, level, name, value, length);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    static int open(MemorySegment state, MemorySegment path, int flags, int mode) {
        try {
            return (int) OPEN.invokeExact(state, path, flags, mode);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    static long write(MemorySegment state, int fd, MemorySegment buffer, long length) {
        try {
            return (long) WRITE.invokeExact(state, fd, buffer, length);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    static int fcntl(MemorySegment state, int fd, int command, int argument) {
        try {
            return (int) FCNTL.invokeExact(state, fd, command, argument);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    static int memfdCreate(MemorySegment state, MemorySegment name, int flags) {
        try {
            return (int) MEMFD_CREATE.invokeExact(state, name, flags);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    static int pipe2(MemorySegment state, MemorySegment fds, int flags) {
        try {
            return (int) PIPE2.invokeExact(state, fds, flags);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    static int poll(MemorySegment state, MemorySegment fds, long count, int timeoutMillis) {
        try {
            return (int) POLL.invokeExact(state, fds, count, timeoutMillis);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    static long read(MemorySegment state, int fd, MemorySegment buffer, long length) {
        try {
            return (long) READ.invokeExact(state, fd, buffer, length);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    /** Closes a descriptor; errors are ignored (Linux has released the number even when close fails). */
    static void close(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    /** A downcall throws only what the JVM throws around it; pass that on unchecked. */
    private static RuntimeException unexpected(Throwable e) {
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(e);
    }
}
