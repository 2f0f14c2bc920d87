package io.github.systemd4j.testkit;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import io.github.systemd4j.testkit.RealSystemd.CommandResult;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The machine under {@link RealSystemd} on the {@linkplain Backend#DOCKER Docker backend}: an
 * image's systemd as PID 1 of a Docker container, commands run with {@code docker exec}.
 *
 * <p>What the container gets, and why: capabilities {@code SYS_ADMIN} (systemd mounts and sets up
 * namespaces for its units), {@code NET_ADMIN} (it configures the loopback device) and {@code
 * SYS_PTRACE} (it reads its services' {@code /proc} entries); seccomp and AppArmor unconfined
 * (Docker's default profiles refuse the mount and keyring calls systemd makes); a cgroup namespace of
 * its own, so systemd manages a cgroup tree it owns; tmpfs on {@code /run}, {@code /run/lock} and
 * {@code /tmp}, as systemd expects at boot; {@code container=docker}, so that it runs in container
 * mode; {@code SIGRTMIN+3} as stop signal, systemd's request to halt. Not {@code --privileged}: Docker
 * grants every capability then, which a machine whose own capability set is smaller cannot apply.
 *
 * <p>Bound read-only, as in {@link NspawnContainer}: the JDK running the tests (and Debian's {@code
 * /etc/java-*}), the copy of the test class path, a random machine id; unit files are written into a
 * bound directory.
 */
final class DockerContainer implements SystemdMachine {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration HALT_TIMEOUT = Duration.ofSeconds(20);
    private static final String TESTCONTAINERS = "org.testcontainers.dockerclient.DockerClientProviderStrategy";

    /**
     * PID 1's command. Docker mounts the cgroup file systems read-only; systemd must write its own
     * subtree, which the private cgroup namespace makes the container's. On a cgroup v2 host the
     * mount is made writable; on a v1 or hybrid host the {@code name=systemd} hierarchy is mounted
     * afresh (rooted at the container's cgroup), or systemd cannot move its services' processes
     * there and logs a warning into each one's journal.
     */
    private static final String BOOT = String.join(
            "\n",
            "if grep -q ' /sys/fs/cgroup cgroup2 ro' /proc/self/mounts; then",
            "  mount -o remount,rw /sys/fs/cgroup",
            "fi",
            "if grep -q ' /sys/fs/cgroup/systemd cgroup ro' /proc/self/mounts; then",
            "  umount /sys/fs/cgroup/systemd &&",
            "  mount -t cgroup -o none,name=systemd,nosuid,nodev,noexec systemd /sys/fs/cgroup/systemd",
            "fi",
            "exec /usr/lib/systemd/systemd --show-status=false");

    private final String name;
    private final SystemdImage image;
    private final Path work;
    private final DockerDaemon daemon;
    private String id;
    private String classPath = "";
    private boolean closed;

    private DockerContainer(String name, SystemdImage image, Path work, DockerDaemon daemon) {
        this.name = name;
        this.image = image;
        this.work = work;
        this.daemon = daemon;
    }

    /**
     * What this machine lacks to boot {@code image} in Docker; empty if nothing. Connects to the
     * daemon (once per JVM), boots nothing.
     */
    static Optional<String> missing(SystemdImage image) {
        Optional<String> library = missingLibrary();
        if (library.isPresent()) {
            return library;
        }
        Optional<String> unbootable = image.missingForDocker();
        if (unbootable.isPresent()) {
            return unbootable;
        }
        Object daemon = DockerDaemon.find();
        return daemon instanceof String ? Optional.of((String) daemon) : Optional.empty();
    }

    /** Whether Testcontainers is on the class path; checked before any class that uses it loads. */
    private static Optional<String> missingLibrary() {
        try {
            Class.forName(TESTCONTAINERS, false, DockerContainer.class.getClassLoader());
            return Optional.empty();
        } catch (ClassNotFoundException e) {
            return Optional.of("the Docker backend needs org.testcontainers:testcontainers on the test class path");
        }
    }

    /**
     * Boots a container and waits until {@code systemctl is-system-running} settles.
     *
     * @throws SystemdUnavailableException if this machine cannot boot one in Docker
     * @throws IOException if it was started but did not come up (it is removed again)
     */
    static DockerContainer boot(SystemdImage image, List<Path> readOnly, Duration bootTimeout) throws IOException {
        Optional<String> missing = missing(image);
        if (missing.isPresent()) {
            throw new SystemdUnavailableException(missing.get());
        }
        DockerDaemon daemon = (DockerDaemon) DockerDaemon.find();
        String name = "s4j-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DockerContainer container =
                new DockerContainer(name, image, Files.createTempDirectory("systemd4j-" + name), daemon);
        try {
            container.launch(readOnly, bootTimeout);
            return container;
        } catch (IOException | RuntimeException e) {
            try {
                container.close();
            } catch (RuntimeException notRemoved) {
                e.addSuppressed(notRemoved);
            }
            throw e;
        }
    }

    private void launch(List<Path> readOnly, Duration bootTimeout) throws IOException {
        String imageName = daemon.imageFor(image); // the first time, a build: not part of the boot
        // World-readable: the daemon may map the container's root to another user than ours.
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path units = Files.createDirectories(unitDirectory());
        Files.setPosixFilePermissions(units, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(units.resolve("systemd-machine-id-commit.service"), Path.of("/dev/null"));
        Path machineId = work.resolve("machine-id");
        Files.writeString(machineId, SystemdMachine.randomMachineId() + "\n");
        Files.setPosixFilePermissions(machineId, PosixFilePermissions.fromString("rw-r--r--"));
        Path classes = Files.createDirectories(work.resolve("classpath"));
        classPath = JvmCommand.stage(JvmCommand.testClassPath(), classes, RealSystemd.CLASS_PATH_DIR);

        List<Bind> binds = new ArrayList<>();
        binds.add(new Bind(machineId.toString(), new Volume("/etc/machine-id"), AccessMode.ro));
        binds.add(new Bind(units.toString(), new Volume("/etc/systemd/system"), AccessMode.rw));
        binds.add(new Bind(classes.toString(), new Volume(RealSystemd.CLASS_PATH_DIR), AccessMode.ro));
        for (Path path : javaPaths()) {
            binds.add(new Bind(path.toString(), new Volume(path.toString()), AccessMode.ro));
        }
        for (Path path : readOnly) {
            binds.add(new Bind(path.toString(), new Volume(path.toString()), AccessMode.ro));
        }
        HostConfig host = HostConfig.newHostConfig()
                .withCapAdd(Capability.SYS_ADMIN, Capability.NET_ADMIN, Capability.SYS_PTRACE)
                .withSecurityOpts(List.of("seccomp=unconfined", "apparmor=unconfined"))
                .withCgroupnsMode("private")
                .withTmpFs(Map.of(
                        "/run", "rw,nosuid,nodev,exec,mode=755",
                        "/run/lock", "rw,nosuid,nodev,noexec,mode=1777",
                        "/tmp", "rw,nosuid,nodev,exec,mode=1777"))
                .withBinds(binds);
        CreateContainerCmd create = daemon.client()
                .createContainerCmd(imageName)
                .withName(name)
                .withHostName(name)
                // Replaces the image's entry point, and so its command (Docker drops it then).
                .withEntrypoint("/bin/sh", "-c", BOOT)
                .withEnv("container=docker")
                .withStopSignal("SIGRTMIN+3")
                .withHostConfig(host);
        id = daemon.start(create);

        String state = awaitBoot(System.nanoTime() + bootTimeout.toNanos());
        if (!state.equals("running") && !state.equals("degraded")) {
            throw new IOException("systemd in " + name + " did not boot: is-system-running says " + state + "\n"
                    + (daemon.isRunning(id)
                            ? exec("systemctl", "--no-pager", "--no-ask-password", "--failed")
                                    .output()
                            : "")
                    + console());
        }
    }

    /** The JDK running the tests, and the configuration Debian's JDKs link to in {@code /etc}. */
    private static List<Path> javaPaths() throws IOException {
        List<Path> paths = new ArrayList<>();
        paths.add(Path.of(System.getProperty("java.home")).toRealPath());
        try (DirectoryStream<Path> etc = Files.newDirectoryStream(Path.of("/etc"), "java-*")) {
            for (Path p : etc) {
                paths.add(p);
            }
        }
        return paths;
    }

    /**
     * Polls until systemd answers on its private socket, then waits for the boot to settle; returns
     * what {@code is-system-running} said last.
     */
    private String awaitBoot(long deadline) {
        String said = "no answer";
        while (System.nanoTime() - deadline < 0) {
            if (!daemon.isRunning(id)) {
                return "exited (the container stopped)";
            }
            long left =
                    Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toSeconds());
            CommandResult result = daemon.exec(
                    id,
                    Duration.ofSeconds(left + 5),
                    null,
                    "timeout",
                    left + "s",
                    "systemctl",
                    "is-system-running",
                    "--wait");
            said = result.output().strip();
            if (said.equals("running") || said.equals("degraded") || said.equals("maintenance")) {
                return said;
            }
            // Before systemd listens on its socket, systemctl cannot connect; try again shortly.
            Processes.sleep(50);
        }
        return said;
    }

    private String console() {
        return "\n--- console of " + name + " ---\n" + daemon.logs(id);
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
        return Backend.DOCKER;
    }

    @Override
    public long leaderPid() {
        return id == null || closed ? -1 : daemon.pid(id);
    }

    @Override
    public Path unitDirectory() {
        return work.resolve("units");
    }

    @Override
    public String classPath() {
        return classPath;
    }

    /** Not available: the daemon's root file system is not this user's to look into. */
    @Override
    public Path hostPath(String containerPath) {
        throw new UnsupportedOperationException("the Docker backend cannot show " + containerPath
                + " as a host path: use RealSystemd.writeFile or exec");
    }

    /**
     * Written by a shell inside, from base64 in pieces that fit one argument: Docker's copy into a
     * container does not reach its tmpfs mounts such as {@code /run}.
     */
    @Override
    public void writeFile(String containerPath, byte[] contents) throws IOException {
        String encoded = Base64.getEncoder().encodeToString(contents);
        int piece = 64 * 1024; // below Linux's 128 KiB limit for one argument
        int at = 0;
        do {
            String part = encoded.substring(at, Math.min(encoded.length(), at + piece));
            CommandResult result = exec(
                    "/bin/sh",
                    "-c",
                    "printf %s \"$1\" | base64 -d " + (at == 0 ? ">" : ">>") + " \"$2\" && chmod 644 \"$2\"",
                    "sh",
                    part,
                    containerPath);
            if (result.exitCode() != 0) {
                throw new IOException("cannot write " + containerPath + " in " + name + ": " + result);
            }
            at += piece;
        } while (at < encoded.length());
    }

    @Override
    public CommandResult exec(String... command) {
        return daemon.exec(running(), COMMAND_TIMEOUT, null, command);
    }

    @Override
    public List<JournalRecord> journal(String... matches) {
        return daemon.journal(running(), List.of("journalctl"), matches);
    }

    private String running() {
        if (closed || id == null) {
            throw new IllegalStateException("systemd container " + name + " is not running");
        }
        return id;
    }

    /** Halts the container (systemd's clean shutdown), kills it after 20 s, removes it. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (id != null) {
                daemon.remove(id, HALT_TIMEOUT);
            }
        } finally {
            try {
                Processes.deleteRecursively(work);
            } catch (IOException ignored) {
                // a stray temporary directory is harmless
            }
        }
    }

    @Override
    public String toString() {
        return name + ", " + image + ", Docker";
    }
}
