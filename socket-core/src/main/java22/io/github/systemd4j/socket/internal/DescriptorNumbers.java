package io.github.systemd4j.socket.internal;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The descriptor numbers behind socket-core's own {@link FileDescriptor}s, for the FFM transport.
 *
 * <p>{@link FileDescriptor} keeps its number private, and reading it would need {@code --add-opens}
 * or JNI. So the carriers socket-core creates keep, next to the {@link FileDescriptor} callers see, a
 * descriptor of the same file whose number they know, and register the pair here: the memfd itself,
 * or the descriptor the unlinked file was created with (callers see either reopened read-only through
 * {@code /proc/self/fd}). Both refer to the same file, so the receiver cannot tell them apart.
 */
public final class DescriptorNumbers {
    private static final Map<FileDescriptor, Integer> NUMBERS = Collections.synchronizedMap(new WeakHashMap<>());

    private DescriptorNumbers() {}

    /**
     * A {@link FileDescriptor} of the open file behind {@code number}, for callers to hold; the FFM
     * transport passes {@code number} itself for it.
     *
     * @param number a descriptor this process holds; it stays the caller's, open until {@link #unshare}
     * @return the file reopened read-only through {@code /proc/self/fd}: the only way to make a {@link
     *     FileDescriptor} without JNI
     * @throws IOException if it cannot be reopened (no {@code /proc})
     */
    public static FileDescriptor share(int number) throws IOException {
        FileDescriptor fd = new FileInputStream("/proc/self/fd/" + number).getFD();
        register(fd, number);
        return fd;
    }

    /**
     * Forgets and closes a descriptor {@link #share} returned; its number stays open.
     *
     * @param fd the descriptor
     */
    public static void unshare(FileDescriptor fd) {
        NUMBERS.remove(fd);
        try {
            new FileInputStream(fd).close();
        } catch (IOException ignored) {
            // a read-only descriptor: nothing is lost
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
