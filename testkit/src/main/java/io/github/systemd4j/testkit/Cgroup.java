package io.github.systemd4j.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One cgroup, such as {@code system.slice/app.service}, in every hierarchy systemd uses on this host
 * ({@code name=systemd} and {@code unified} on hybrid hosts, the single tree on unified ones), and
 * the way into it: a process started by {@link #start} moves itself there before it executes its
 * command, so that even its first syscall happens inside. Needs root.
 */
final class Cgroup {
    static final Path ROOT = Path.of("/sys/fs/cgroup");

    /** Writes the shell's pid into every listed cgroup.procs, then becomes the command. */
    private static final String ENTER = "for f in $SYSTEMD4J_CGROUP_PROCS; do echo $$ > \"$f\" || exit 125; done;"
            + " unset SYSTEMD4J_CGROUP_PROCS; exec \"$@\"";

    private final List<Path> dirs;

    private Cgroup(List<Path> dirs) {
        this.dirs = dirs;
    }

    /** The cgroup trees systemd uses on this host: the unified one, or name=systemd plus unified. */
    static List<Path> hierarchies() {
        if (Files.exists(ROOT.resolve("cgroup.controllers"))) {
            return List.of(ROOT);
        }
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(ROOT.resolve("systemd"))) {
            found.add(ROOT.resolve("systemd"));
        }
        if (Files.exists(ROOT.resolve("unified/cgroup.controllers"))) {
            found.add(ROOT.resolve("unified"));
        }
        return found;
    }

    /**
     * Creates the cgroup (and its parents) in every hierarchy.
     *
     * @param relative such as {@code system.slice/app.service}
     * @throws IOException if there is no hierarchy or a directory cannot be made; what was made is
     *     removed again
     */
    static Cgroup create(String relative) throws IOException {
        List<Path> hierarchies = hierarchies();
        if (hierarchies.isEmpty()) {
            throw new IOException("no systemd cgroup hierarchy under " + ROOT);
        }
        Cgroup cgroup = new Cgroup(new ArrayList<>());
        try {
            for (Path hierarchy : hierarchies) {
                Path dir = hierarchy.resolve(relative);
                Files.createDirectories(dir);
                cgroup.dirs.add(dir);
            }
            return cgroup;
        } catch (IOException e) {
            cgroup.remove(Duration.ZERO);
            throw e;
        }
    }

    /**
     * Starts {@code builder}'s command inside this cgroup, through {@code /bin/sh}. The builder's
     * directory, environment and redirects apply; its command is replaced by the wrapped one.
     *
     * @return the started process (the shell, which has become the command once it joined)
     */
    Process start(ProcessBuilder builder) throws IOException {
        StringBuilder procs = new StringBuilder();
        for (Path dir : dirs) {
            procs.append(procs.length() == 0 ? "" : " ").append(dir.resolve("cgroup.procs"));
        }
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", ENTER, "sh"));
        command.addAll(builder.command());
        builder.command(command);
        builder.environment().put("SYSTEMD4J_CGROUP_PROCS", procs.toString());
        return builder.start();
    }

    /**
     * Removes the cgroup and whatever cgroups appeared below it (systemd makes its own), deepest
     * first, with rmdir only: the kernel refuses a cgroup that still has members. Tries again every
     * 100 ms while members are still leaving, up to {@code patience}; with zero it tries once.
     */
    void remove(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        for (Path dir : dirs) {
            while (!removeTree(dir) && System.nanoTime() - deadline < 0) {
                Processes.sleep(100);
            }
        }
    }

    /** One pass, deepest first; whether the cgroup is gone. */
    private static boolean removeTree(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).forEach(d -> {
                try {
                    Files.deleteIfExists(d);
                } catch (IOException busy) {
                    // members still leaving: the caller tries again or leaves it
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // the tree changed while walking: the caller tries again or leaves it
        }
        return !Files.exists(dir);
    }
}
