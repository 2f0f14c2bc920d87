package io.github.systemd4j.socket.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.ByteBuffer;

/**
 * Native memory one thread reuses for its system calls, so that a send allocates nothing once the
 * thread has sent before: the captured {@code errno}, a copy of heap payloads, and a {@code msghdr}
 * with its {@code iovec} and {@code SCM_RIGHTS} control block. The memory is GC-managed ({@link
 * Arena#ofAuto()}) and goes away with the thread.
 */
final class CallBuffers {
    /** Heap payloads up to this size are copied into memory kept for the thread's next send. */
    static final int RETAINED_PAYLOAD = 64 * 1024;

    /** {@code SCM_MAX_FD}: the kernel's limit of descriptors per message. */
    static final int MAX_DESCRIPTORS = 253;

    /** {@code struct msghdr} on LP64 Linux. */
    static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4));

    /** {@code struct iovec}. */
    static final StructLayout IOVEC =
            MemoryLayout.structLayout(ADDRESS.withName("iov_base"), JAVA_LONG.withName("iov_len"));

    private static final long MSG_IOV = offset("msg_iov");
    private static final long MSG_IOVLEN = offset("msg_iovlen");
    private static final long MSG_CONTROL = offset("msg_control");
    private static final long MSG_CONTROLLEN = offset("msg_controllen");

    /** {@code sizeof(struct cmsghdr)}: {@code size_t cmsg_len; int cmsg_level; int cmsg_type}. */
    static final int CMSG_HEADER = 16;

    private static final ThreadLocal<CallBuffers> CURRENT = ThreadLocal.withInitial(CallBuffers::new);

    /** Receives {@code errno} from each downcall. */
    final MemorySegment state;
    /** An {@code int} argument or result, such as a socket option. */
    final MemorySegment intValue;
    /** A {@code socklen_t} result. */
    final MemorySegment length;

    private MemorySegment payload = MemorySegment.NULL;
    private MemorySegment message;

    private CallBuffers() {
        Arena arena = Arena.ofAuto();
        state = arena.allocate(Libc.CALL_STATE);
        intValue = arena.allocate(JAVA_INT);
        length = arena.allocate(JAVA_INT);
    }

    /**
     * The calling thread's buffers.
     *
     * @return the buffers
     */
    static CallBuffers current() {
        return CURRENT.get();
    }

    /**
     * The remaining bytes of {@code data} in native memory: the buffer's own memory when it is direct,
     * else a copy, kept for the thread's next send when small enough.
     *
     * @param data the payload; its position is not changed
     * @param oversized where to copy a heap payload larger than {@link #RETAINED_PAYLOAD}, see {@link
     *     #needsOwnMemory}
     * @return a segment starting with the payload; it may be longer than the payload
     */
    MemorySegment nativeBytes(ByteBuffer data, Arena oversized) {
        if (data.isDirect() || !data.hasArray()) {
            MemorySegment source = MemorySegment.ofBuffer(data);
            if (source.isNative()) {
                return source;
            }
            return copy(source, null, 0, source.byteSize(), oversized);
        }
        // Copied straight from the array: a segment view of a heap buffer is an allocation per send
        // that escape analysis misses behind a logging framework's longer call chain.
        return copy(null, data.array(), data.arrayOffset() + data.position(), data.remaining(), oversized);
    }

    private MemorySegment copy(MemorySegment source, byte[] array, int offset, long size, Arena oversized) {
        MemorySegment target;
        if (size > RETAINED_PAYLOAD) {
            target = oversized.allocate(size);
        } else {
            if (payload.byteSize() < size) {
                // Grow by doubling: most threads only ever send short datagrams.
                long capacity = Math.max(1024, payload.byteSize());
                while (capacity < size) {
                    capacity *= 2;
                }
                payload = Arena.ofAuto().allocate(Math.min(capacity, RETAINED_PAYLOAD));
            }
            target = payload;
        }
        if (array != null) {
            MemorySegment.copy(array, offset, target, JAVA_BYTE, 0, (int) size);
        } else {
            MemorySegment.copy(source, 0, target, 0, size);
        }
        return target;
    }

    /**
     * Whether {@link #nativeBytes} needs memory of its own for this payload, which the caller then
     * frees right after the send.
     *
     * @param data the payload
     * @return true for a heap buffer with more than {@link #RETAINED_PAYLOAD} bytes remaining
     */
    static boolean needsOwnMemory(ByteBuffer data) {
        return !data.isDirect() && data.remaining() > RETAINED_PAYLOAD;
    }

    /**
     * A {@code msghdr} for a connected socket: no address, the payload as one {@code iovec} (none for
     * an empty payload, so that the datagram really has zero bytes), and one {@code SCM_RIGHTS}
     * control message with the descriptors.
     *
     * @param bytes the payload
     * @param size the payload's length
     * @param fds 1 to {@link #MAX_DESCRIPTORS} descriptor numbers
     * @return the message, valid until this thread's next call
     */
    MemorySegment rightsMessage(MemorySegment bytes, long size, int[] fds) {
        if (message == null) {
            message = Arena.ofAuto().allocate(MSGHDR.byteSize() + IOVEC.byteSize() + controlSpace(MAX_DESCRIPTORS), 8);
        }
        MemorySegment header = message.asSlice(0, MSGHDR.byteSize());
        MemorySegment iov = message.asSlice(MSGHDR.byteSize(), IOVEC.byteSize());
        MemorySegment control = message.asSlice(MSGHDR.byteSize() + IOVEC.byteSize(), controlSpace(fds.length));
        control.fill((byte) 0);
        control.set(JAVA_LONG, 0, CMSG_HEADER + 4L * fds.length);
        control.set(JAVA_INT, 8, Libc.SOL_SOCKET);
        control.set(JAVA_INT, 12, Libc.SCM_RIGHTS);
        for (int i = 0; i < fds.length; i++) {
            control.set(JAVA_INT, CMSG_HEADER + 4L * i, fds[i]);
        }
        iov.set(ADDRESS, 0, bytes);
        iov.set(JAVA_LONG, 8, size);
        header.fill((byte) 0);
        header.set(ADDRESS, MSG_IOV, size > 0 ? iov : MemorySegment.NULL);
        header.set(JAVA_LONG, MSG_IOVLEN, size > 0 ? 1 : 0);
        header.set(ADDRESS, MSG_CONTROL, control);
        header.set(JAVA_LONG, MSG_CONTROLLEN, control.byteSize());
        return header;
    }

    private static long offset(String field) {
        return MSGHDR.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }

    /** {@code CMSG_SPACE(n * sizeof(int))}: header plus data, rounded up to 8 bytes. */
    static long controlSpace(int descriptors) {
        return CMSG_HEADER + ((4L * descriptors + 7) & ~7L);
    }
}
