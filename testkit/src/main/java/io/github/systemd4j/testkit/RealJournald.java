package io.github.systemd4j.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real {@code systemd-journald}, running as a private journal namespace for the duration of a
 * test, without systemd as PID 1.
 *
 * <p>{@link #start()} writes {@code /etc/systemd/journald@NAME.conf} (volatile storage, rate limiting
 * and all forwarding off, 1 GiB files), starts {@code systemd-journald NAME} in its own network
 * namespace with {@code net.unix.max_dgram_qlen=512} (systemd's value; the kernel default of 10 would
 * make senders block), waits for its socket, and keeps a stream connection open (a namespace journald
 * exits after about 30 s without clients). {@link #close()} stops it and removes its sockets,
 * configuration and journal files. Read entries back with {@link #read(String...)}, which runs {@code
 * journalctl --namespace=NAME -o json --all}.
 *
 * <p>Needs Linux, root, and the {@code systemd-journald}, {@code journalctl} and {@code unshare}
 * binaries; {@link #start()} throws {@link JournaldUnavailableException} naming what is missing. Use
 * {@link RealJournaldExtension} to get one per test class in JUnit 5.
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/systemd-journald.service.html#Journal%20Namespaces">Journal namespaces</a>
 */
public final class RealJournald implements AutoCloseable {
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

    private RealJournald(String namespace, Path binary, String machineId, boolean ownSession) throws IOException {
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
     * Starts a journald in a fresh namespace named {@code s4j} followed by random hex digits.
     *
     * @return the running journald
     * @throws JournaldUnavailableException if this machine cannot run one (not root, no binaries)
     * @throws IOException if it was started but did not come up
     */
    public static RealJournald start() throws IOException {
        return start("s4j" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }

    /**
     * Starts a journald in a namespace of a given name, which must not be in use.
     *
     * @param namespace the name, as in {@code journalctl --namespace=NAME}
     * @return the running journald
     * @throws JournaldUnavailableException if this machine cannot run one (not root, no binaries)
     * @throws IOException if it was started but did not come up
     */
    static RealJournald start(String namespace) throws IOException {
        return start(namespace, false);
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
    static RealJournald start(String namespace, boolean ownSession) throws IOException {
        Optional<String> missing = missing();
        if (missing.isPresent()) {
            throw new JournaldUnavailableException(missing.get());
        }
        Path binary = binary();
        String machineId = Files.readString(Path.of("/etc/machine-id")).strip();
        RealJournald journald = new RealJournald(namespace, binary, machineId, ownSession);
        try {
            Files.createDirectories(journald.config.getParent());
            Files.writeString(
                    journald.config,
                    String.join(
                            "\n",
                            "[Journal]",
                            "Storage=volatile",
                            "RateLimitIntervalSec=0",
                            "RateLimitBurst=0",
                            "ForwardToSyslog=no",
                            "ForwardToKMsg=no",
                            "ForwardToConsole=no",
                            "ForwardToWall=no",
                            "MaxLevelStore=debug",
                            "RuntimeMaxUse=4G",
                            "RuntimeMaxFileSize=1G",
                            ""));
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
                    keepAlive = connectStream(stdout);
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

    private SocketChannel connectStream(Path stdout) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(stdout));
            // The stdout-stream header: identifier, unit, priority, level prefix, three forwards.
            String header = "systemd4j-testkit-keepalive\n\n6\n0\n0\n0\n0\n";
            channel.write(ByteBuffer.wrap(header.getBytes(StandardCharsets.US_ASCII)));
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * The journal namespace name, as in {@code journalctl --namespace=NAME}.
     *
     * @return the name
     */
    public String namespace() {
        return namespace;
    }

    /**
     * The native-protocol socket to send entries to.
     *
     * @return {@code /run/systemd/journal.NAME/socket}
     */
    public String socketPath() {
        return runtimeDir.resolve("socket").toString();
    }

    /**
     * The PID of the journald process.
     *
     * @return the pid, or -1 if it is not running
     */
    public long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    /**
     * Kills journald with SIGKILL, as a crash would. Its socket file stays behind, so senders get
     * {@code ECONNREFUSED} until {@link #restart()}.
     */
    public void kill() {
        closeKeepAlive();
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
        }
    }

    /**
     * Starts journald again in the same namespace (after {@link #kill()}, or while running). Entries
     * stored so far are kept.
     *
     * @throws IOException if it did not come up
     */
    public void restart() throws IOException {
        kill();
        launch();
    }

    /**
     * Reads entries with {@code journalctl --namespace=NAME -o json --all}, filtered by matches.
     * Binary values come back byte-exact.
     *
     * @param matches journalctl matches such as {@code "TEST_ID=42"} or {@code "-u", "app"}
     * @return the entries, oldest first
     */
    public List<JournalRecord> read(String... matches) {
        return Journalctl.readJson(List.of("journalctl", "--namespace=" + namespace), matches);
    }

    /**
     * Polls {@link #read(String...)} until at least {@code count} entries match (journald stores
     * asynchronously).
     *
     * @param count how many entries to wait for
     * @param timeout how long to wait
     * @param matches journalctl matches
     * @return the matching entries
     * @throws AssertionError if fewer arrived in time
     */
    public List<JournalRecord> await(int count, Duration timeout, String... matches) {
        return await(r -> true, count, timeout, matches);
    }

    /**
     * Polls until at least {@code count} entries match both the journalctl matches and a filter.
     *
     * @param filter which entries count
     * @param count how many entries to wait for
     * @param timeout how long to wait
     * @param matches journalctl matches
     * @return the entries matching both
     * @throws AssertionError if fewer arrived in time
     */
    public List<JournalRecord> await(Predicate<JournalRecord> filter, int count, Duration timeout, String... matches) {
        List<JournalRecord> found = Journalctl.await(() -> read(matches), filter, count, timeout);
        if (found.size() < count) {
            throw new AssertionError("expected " + count + " journal entries matching " + List.of(matches)
                    + " in namespace " + namespace + ", found " + found.size() + " within " + timeout);
        }
        return found;
    }

    /**
     * What journald printed about itself (its own diagnostics go to stderr here).
     *
     * @return the log so far
     */
    public String log() {
        try {
            return Files.readString(logFile);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Stops journald and removes its configuration, sockets and journal files. Idempotent. */
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
        return "RealJournald[" + namespace + ", pid " + pid() + "]";
    }
}
