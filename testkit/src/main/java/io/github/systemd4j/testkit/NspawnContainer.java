package io.github.systemd4j.testkit;

import io.github.systemd4j.testkit.RealSystemd.CommandResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The machine under {@link RealSystemd}: boots an image's systemd as PID 1 with {@code
 * systemd-nspawn}, runs commands inside it with {@code nsenter}, and halts it. What the machine
 * offers (unit files, the class path, the JDK) is laid out here; what is done with it is {@link
 * RealSystemd}'s.
 */
final class NspawnContainer implements SystemdMachine {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration HALT_TIMEOUT = Duration.ofSeconds(20);

    private final String name;
    private final SystemdImage image;
    private final Path work;
    private Cgroup cgroup;
    private Process nspawn;
    private long leader = -1;
    private String classPath = "";
    private boolean closed;

    private NspawnContainer(String name, SystemdImage image, Path work) {
        this.name = name;
        this.image = image;
        this.work = work;
    }

    /**
     * What this machine lacks to boot {@code image}, every missing piece at once so that one run
     * tells a developer all there is to install; empty if nothing. Boots nothing: {@link
     * RealSystemdExtension} asks before a test runs whether to skip it.
     */
    static Optional<String> missing(SystemdImage image) {
        if (!Processes.onLinux()) {
            return Optional.of("booting systemd needs Linux");
        }
        List<String> missing = new ArrayList<>();
        if (!Processes.isRoot()) {
            missing.add("booting systemd in a container needs root");
        }
        if (Processes.which("systemd-nspawn") == null) {
            missing.add("systemd-nspawn not found on PATH (Debian: apt-get install systemd-container)");
        }
        if (Processes.which("nsenter") == null) {
            missing.add("nsenter not found on PATH (util-linux)");
        }
        if (Cgroup.hierarchies().isEmpty()) {
            missing.add("no cgroup hierarchy systemd could use under " + Cgroup.ROOT);
        }
        image.missingForNspawn().ifPresent(missing::add);
        return missing.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", missing));
    }

    /**
     * Boots a container and waits until {@code systemctl is-system-running} settles.
     *
     * @param image the systemd to boot
     * @param readOnly host paths to bind read-only at the same path inside
     * @param bootTimeout how long booting may take
     * @throws SystemdUnavailableException if this machine cannot boot one
     * @throws IOException if it was started but did not come up (it is halted again)
     */
    static NspawnContainer boot(SystemdImage image, List<Path> readOnly, Duration bootTimeout) throws IOException {
        Optional<String> missing = missing(image);
        if (missing.isPresent()) {
            throw new SystemdUnavailableException(missing.get());
        }
        Path nspawnBinary = Processes.which("systemd-nspawn");
        String name = "s4j-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        NspawnContainer container = new NspawnContainer(name, image, Files.createTempDirectory("systemd4j-" + name));
        try {
            container.launch(nspawnBinary, readOnly, bootTimeout);
            return container;
        } catch (IOException | RuntimeException e) {
            container.close();
            throw e;
        }
    }

    private void launch(Path nspawnBinary, List<Path> readOnly, Duration bootTimeout) throws IOException {
        Path units = Files.createDirectories(unitDirectory());
        // Without a machine-id commit there is nothing to commit on a volatile root; masked, the
        // boot ends "running" instead of "degraded".
        Files.createSymbolicLink(units.resolve("systemd-machine-id-commit.service"), Path.of("/dev/null"));
        Path machineId = work.resolve("machine-id");
        Files.writeString(machineId, SystemdMachine.randomMachineId() + "\n");
        // A tree made by debootstrap carries the host's /etc/hostname; the container is named instead.
        Path hostname = work.resolve("hostname");
        Files.writeString(hostname, name + "\n");
        Path classes = Files.createDirectories(work.resolve("classpath"));
        classPath = JvmCommand.stage(JvmCommand.testClassPath(), classes, RealSystemd.CLASS_PATH_DIR);

        List<String> command = new ArrayList<>(List.of(
                nspawnBinary.toString(),
                "--quiet",
                "--register=no", // no machined on the host
                "--keep-unit",
                "--machine=" + name,
                "--boot",
                "--console=pipe"));
        Collections.addAll(command, image.nspawnRootOptions());
        command.add("--bind-ro=" + machineId + ":/etc/machine-id");
        command.add("--bind-ro=" + hostname + ":/etc/hostname");
        command.add("--bind=" + units + ":/etc/systemd/system");
        command.add("--bind-ro=" + classes + ":" + RealSystemd.CLASS_PATH_DIR);
        for (Path path : javaPaths(image)) {
            command.add("--bind-ro=" + path);
        }
        for (Path path : readOnly) {
            command.add("--bind-ro=" + path);
        }

        // nspawn runs from a cgroup of its own, so that it does not scatter payload/supervisor
        // cgroups into the roots of the host's hierarchies.
        cgroup = Cgroup.create(name);
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("console.log").toFile());
        pb.environment()
                .keySet()
                .removeIf(k -> k.startsWith("NOTIFY_")
                        || k.startsWith("WATCHDOG_")
                        || k.startsWith("LISTEN_")
                        || k.startsWith("SYSTEMD_"));
        pb.environment().putAll(image.nspawnEnvironment());
        nspawn = cgroup.start(pb);

