package io.github.systemd4j.socket.internal;

import java.io.FileDescriptor;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The descriptor numbers behind socket-core's own {@link FileDescriptor}s, for the FFM transport.
 *
 * <p>{@link FileDescriptor} keeps its number private, and reading it would need {@code --add-opens}
 * or JNI. So the carriers socket-core creates keep, next to the {@link FileDescriptor} callers see, a
 * descriptor of the same file whose number they know, and register the pair here: the memfd itself
 * (callers see it reopened through {@code /proc/self/fd}), or a read-only descriptor of the unlinked
 * file opened before the unlink. Both refer to the same file, so the receiver cannot tell them apart.
 */
public final class DescriptorNumbers {
    private static final Map<FileDescriptor, Integer> NUMBERS = Collections.synchronizedMap(new WeakHashMap<>());

    private DescriptorNumbers() {}

    /**
     * Opens a second, read-only descriptor of the file at {@code path} whose number the FFM transport
     * can pass in place of {@code fd}.
     *
     * @param fd the descriptor callers see
     * @param path the file, before it is unlinked
     * @return the number, or -1 if FFM is unavailable or the open failed (junixsocket can still pass
     *     {@code fd})
     */
    public static int attach(FileDescriptor fd, Path path) {
        if (!FfmTransport.isUsable()) {
            return -1;
        }
        try (Arena arena = Arena.ofConfined()) {
            int number = Libc.open(
                    CallBuffers.current().state,
                    arena.allocateFrom(path.toString()),
                    Libc.O_RDONLY | Libc.O_CLOEXEC,
                    0);
            if (number < 0) {
                return -1;
            }
            register(fd, number);
            return number;
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
    }

    /**
     * Makes {@code number} the descriptor the FFM transport passes for {@code fd}.
     *
     * @param fd the descriptor callers see
     * @param number an open descriptor of the same file, owned by the caller until {@link #detach}
     */
    static void register(FileDescriptor fd, int number) {
        NUMBERS.put(fd, number);
    }

    /**
     * Forgets {@code fd} and closes {@code number}.
     *
     * @param fd the descriptor callers saw
     * @param number the number registered for it, or -1
     */
    public static void detach(FileDescriptor fd, int number) {
        NUMBERS.remove(fd);
        if (number >= 0) {
            Libc.close(number);
        }
    }

    /**
     * The number to pass for a descriptor.
     *
     * @param fd a descriptor
     * @return its registered number, 0 to 2 for the standard streams, else -1
     */
    static int lookup(FileDescriptor fd) {
        if (fd == FileDescriptor.in) {
            return 0;
        }
        if (fd == FileDescriptor.out) {
            return 1;
        }
        if (fd == FileDescriptor.err) {
            return 2;
        }
        Integer number = NUMBERS.get(fd);
        return number == null ? -1 : number;
    }
}
