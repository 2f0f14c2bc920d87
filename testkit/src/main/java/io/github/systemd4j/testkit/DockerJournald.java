package io.github.systemd4j.testkit;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link RealJournald} on the {@linkplain Backend#DOCKER Docker backend}: the image's {@code
 * systemd-journald NAME} as PID 1 of a Docker container, its runtime directory a directory of this
 * host, so that this host's processes send to its socket as to any journald.
 *
 * <p>The container shares this host's process ID and cgroup namespaces, so journald sees senders as
 * they are ({@code _PID}, {@code _COMM}, {@code _EXE} with {@code SYS_PTRACE}, {@code
 * _SYSTEMD_UNIT} from their cgroup), and this host's {@code /etc/machine-id} and host name; its own
 * network namespace (no network) gives its socket systemd's queue length of 512. The journal lives in
 * the container's writable layer, so {@link #kill()} and {@link #restart()} keep it. Needs a Docker
 * daemon on this machine's kernel (Docker Engine, rootless Docker or Podman's Docker API on Linux;
 * not Docker Desktop's virtual machine, whose sockets this host cannot reach).
 */
final class DockerJournald implements JournaldProcess {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final String namespace;
    private final SystemdImage image;
    private final Path work;
    private final Path runtimeDir;
    private final DockerDaemon daemon;
    private String id;
    private SocketChannel keepAlive;
    private boolean closed;

    private DockerJournald(String namespace, SystemdImage image, Path work, DockerDaemon daemon) {
        this.namespace = namespace;
        this.image = image;
        this.work = work;
        this.runtimeDir = work.resolve("journal." + namespace);
        this.daemon = daemon;
    }

    /** The image whose journald runs: {@link SystemdImage#configured()}, or trixie for the host's. */
    static SystemdImage image() {
        SystemdImage configured = SystemdImage.configured();
        return configured.isHost() ? SystemdImage.trixie() : configured;
    }

    /** What this machine lacks to run a journald in Docker; empty if nothing. */
    static Optional<String> missing() {
        return DockerContainer.missing(image());
    }

    static DockerJournald start(String namespace) throws IOException {
        SystemdImage image = image();
        Optional<String> missing = DockerContainer.missing(image);
        if (missing.isPresent()) {
            throw new JournaldUnavailableException(missing.get());
        }
        DockerJournald journald =
                new DockerJournald(namespace, image, Files.createTempDirectory("systemd4j-" + namespace), (DockerDaemon)
                        DockerDaemon.find());
        try {
            journald.create();
            journald.awaitSockets();
            return journald;
        } catch (IOException | RuntimeException e) {
            try {
                journald.close();
            } catch (RuntimeException notRemoved) {
                e.addSuppressed(notRemoved);
            }
            throw e;
        }
    }

    private void create() throws IOException {
        String imageName = daemon.imageFor(image);
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(runtimeDir);
        // journald, root in the container, creates its sockets here; under a daemon that maps root
        // to another user, only a directory open to all lets it.
        Files.setPosixFilePermissions(runtimeDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path config = work.resolve("journald@" + namespace + ".conf");
        Files.writeString(config, CONFIG, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));

        List<Bind> binds = new ArrayList<>();
        binds.add(new Bind(runtimeDir.toString(), new Volume("/run/systemd/journal." + namespace), AccessMode.rw));
        // journald 252 and 257 read a namespace's configuration from /etc/systemd.
        binds.add(
                new Bind(config.toString(), new Volume("/etc/systemd/journald@" + namespace + ".conf"), AccessMode.ro));
        Path machineId = Path.of("/etc/machine-id");
        if (Files.isReadable(machineId) && Files.size(machineId) > 0) {
            binds.add(new Bind(machineId.toString(), new Volume("/etc/machine-id"), AccessMode.ro));
        }
        HostConfig host = HostConfig.newHostConfig()
                .withPidMode("host")
                .withCgroupnsMode("host")
                .withNetworkMode("none")
                .withSysctls(Map.of("net.unix.max_dgram_qlen", "512"))
                .withCapAdd(Capability.SYS_PTRACE)
                .withSecurityOpts(List.of("apparmor=unconfined"))
                .withBinds(binds);
        CreateContainerCmd create = daemon.client()
                .createContainerCmd(imageName)
                .withName(namespace)
                .withHostName(hostName())
                .withEntrypoint("/usr/lib/systemd/systemd-journald", namespace)
                .withHostConfig(host);
        id = daemon.start(create);
    }

    private static String hostName() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    }

    /** Waits until journald listens on its sockets, and connects the keep-alive stream. */
    private void awaitSockets() throws IOException {
        Path socket = runtimeDir.resolve("socket");
        Path stdout = runtimeDir.resolve("stdout");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (Files.exists(socket) && Files.exists(stdout)) {
                try {
                    keepAlive = JournaldProcess.keepAlive(stdout);
                    return;
                } catch (IOException notYet) {
                    // a stale socket file of a killed journald, or one not listening yet
                }
            }
            if (!daemon.isRunning(id)) {
                throw new IOException("systemd-journald " + namespace + " in Docker exited: " + log());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("systemd-journald " + namespace + " in Docker did not create " + socket
                        + " within " + START_TIMEOUT + ": " + log());
            }
            Processes.sleep(20);
        }
    }

    @Override
    public Backend backend() {
        return Backend.DOCKER;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public String socketPath() {
        return runtimeDir.resolve("socket").toString();
    }

    @Override
    public long pid() {
        return id == null || closed ? -1 : daemon.pid(id);
    }

    @Override
    public void kill() {
        closeKeepAlive();
        daemon.kill(id);
    }

    @Override
    public void restart() throws IOException {
        kill();
        daemon.startAgain(id);
        awaitSockets();
    }

    /** Inside the container, so only while it runs: not between {@link #kill()} and {@link #restart()}. */
    @Override
    public List<JournalRecord> read(String... matches) {
        if (closed || id == null) {
            throw new IllegalStateException("journald " + namespace + " is closed");
        }
        if (!daemon.isRunning(id)) {
            throw new IllegalStateException("journald " + namespace + " was killed: on the Docker backend its"
                    + " journal is read inside its container, after restart()");
        }
        return daemon.journal(id, List.of("journalctl", "--namespace=" + namespace), matches);
    }

    @Override
    public String log() {
        return id == null ? "" : daemon.logs(id);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeKeepAlive();
        try {
            if (id != null) {
                daemon.remove(id, Duration.ofSeconds(10));
            }
        } finally {
            try {
                Processes.deleteRecursively(work);
            } catch (IOException ignored) {
                // journald's sockets, owned by root, may stay where the daemon maps root to another user
            }
        }
    }

    private void closeKeepAlive() {
        if (keepAlive != null) {
            try {
                keepAlive.close();
            } catch (IOException ignored) {
                // closing a unix stream socket does not fail in a way that matters here
            }
            keepAlive = null;
        }
    }

    @Override
    public String toString() {
        return namespace + " in Docker" + (id == null ? "" : " (container " + id.substring(0, 12) + ")");
    }
}
