package io.github.systemd4j.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    private final List<Path> cgroups;
    private final Path output;

    private UnitProcess(Process process, List<Path> cgroups, Path output) {
        this.process = process;
        this.cgroups = cgroups;
        this.output = output;
    }

    /**
     * Starts a command in a unit's cgroup. Standard output and error go to a file read by {@link
     * #output()}.
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
        List<Path> cgroups = new ArrayList<>();
        for (Path root : hierarchies()) {
            Path dir = root.resolve("system.slice").resolve(unit);
            Files.createDirectories(dir);
            cgroups.add(dir);
        }
        if (cgroups.isEmpty()) {
            throw new IOException("no systemd cgroup hierarchy under /sys/fs/cgroup");
        }
        StringBuilder procs = new StringBuilder();
        for (Path dir : cgroups) {
            procs.append(procs.length() == 0 ? "" : " ").append(dir.resolve("cgroup.procs"));
        }
        List<String> command = new ArrayList<>(List.of(
                "/bin/sh",
                "-c",
                "for f in $SYSTEMD4J_CGROUP_PROCS; do echo $$ > \"$f\" || exit 125; done;"
                        + " unset SYSTEMD4J_CGROUP_PROCS; exec \"$@\"",
                "sh"));
        command.addAll(builder.command());
        Path output = Files.createTempFile("unit-process", ".out");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(builder.directory())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().clear();
        pb.environment().putAll(builder.environment());
        pb.environment().put("SYSTEMD4J_CGROUP_PROCS", procs.toString());
        return new UnitProcess(pb.start(), cgroups, output);
    }

    private static List<Path> hierarchies() {
        Path root = Path.of("/sys/fs/cgroup");
        List<Path> found = new ArrayList<>();
        if (Files.exists(root.resolve("cgroup.controllers"))) {
            found.add(root); // unified: one tree
            return found;
        }
        if (Files.isDirectory(root.resolve("systemd"))) {
            found.add(root.resolve("systemd"));
        }
        if (Files.exists(root.resolve("unified/cgroup.controllers"))) {
            found.add(root.resolve("unified"));
        }
        return found;
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
        for (Path dir : cgroups) {
            try {
                Files.deleteIfExists(dir); // rmdir; fails while a process remains, which is then harmless
            } catch (IOException ignored) {
                // the kernel refuses to remove a cgroup that still has members
            }
        }
        try {
            Files.deleteIfExists(output);
        } catch (IOException ignored) {
            // a stray temp file is harmless
        }
    }
}
