package io.github.systemd4j.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A child process started inside the cgroup of a systemd service, such as {@code app.service}, without
 * systemd: journald reads the sender's cgroup from {@code /proc/PID/cgroup} and tags its entries
 * {@code _SYSTEMD_UNIT=app.service}, so {@code journalctl -u app} finds them.
 *
 * <p>The cgroup {@code system.slice/UNIT} is created in every hierarchy systemd uses on this host
 * ({@code name=systemd} and {@code unified} on hybrid hosts, the single tree on unified ones), and the
 * process moves itself there before it executes the command, so that even its first entry is tagged.
 * {@link #close()} kills the process and removes the cgroups. Needs root.
 */
public final class UnitProcess implements AutoCloseable {
    private final Process process;
    private final Cgroup cgroup;
    private final Path output;

    private UnitProcess(Process process, Cgroup cgroup, Path output) {
        this.process = process;
        this.cgroup = cgroup;
        this.output = output;
    }

    /**
     * Starts a command in a unit's cgroup. Standard output and error go to a file read by {@link
     * #output()}. Creating the cgroup needs root, on either {@link Backend}: without it the calling
     * test is skipped with the reason ({@link Prerequisites#require}; failed with {@code CI=true}).
     *
     * @param unit the unit name, such as {@code app.service}
     * @param builder the command, environment and directory to run (its redirects are replaced)
     * @return the running process
     * @throws IOException if the cgroup cannot be created or the command not started
     */
    public static UnitProcess start(String unit, ProcessBuilder builder) throws IOException {
        if (!unit.matches("[A-Za-z0-9:_.@\\\\-]+\\.(service|scope)")) {
            throw new IllegalArgumentException("not a service or scope unit name: " + unit);
        }
        Prerequisites.require(Processes.isRoot(), "a process in a unit's cgroup (ChildJvm, UnitProcess) needs root");
        Cgroup cgroup = Cgroup.create("system.slice/" + unit);
        Path output = Files.createTempFile("unit-process", ".out");
        ProcessBuilder pb = new ProcessBuilder(builder.command())
                .directory(builder.directory())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().clear();
        pb.environment().putAll(builder.environment());
        return new UnitProcess(cgroup.start(pb), cgroup, output);
    }

    /**
     * The process.
     *
     * @return the process
     */
    public Process process() {
        return process;
    }

    /**
     * Waits for the process to exit.
     *
     * @param timeout how long
     * @return the exit code
     * @throws AssertionError if it did not exit in time (it is then killed)
     */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("process in unit did not exit within " + timeout + "; output: " + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * What the process printed to standard output and error so far.
     *
     * @return the text
     */
    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    /** Kills the process if still running and removes its cgroups and output file. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cgroup.remove(Duration.ZERO); // a member that remains keeps it, which is then harmless
        try {
            Files.deleteIfExists(output);
        } catch (IOException ignored) {
            // a stray temp file is harmless
        }
    }
}
