package io.github.systemd4j.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whether this process's standard output or error is connected to the journal ({@code
 * StandardOutput=journal}, systemd's default for services), so that an application can switch to
 * the native protocol and stop writing the same lines to the console as well. The adapters' stderr
 * fallback and the Spring Boot starter's console rule use it.
 *
 * <p>systemd sets {@code $JOURNAL_STREAM} to {@code <device>:<inode>} of the stream socket it
 * connected. The variable alone proves nothing (it survives redirections and is inherited by
 * children), so the device and inode of {@code /proc/self/fd/2} are compared with it.
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html#%24JOURNAL_STREAM">systemd.exec(5): $JOURNAL_STREAM</a>
 */
public final class JournalStream {
    private JournalStream() {}

    /**
     * Checks the real environment and file descriptor 2.
     *
     * @return true if stderr is the journal stream systemd set up
     */
    public static boolean isStderrJournal() {
        return isJournal(System.getenv(), Path.of("/proc/self/fd/2"));
    }

    /**
     * Checks the real environment and file descriptor 1.
     *
     * @return true if stdout is the journal stream systemd set up
     */
    public static boolean isStdoutJournal() {
        return isJournal(System.getenv(), Path.of("/proc/self/fd/1"));
    }

    /**
     * Checks an environment against a descriptor (another process's, or a test's).
     *
     * @param environment the environment to read {@code JOURNAL_STREAM} from
     * @param descriptor a path that resolves to the descriptor's file, such as {@code
     *     /proc/self/fd/2}
     * @return true if device and inode match
     */
    public static boolean isJournal(Map<String, String> environment, Path descriptor) {
        String value = environment.get("JOURNAL_STREAM");
        if (value == null) {
            return false;
        }
        int colon = value.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        try {
            long device = Long.parseUnsignedLong(value.substring(0, colon));
            long inode = Long.parseUnsignedLong(value.substring(colon + 1));
            Object dev = Files.getAttribute(descriptor, "unix:dev");
            Object ino = Files.getAttribute(descriptor, "unix:ino");
            return dev instanceof Number
                    && ino instanceof Number
                    && ((Number) dev).longValue() == device
                    && ((Number) ino).longValue() == inode;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false; // not Linux, or no such descriptor: not the journal
        }
    }
}
