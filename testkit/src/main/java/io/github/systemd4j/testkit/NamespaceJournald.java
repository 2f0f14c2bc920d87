package io.github.systemd4j.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@link RealJournald} on this host ({@link Backend#NSPAWN}): {@code systemd-journald} as a private
 * journal namespace, without systemd as PID 1.
 *
 * <p>{@link #start} writes {@code /etc/systemd/journald@NAME.conf} ({@link JournaldProcess#CONFIG}), starts {@code systemd-journald NAME} in its own network
 * namespace with {@code net.unix.max_dgram_qlen=512} (systemd's value; the kernel default of 10 would
 * make senders block), waits for its socket, and keeps a stream connection open (a namespace journald
 * exits after about 30 s without clients). {@link #close()} stops it and removes its sockets,
 * configuration and journal files. {@link #read(String...)} runs {@code journalctl --namespace=NAME
 * -o json --all}.
 *
 * <p>Needs Linux, root, and the {@code systemd-journald}, {@code journalctl} and {@code unshare}
 * binaries.
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/systemd-journald.service.html#Journal%20Namespaces">Journal namespaces</a>
 */
final class NamespaceJournald implements JournaldProcess {
    private static final List<Path> JOURNALD_BINARIES =
            List.of(Path.of("/lib/systemd/systemd-journald"), Path.of("/usr/lib/systemd/systemd-journald"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final String namespace;
    private final Path binary;
    private final Path config;
    private final Path runtimeDir;
    private final List<Path> journalDirs;
    private final Path logFile;
    private final boolean ownSession;
    private Process process;
    private SocketChannel keepAlive;
    private boolean closed;

    private NamespaceJournald(String namespace, Path binary, String machineId, boolean ownSession) throws IOException {
        this.namespace = namespace;
        this.ownSession = ownSession;
        this.binary = binary;
        // journald 252 reads a namespace's configuration only from /etc/systemd.
        this.config = Path.of("/etc/systemd/journald@" + namespace + ".conf");
        this.runtimeDir = Path.of("/run/systemd/journal." + namespace);
        // Volatile storage lands under /run; both are removed in case the configuration was not read.
        this.journalDirs = List.of(
                Path.of("/run/log/journal/" + machineId + "." + namespace),
                Path.of("/var/log/journal/" + machineId + "." + namespace));
        this.logFile = Files.createTempFile("journald-" + namespace, ".log");
    }

    /**
     * Starts a journald in a namespace of a given name, which must not be in use.
     *
     * @param namespace the name, as in {@code journalctl --namespace=NAME}
     * @param ownSession whether journald runs in a session of its own, so that a terminal's Ctrl-C
     *     reaches only the JVM (which then stops it) and not journald too; tests keep it in theirs, so
     *     that it dies with an interrupted build
     * @return the running journald
     * @throws JournaldUnavailableException if this machine cannot run one (not root, no binaries)
     * @throws IOException if it was started but did not come up
     */
    static NamespaceJournald start(String namespace, boolean ownSession) throws IOException {
        Optional<String> missing = missing();
        if (missing.isPresent()) {
            throw new JournaldUnavailableException(missing.get());
        }
        Path binary = binary();
        String machineId = Files.readString(Path.of("/etc/machine-id")).strip();
        NamespaceJournald journald = new NamespaceJournald(namespace, binary, machineId, ownSession);
        try {
            Files.createDirectories(journald.config.getParent());
            Files.writeString(journald.config, CONFIG);
            journald.launch();
            return journald;
        } catch (IOException | RuntimeException e) {
            journald.close();
            throw e;
        }
    }

    /**
     * What this machine lacks to run a private journald, every missing piece at once; empty if
     * nothing. Starts nothing: {@link RealJournaldExtension} asks before a test runs whether to skip
     * it.
     */
    static Optional<String> missing() {
        if (!Processes.onLinux()) {
            return Optional.of("journald needs Linux");
        }
        List<String> missing = new ArrayList<>();
        if (!Processes.isRoot()) {
            missing.add("starting a private journald namespace needs root");
        }
        if (binary() == null) {
            missing.add("no systemd-journald binary in " + JOURNALD_BINARIES);
        }
        for (String tool : List.of("journalctl", "unshare")) {
            if (Processes.which(tool) == null) {
                missing.add(tool + " not found on PATH");
            }
        }
        if (!Files.isReadable(Path.of("/etc/machine-id"))) {
            missing.add("/etc/machine-id is missing");
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", missing));
    }

    private static Path binary() {
        return JOURNALD_BINARIES.stream()
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
    }

    private void launch() throws IOException {
        // A network namespace of its own gives journald's socket systemd's queue length of 512
        // without touching the host's sysctl; the socket file is reachable from every namespace.
        List<String> command = new ArrayList<>();
        if (ownSession) {
            // Not a process group leader (the JVM's child), so setsid does not fork: the PID stays journald's;
            // util-linux, like unshare.
            command.add("setsid");
        }
        command.addAll(List.of(
                "unshare",
                "--net",
                "--",
                "/bin/sh",
                "-c",
                "echo 512 > /proc/sys/net/unix/max_dgram_qlen && exec \"$0\" \"$1\"",
                binary.toString(),
                namespace));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment()
                .keySet()
                .removeIf(k -> k.startsWith("NOTIFY_") || k.startsWith("WATCHDOG_") || k.startsWith("LISTEN_"));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        process = pb.start();
        Path socket = runtimeDir.resolve("socket");
        Path stdout = runtimeDir.resolve("stdout");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (Files.exists(socket) && Files.exists(stdout)) {
                try {
                    keepAlive = JournaldProcess.keepAlive(stdout);
                    return;
                } catch (IOException notYet) {
                    // journald creates the socket file just before listening on it
                }
            }
            if (!process.isAlive()) {
                throw new IOException(
                        "systemd-journald " + namespace + " exited with " + process.exitValue() + ": " + log());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("systemd-journald " + namespace + " did not create " + socket + " within "
                        + START_TIMEOUT + ": " + log());
            }
            Processes.sleep(20);
        }
    }

    @Override
    public Backend backend() {
        return Backend.NSPAWN;
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
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    @Override
    public void kill() {
        closeKeepAlive();
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
        }
    }

    @Override
    public void restart() throws IOException {
        kill();
        launch();
    }

    @Override
    public List<JournalRecord> read(String... matches) {
        return Journalctl.readJson(List.of("journalctl", "--namespace=" + namespace), matches);
    }

    @Override
    public String log() {
        try {
            return Files.readString(logFile);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeKeepAlive();
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!waitFor(process)) {
                process.destroyForcibly();
                waitFor(process);
            }
        }
        try {
            for (Path dir : journalDirs) {
                Processes.deleteRecursively(dir);
            }
            Processes.deleteRecursively(runtimeDir);
            Files.deleteIfExists(config);
            Files.deleteIfExists(logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cleaning up journald namespace " + namespace, e);
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

    private static boolean waitFor(Process p) {
        try {
            return p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return namespace + ", pid " + pid();
    }
}