        long deadline = System.nanoTime() + bootTimeout.toNanos();
        leader = awaitLeader(deadline);
        String state = awaitBoot(deadline);
        if (!state.equals("running") && !state.equals("degraded")) {
            throw new IOException("systemd in " + name + " did not boot: is-system-running says " + state + "\n"
                    + exec("systemctl", "--no-pager", "--no-ask-password", "--failed")
                            .output()
                    + console());
        }
    }

    /**
     * The JDK running the tests, and the host configuration Debian's JDKs link to from there
     * ({@code /etc/java-17-openjdk}). The host's {@code /etc/alternatives} only where the host's
     * {@code /usr} is visible: another tree has its own, which its programs need.
     */
    private static List<Path> javaPaths(SystemdImage image) throws IOException {
        List<Path> paths = new ArrayList<>();
        Path home = Path.of(System.getProperty("java.home")).toRealPath();
        if (!image.isHost() || !home.startsWith("/usr")) {
            paths.add(home); // the host's /usr is visible anyway
        }
        if (image.isHost() && Files.isDirectory(Path.of("/etc/alternatives"))) {
            paths.add(Path.of("/etc/alternatives"));
        }
        try (DirectoryStream<Path> etc = Files.newDirectoryStream(Path.of("/etc"), "java-*")) {
            for (Path p : etc) {
                paths.add(p);
            }
        }
        return paths;
    }

    private long awaitLeader(long deadline) throws IOException {
        while (System.nanoTime() - deadline < 0) {
            if (!nspawn.isAlive()) {
                throw new IOException("systemd-nspawn exited with " + nspawn.exitValue() + console());
            }
            // The container's PID 1 is a child of systemd-nspawn on the host; systemctl can talk to
            // it once its private socket exists.
            for (ProcessHandle child : nspawn.toHandle().children().toArray(ProcessHandle[]::new)) {
                if ("systemd".equals(comm(child.pid()))
                        && Files.exists(Path.of("/proc/" + child.pid() + "/root/run/systemd/private"))) {
                    return child.pid();
                }
            }
            Processes.sleep(20);
        }
        throw new IOException("no systemd process appeared in " + name + console());
    }

    private String awaitBoot(long deadline) {
        long left = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()));
        CommandResult result =
                exec(Duration.ofSeconds(left + 5), "timeout", left + "s", "systemctl", "is-system-running", "--wait");
        return result.output().strip();
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm")).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private String console() {
        try {
            return "\n--- console of " + name + " ---\n" + Files.readString(work.resolve("console.log"));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SystemdImage image() {
        return image;
    }

    @Override
    public Backend backend() {
        return Backend.NSPAWN;
    }

    @Override
    public long leaderPid() {
        return leader;
    }

    @Override
    public Path unitDirectory() {
        return work.resolve("units");
    }

    @Override
    public String classPath() {
        return classPath;
    }

    /** {@code /proc/PID/root/...}. */
    @Override
    public Path hostPath(String containerPath) {
        return Path.of("/proc/" + leader + "/root" + containerPath);
    }

    @Override
    public void writeFile(String containerPath, byte[] contents) throws IOException {
        Path file = hostPath(containerPath);
        Files.write(file, contents);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Override
    public List<JournalRecord> journal(String... matches) {
        return Journalctl.readJson(inside("journalctl"), matches);
    }

    /**
     * A command line that runs {@code command} inside: in all the namespaces of its PID 1.
     *
     * @throws IllegalStateException if the container is not running
     */
    private List<String> inside(String... command) {
        if (closed || leader <= 0) {
            throw new IllegalStateException("systemd container " + name + " is not running");
        }
        List<String> full = new ArrayList<>(List.of("nsenter", "--target=" + leader, "--all", "--"));
        Collections.addAll(full, command);
        return full;
    }

    @Override
    public CommandResult exec(String... command) {
        return exec(COMMAND_TIMEOUT, command);
    }

    private CommandResult exec(Duration timeout, String... command) {
        List<String> full = inside(command);
        Path out = null;
        try {
            out = Files.createTempFile(work, "exec", ".out");
            Process p = new ProcessBuilder(full)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new CommandResult(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("running " + full + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // removed with the work directory
                }
            }
        }
    }

    /**
     * Halts the container (SIGTERM to systemd-nspawn, a clean shutdown of every unit), kills what
     * is left after 20 s, and removes its cgroups and files. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (nspawn != null) {
            nspawn.destroy(); // SIGTERM: nspawn asks the container's systemd to halt
            try {
                if (!nspawn.waitFor(HALT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    // Killing PID 1 of the container kills every process in its PID namespace.
                    if (leader > 0) {
                        ProcessHandle.of(leader).ifPresent(ProcessHandle::destroyForcibly);
                    }
                    nspawn.destroyForcibly();
                    nspawn.waitFor(HALT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (cgroup != null) {
            cgroup.remove(Duration.ofSeconds(5)); // systemd's own cgroups below go as their processes end
        }
        try {
            Files.deleteIfExists(Path.of("/run/systemd/nspawn/propagate", name));
        } catch (IOException ignored) {
            // nspawn's own leftover; harmless
        }
        try {
            Processes.deleteRecursively(work);
        } catch (IOException ignored) {
            // a stray temporary directory is harmless
        }
    }

    @Override
    public String toString() {
        return name + ", " + image + ", leader " + leader;
    }
}
