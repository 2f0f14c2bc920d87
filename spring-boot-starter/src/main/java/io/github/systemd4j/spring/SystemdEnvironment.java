package io.github.systemd4j.spring;

import io.github.systemd4j.journal.JournalStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What systemd told this process through its environment and file descriptors: whether it runs as
 * a service, and whether its standard output or error is connected to the journal.
 *
 * <p>systemd sets {@code $INVOCATION_ID} for every service process and {@code $JOURNAL_STREAM} to
 * {@code <device>:<inode>} of the stream it connected to standard output and error when they go to
 * the journal. The latter is checked against the descriptors
 * by journal-core's {@link JournalStream}.
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
        return JournalStream.isJournal(variables, stdout) || JournalStream.isJournal(variables, stderr);
    }
}
