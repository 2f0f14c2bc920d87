package io.github.systemd4j.spring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What systemd told this process through its environment and file descriptors: whether it runs as
 * a service, and whether its standard output or error is connected to the journal.
 *
 * <p>systemd sets {@code $INVOCATION_ID} for every service process and {@code $JOURNAL_STREAM} to
 * {@code <device>:<inode>} of the stream it connected to standard output and error when they go to
 * the journal. The latter alone proves nothing (it survives redirections and is inherited by
 * children), so the descriptor's device and inode are compared with it.
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html#%24JOURNAL_STREAM">systemd.exec(5): $JOURNAL_STREAM</a>
 */
final class SystemdEnvironment {
    private final Map<String, String> variables;
    private final Path stdout;
    private final Path stderr;

    SystemdEnvironment(Map<String, String> variables, Path stdout, Path stderr) {
        this.variables = variables;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** This process's variables and descriptors 1 and 2. */
    static SystemdEnvironment current() {
        return new SystemdEnvironment(System.getenv(), Path.of("/proc/self/fd/1"), Path.of("/proc/self/fd/2"));
    }

    /** Whether systemd started this process as (part of) a unit. */
    boolean isService() {
        return variables.containsKey("INVOCATION_ID") || isConsoleJournal();
    }

    /** Whether standard output or error is the journal stream systemd connected. */
    boolean isConsoleJournal() {
        return isJournalStream(stdout) || isJournalStream(stderr);
    }

    private boolean isJournalStream(Path descriptor) {
        String value = variables.get("JOURNAL_STREAM");
        int colon = value == null ? -1 : value.indexOf(':');
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
