package io.github.systemd4j.socket;

import io.github.systemd4j.socket.internal.Memfd;
import io.github.systemd4j.socket.internal.UnlinkedFile;
import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * An open, nameless file holding a payload too large for one datagram, to be passed to the receiver
 * as a file descriptor in an empty datagram (journald's large-entry path).
 *
 * <p>{@link #create} picks the best carrier the runtime offers:
 *
 * <ol>
 *   <li>On Java 22+ (multi-release classes using the FFM API): a memfd created with {@code
 *       MFD_CLOEXEC | MFD_ALLOW_SEALING} and sealed with exactly {@code F_SEAL_SEAL | F_SEAL_SHRINK |
 *       F_SEAL_GROW | F_SEAL_WRITE}. journald 252 accepts a memfd from an unprivileged sender only with
 *       exactly these four seals, so the seals are read back; if the kernel added more (for example
 *       {@code F_SEAL_EXEC} under {@code vm.memfd_noexec}), the memfd is discarded.
 *   <li>Otherwise: a file created exclusively with mode 0600 directly in {@code /dev/shm} (journald
 *       accepts unsealed files from unprivileged senders only directly below {@code /dev/shm}, {@code
 *       /tmp} or {@code /var/tmp}), unlinked at once, then written through the descriptor that created
 *       it, never opened by name again. journald accepts such files only up to half its entry size
 *       limit (about 385 MiB).
 * </ol>
 *
 * <p>The caller owns the descriptor and must {@link #close()} it after sending; the receiver holds
 * its own reference. No descriptor survives a failed {@code create}.
 *
 * @see <a href="https://systemd.io/JOURNAL_NATIVE_PROTOCOL/">Native Journal Protocol</a>
 * @see <a href="https://man7.org/linux/man-pages/man2/memfd_create.2.html">memfd_create(2)</a>
 */
public interface PayloadFile extends Closeable {
    /** The directory for unsealed carrier files. */
    Path SHARED_MEMORY_DIR = Path.of("/dev/shm");

    /** What kind of file carries the payload. */
    enum Kind {
        /** A memfd sealed against any change (Java 22+). */
        SEALED_MEMFD,
        /** An unlinked regular file in a shared-memory directory. */
        UNLINKED_FILE
    }

    /**
     * Writes the remaining bytes of {@code contents} into the best available carrier. The buffer's
     * position is not changed.
     *
     * @param contents the payload
     * @return an open carrier positioned nowhere in particular; receivers read it from offset 0
     * @throws IOException if no carrier could be created or written
     */
    static PayloadFile create(ByteBuffer contents) throws IOException {
        PayloadFile memfd = Memfd.tryCreate(contents);
        return memfd != null ? memfd : createUnlinked(contents, SHARED_MEMORY_DIR);
    }

    /**
     * Writes the remaining bytes of {@code contents} into an unlinked file in {@code directory},
     * whatever the runtime offers. The buffer's position is not changed.
     *
     * @param contents the payload
     * @param directory where to create the file, normally {@link #SHARED_MEMORY_DIR}
     * @return an open carrier
     * @throws IOException if the file could not be created or written
     */
    static PayloadFile createUnlinked(ByteBuffer contents, Path directory) throws IOException {
        return UnlinkedFile.create(contents, directory);
    }

    /**
     * Whether this runtime can create sealed memfds (Java 22+ with native access).
     *
     * @return true if {@link #create} will try a memfd first
     */
    static boolean memfdSupported() {
        return Memfd.isSupported();
    }

    /**
     * The open descriptor to pass.
     *
     * @return the descriptor, valid until {@link #close()}
     */
    FileDescriptor fileDescriptor();

    /**
     * The carrier kind.
     *
     * @return the kind
     */
    Kind kind();

    /**
     * The payload size.
     *
     * @return bytes
     */
    long size();

    /** Closes the descriptor. Idempotent; never throws. */
    @Override
    void close();
}
