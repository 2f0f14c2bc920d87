package io.github.systemd4j.it;

import io.github.systemd4j.testkit.JournalRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Two hosts on this machine, an "app" host and a "collector" host, each a network, UTS and mount
 * namespace with its own hostname, its own {@code /etc/machine-id} (bind-mounted) and its own address
 * on a veth pair between them (192.0.2.1 and 192.0.2.2, documentation addresses that exist only in
 * the two namespaces). The host's network, hostname, machine id and journal are not touched.
 *
 * <p>On the app host a journald runs as journal namespace {@link #namespace()} and {@code
 * systemd-journal-upload} follows its journal directory and sends it over plain HTTP to {@code
 * systemd-journal-remote} on the collector host, which writes it to {@link #remoteDir()}. Senders in
 * this JVM reach the app journald through its socket file, which every network namespace sees.
 *
 * <p>{@link #close()} stops every process and deletes the namespaces' state, journal files and
 * temporary files, also after a failed start.
 */
final class TwoHosts implements AutoCloseable {
    static final String APP_HOSTNAME = "s4j-app";
    static final String COLLECTOR_HOSTNAME = "s4j-collector";
    static final String APP_ADDRESS = "192.0.2.1";
    static final String COLLECTOR_ADDRESS = "192.0.2.2";
    /** systemd-journal-remote's default HTTP port. */
    static final int PORT = 19532;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final List<String> TOOLS = List.of("unshare", "nsenter", "ip", "journalctl");
    private static final List<String> SYSTEMD_DIRS = List.of("/lib/systemd", "/usr/lib/systemd");

    private final Path work;
    private final String namespace;
    private final List<Process> processes = new ArrayList<>();
    private Host app;
    private Host collector;
    private Path appJournalDir;
    private Path remoteDir;
    private SocketChannel keepAlive;
    private boolean closed;

    /** A host: a process that holds the namespaces, and what it is known by. */
    record Host(String hostname, String machineId, Process holder) {
        /** A command run inside this host's network, UTS and mount namespaces. */
        List<String> inside(String... command) {
            List<String> full = new ArrayList<>(
                    List.of("nsenter", "--target", Long.toString(holder.pid()), "--net", "--uts", "--mount", "--"));
            full.addAll(List.of(command));
            return full;
        }

        /**
         * A daemon run inside this host that ends when its stdin closes: when {@link #close()} closes
         * it, and also when this JVM dies, so that no daemon keeps the namespaces alive. A shell waits
         * for the daemon (its exit is the shell's) while a second one waits for the end of stdin and
         * then stops the daemon with SIGTERM.
         */
        List<String> daemon(String... command) {
            List<String> wrapped = new ArrayList<>(List.of(
                    "/bin/sh",
                    "-c",
                    "exec 3<&0; \"$@\" 3<&- & pid=$!; { cat <&3 >/dev/null; kill $pid 2>/dev/null; } &"
                            + " exec 3<&-; wait $pid",
                    "sh"));
            wrapped.addAll(List.of(command));
            return inside(wrapped.toArray(String[]::new));
        }
    }

    private TwoHosts() throws IOException {
        this.work = Files.createTempDirectory("s4j-two-hosts");
        this.namespace = "s4jr" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /**
     * What this machine lacks for two hosts, every missing piece at once; empty if nothing.
     *
     * @return the reason, or empty
     */
    static Optional<String> missing() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return Optional.of("two hosts need Linux namespaces");
        }
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            missing.add("namespaces and a private journald need root");
        }
        for (String tool : TOOLS) {
            if (onPath(tool) == null) {
                missing.add(tool + " not found on PATH");
            }
        }
        for (String binary : List.of("systemd-journald", "systemd-journal-remote", "systemd-journal-upload")) {
            if (systemdBinary(binary) == null) {
                missing.add(binary + " not found in " + SYSTEMD_DIRS
                        + (binary.startsWith("systemd-journal-")
                                ? " (Debian: apt-get install systemd-journal-remote)"
                                : ""));
            }
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", missing));
    }

    /**
     * Sets up both hosts, the app journald, journal-remote and journal-upload.
     *
     * @return the running hosts
     * @throws IOException if a part did not come up (what it printed is in the message)
     */
    static TwoHosts start() throws IOException {
        TwoHosts hosts = new TwoHosts();
        try {
            hosts.app = hosts.host(APP_HOSTNAME);
            hosts.collector = hosts.host(COLLECTOR_HOSTNAME);
            hosts.connect();
            hosts.startJournald();
            hosts.startRemote();
            hosts.startUpload();
            return hosts;
        } catch (IOException | RuntimeException e) {
            hosts.close();
            throw e;
        }
    }

    /**
     * Starts the process that holds a new host's namespaces: it sets the hostname, binds a fresh
     * machine id over {@code /etc/machine-id}, brings up loopback, says {@code ready} and then waits on
     * its stdin, so that it also ends when this JVM dies.
     */
    private Host host(String hostname) throws IOException {
        String machineId = UUID.randomUUID().toString().replace("-", "");
        Path idFile = work.resolve(hostname + ".machine-id");
        Files.writeString(idFile, machineId + "\n");
        Process holder = start(
                List.of(
                        "unshare",
                        "--net",
                        "--uts",
                        "--mount",
                        "--propagation",
                        "private",
                        "--",
                        "/bin/sh",
                        "-c",
                        "hostname \"$0\" && mount --bind \"$1\" /etc/machine-id && ip link set lo up"
                                + " && echo ready && exec cat",
                        hostname,
                        idFile.toString()),
                hostname,
                false);
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        if (!"ready".equals(out.readLine())) {
            throw new IOException("host " + hostname + " could not be set up: " + log(hostname));
        }
        return new Host(hostname, machineId, holder);
    }

    /** The veth pair, made inside the app host with its peer moved straight into the collector's. */
    private void connect() throws IOException {
        run(app.inside(
                "ip",
                "link",
                "add",
                "s4j-app",
                "type",
                "veth",
                "peer",
                "name",
                "s4j-collector",
                "netns",
                Long.toString(collector.holder().pid())));
        run(app.inside("ip", "addr", "add", APP_ADDRESS + "/24", "dev", "s4j-app"));
        run(app.inside("ip", "link", "set", "s4j-app", "up"));
        run(collector.inside("ip", "addr", "add", COLLECTOR_ADDRESS + "/24", "dev", "s4j-collector"));
        run(collector.inside("ip", "link", "set", "s4j-collector", "up"));
    }

    private void startJournald() throws IOException {
        Path config = config();
        Files.createDirectories(config.getParent());
        Files.writeString(
                config,
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
        // journald names its directory after the machine id it reads: the app host's.
        appJournalDir = Path.of("/run/log/journal/" + app.machineId() + "." + namespace);
        // Without systemd as PID 1 the unix datagram queue is 10 long; systemd sets 512 (per network namespace).
        Process journald = start(
                app.daemon(
                        "/bin/sh",
                        "-c",
                        "echo 512 > /proc/sys/net/unix/max_dgram_qlen && exec \"$0\" \"$1\"",
                        systemdBinary("systemd-journald").toString(),
                        namespace),
                "journald",
                true);
        Path socket = runtimeDir().resolve("socket");
        Path stdout = runtimeDir().resolve("stdout");
        awaitCondition("journald's sockets in " + runtimeDir(), journald, "journald", () -> {
            if (!Files.exists(socket) || !Files.exists(stdout)) {
                return false;
            }
            try {
                keepAlive = keepAlive(stdout);
                return true;
            } catch (IOException notYet) {
                return false; // journald creates the socket file just before listening on it
            }
        });
        awaitCondition(
                "journal directory " + appJournalDir, journald, "journald", () -> Files.isDirectory(appJournalDir));
    }

    /** A namespace journald exits after about 30 s without clients; an open stdout stream keeps it. */
    private static SocketChannel keepAlive(Path stdout) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(stdout));
            // The stdout-stream header: identifier, unit, priority, level prefix, three forwards.
            channel.write(
                    ByteBuffer.wrap("systemd4j-keepalive\n\n6\n0\n0\n0\n0\n".getBytes(StandardCharsets.US_ASCII)));
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    private void startRemote() throws IOException {
        remoteDir = Files.createDirectory(work.resolve("remote"));
        Process remote = start(
                collector.daemon(
                        systemdBinary("systemd-journal-remote").toString(),
                        "--listen-http=" + COLLECTOR_ADDRESS + ":" + PORT,
                        "--output=" + remoteDir + "/"),
                "journal-remote",
                true);
        // nsenter execs the wrapping shell, so its PID's view of /proc/PID/net/tcp is the collector's.
        Path tcp = Path.of("/proc/" + remote.pid() + "/net/tcp");
        String listening = String.format("%s:%04X", hexAddress(COLLECTOR_ADDRESS), PORT);
        awaitCondition(
                "journal-remote listening on " + COLLECTOR_ADDRESS + ":" + PORT, remote, "journal-remote", () -> {
                    try (Stream<String> lines = Files.lines(tcp)) {
                        // local_address is the second column, st (0A = LISTEN) the fourth.
                        return lines.map(l -> l.trim().split("\\s+"))
                                .anyMatch(c -> c.length > 3 && c[1].equals(listening) && c[3].equals("0A"));
                    } catch (IOException | UncheckedIOException e) {
                        return false;
                    }
                });
    }

    /** An IPv4 address as /proc/net/tcp prints it: the 32-bit value in host (little-endian) order. */
    private static String hexAddress(String dotted) {
        String[] octets = dotted.split("\\.");
        StringBuilder hex = new StringBuilder();
        for (int i = 3; i >= 0; i--) {
            hex.append(String.format("%02X", Integer.parseInt(octets[i])));
        }
        return hex.toString();
    }

    private void startUpload() throws IOException {
        start(
                app.daemon(
                        systemdBinary("systemd-journal-upload").toString(),
                        "--url=http://" + COLLECTOR_ADDRESS + ":" + PORT,
                        "--directory=" + appJournalDir,
                        "--save-state=" + work.resolve("upload.state"),
                        "--follow=yes"),
                "journal-upload",
                true);
    }

    /**
     * The app journald's journal namespace.
     *
     * @return the name, as in {@code journalctl --namespace=NAME} on the app host
     */
    String namespace() {
        return namespace;
    }

    Host app() {
        return app;
    }

    Host collector() {
        return collector;
    }

    /** journal-remote's output directory on the collector. */
    Path remoteDir() {
        return remoteDir;
    }

    /**
     * The entries the app journald stored, read with {@code journalctl --directory=... -o export}.
     *
     * @param matches journalctl matches
     * @return the entries, oldest first
     */
    List<JournalRecord> appEntries(String... matches) {
        List<String> command = new ArrayList<>(List.of("journalctl", "--directory=" + appJournalDir));
        command.addAll(List.of(matches));
        return ExportFormat.read(command);
    }

    /**
     * The entries on the collector, read there with {@code journalctl --directory=REMOTE -o export}.
     *
     * @param matches journalctl matches
     * @return the entries, oldest first
     */
    List<JournalRecord> collectorEntries(String... matches) {
        List<String> command = new ArrayList<>(List.of("journalctl", "--directory=" + remoteDir));
        command.addAll(List.of(matches));
        return ExportFormat.read(collector.inside(command.toArray(String[]::new)));
    }

    /**
     * Polls the collector until at least {@code count} entries match (upload and remote work
     * asynchronously).
     *
     * @param count how many to wait for
     * @param timeout how long
     * @param matches journalctl matches
     * @return the entries
     * @throws AssertionError if fewer arrived in time, with what the three daemons printed
     */
    List<JournalRecord> awaitCollector(int count, Duration timeout, String... matches) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<JournalRecord> found = collectorEntries(matches);
            if (found.size() >= count) {
                return found;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("expected " + count + " entries matching " + List.of(matches)
                        + " on the collector, found " + found.size() + " within " + timeout + "; app journal has "
                        + appEntries(matches).size() + "; journal-upload: " + log("journal-upload")
                        + "; journal-remote: " + log("journal-remote"));
            }
            sleep(100);
        }
    }

    /**
     * Runs a short command and returns its output.
     *
     * @param command the command
     * @return what it printed on stdout
     * @throws IOException if it failed (with what it printed)
     */
    static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int exit = waitFor(p, Duration.ofSeconds(30));
        if (exit != 0) {
            throw new IOException(command + " exited " + exit + ": " + out);
        }
        return out;
    }

    /** Starts a long-running process whose output goes to a log file in the work directory. */
    private Process start(List<String> command, String name, boolean toLog) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        // Not the build's own systemd environment (a notify socket, passed sockets).
        pb.environment()
                .keySet()
                .removeIf(k -> k.startsWith("NOTIFY_") || k.startsWith("WATCHDOG_") || k.startsWith("LISTEN_"));
        Path log = work.resolve(name + ".log");
        if (toLog) {
            pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        } else {
            pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /** What a process started by {@link #start} printed. */
    private String log(String name) {
        try {
            Path log = work.resolve(name + ".log");
            return Files.exists(log) ? Files.readString(log) : "(nothing)";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private interface Check {
        boolean done() throws IOException;
    }

    private void awaitCondition(String what, Process process, String name, Check check) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!check.done()) {
            if (!process.isAlive()) {
                throw new IOException(
                        name + " exited with " + process.exitValue() + " before " + what + ": " + log(name));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("no " + what + " within " + START_TIMEOUT + ": " + log(name));
            }
            sleep(20);
        }
    }

    private Path config() {
        // journald 252 reads a namespace's configuration only from /etc/systemd.
        return Path.of("/etc/systemd/journald@" + namespace + ".conf");
    }

    private Path runtimeDir() {
        return Path.of("/run/systemd/journal." + namespace);
    }

    static Path systemdBinary(String name) {
        return SYSTEMD_DIRS.stream()
                .map(d -> Path.of(d, name))
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
    }

    private static Path onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, tool);
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Stops upload, remote and journald, then the hosts (their namespaces and the veth pair go with
     * their last process), and deletes the journal files, sockets, configuration and work directory.
     * Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (keepAlive != null) {
            try {
                keepAlive.close();
            } catch (IOException ignored) {
                // closing a unix stream socket does not fail in a way that matters here
            }
        }
        // Newest first: upload before remote, the daemons before the hosts that hold their namespaces.
        for (int i = processes.size() - 1; i >= 0; i--) {
            stop(processes.get(i));
        }
        try {
            if (appJournalDir != null) {
                deleteRecursively(appJournalDir);
            }
            deleteRecursively(runtimeDir());
            Files.deleteIfExists(config());
            deleteRecursively(work);
        } catch (IOException e) {
            throw new UncheckedIOException("cleaning up the two hosts of journal namespace " + namespace, e);
        }
    }

    /** Closes a holder's or daemon's stdin, which ends it; signals only one that does not end. */
    private static void stop(Process p) {
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // the pipe is gone already
        }
        if (waitFor(p, Duration.ofSeconds(10)) == Integer.MIN_VALUE) {
            p.destroy();
            if (waitFor(p, Duration.ofSeconds(10)) == Integer.MIN_VALUE) {
                p.destroyForcibly();
                waitFor(p, Duration.ofSeconds(10));
            }
        }
    }

    /** Waits for a process; its exit code, or {@link Integer#MIN_VALUE} if it is still running. */
    private static int waitFor(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? p.exitValue() : Integer.MIN_VALUE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Integer.MIN_VALUE;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "TwoHosts[app " + app + ", collector " + collector + ", namespace " + namespace + "]";
    }
}
