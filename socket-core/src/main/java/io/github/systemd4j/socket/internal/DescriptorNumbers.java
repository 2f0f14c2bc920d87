package io.github.systemd4j.socket.internal;

import java.io.FileDescriptor;
import java.nio.file.Path;

/**
 * Descriptor numbers for socket-core's own files, as seen from Java 17 to 21: not needed, because
 * junixsocket reads the number out of a {@link FileDescriptor} itself. The Java 22+ version of this
 * class (multi-release) keeps them for the FFM transport.
 */
public final class DescriptorNumbers {
    private DescriptorNumbers() {}

    /**
     * Opens a second, read-only descriptor of the file at {@code path} whose number the FFM transport
     * can pass in place of {@code fd}.
     *
     * @param fd the descriptor callers see
     * @param path the file, before it is unlinked
     * @return -1: nothing opened before Java 22
     */
    public static int attach(FileDescriptor fd, Path path) {
        return -1;
    }

    /**
     * Forgets {@code fd} and closes the number {@link #attach} opened for it.
     *
     * @param fd the descriptor callers saw
     * @param number the result of {@link #attach}
     */
    public static void detach(FileDescriptor fd, int number) {
        // nothing was attached
    }
}
