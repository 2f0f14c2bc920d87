package io.github.systemd4j.socket.internal;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;

/**
 * The {@link FileDescriptor}s socket-core hands out for descriptors it opened itself, as seen from Java
 * 17 to 21: there junixsocket passes descriptors and reads the number out of a {@link FileDescriptor}
 * itself, so a duplicate of the descriptor serves. The Java 22+ version of this class (multi-release)
 * keeps the numbers for the FFM transport.
 */
public final class DescriptorNumbers {
    private DescriptorNumbers() {}

    /**
     * A {@link FileDescriptor} of the open file behind {@code number}, for callers to hold and pass.
     *
     * @param number a descriptor this process holds; it stays the caller's
     * @return a duplicate of {@code number} (the same open file, {@code FD_CLOEXEC}); where junixsocket's
     *     library is not usable, which leaves nothing that could pass it anyway, the file reopened
     *     read-only through {@code /proc/self/fd}
     * @throws IOException if neither works
     */
    public static FileDescriptor share(int number) throws IOException {
        try {
            return Descriptors.duplicate(number, "sharing a payload file");
        } catch (IOException noLibrary) {
            return new FileInputStream("/proc/self/fd/" + number).getFD();
        }
    }

    /**
     * Closes a descriptor {@link #share} returned.
     *
     * @param fd the descriptor
     */
    public static void unshare(FileDescriptor fd) {
        Descriptors.close(fd);
    }
}
