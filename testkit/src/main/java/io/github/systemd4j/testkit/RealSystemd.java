package io.github.systemd4j.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real systemd as PID 1 of a throw-away container, for tests of services that talk to it:
 * readiness, watchdog, reload, the fd store, the journal.
 *
 * <pre>{@code
 * try (RealSystemd systemd = RealSystemd.boot()) {
 *     systemd.installUnit("app.service", "[Service]\nType=notify\nExecStart=" + systemd.javaCommand(App.class) + "\n");
 *     systemd.start("app.service");                       // returns once the service sent READY=1
 *     assertEquals("active", systemd.property("app.service", "ActiveState"));
 * }
 * }</pre>
 *
 * <p><b>The container.</b> {@code systemd-nspawn} boots the {@linkplain SystemdImage image}'s
 * systemd in fresh namespaces (mount, PID, IPC, UTS, cgroup) with the host's network, from a
 * cgroup of its own; the default image is the host's systemd on an empty tmpfs root with the host's
 * {@code /usr} read-only, {@link SystemdImage#trixie()} is Debian 13's systemd 257 on a tmpfs overlay
 * over its tree. It boots to {@code running} in about a second. A fixed random
 * machine id avoids first-boot setup. Host paths the services need are bound read-only: the JDK
 * running the test and its configuration in {@code /etc}, and a copy of the test class path at
 * {@value #CLASS_PATH_DIR}, which {@link #javaCommand} uses. Unit files go to {@code
 * /etc/systemd/system} inside. {@link #close()} halts the container and removes its cgroups and
 * files.
 *
 * <p><b>Driving it.</b> Commands run inside with {@code nsenter} ({@link #exec}, {@link #systemctl},
 * {@link #journal}). Services share the host's network, so they must use free ports.
 *
 * <p>Needs Linux, root, {@code systemd-nspawn} (Debian: {@code systemd-container}) and {@code
 * nsenter}; {@link #boot()} throws {@link SystemdUnavailableException} naming what is missing. Use
 * {@link RealSystemdExtension} to get one per test class in JUnit 5.
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/systemd-nspawn.html">systemd-nspawn(1)</a>
 */
public final class RealSystemd implements AutoCloseable {
    /** Where the copy of the test class path appears inside the container. */
    public static final String CLASS_PATH_DIR = "/opt/systemd4j/classpath";

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

    private RealSystemd(String name, SystemdImage image, Path work) {
        this.name = name;
        this.image = image;
        this.work = work;
    }

    /**
     * Boots the host's systemd with the defaults.
     *
     * @return the running container
     * @throws SystemdUnavailableException if this machine cannot boot one (not root, no nspawn)
     * @throws IOException if it was started but did not come up
     */
    public static RealSystemd boot() throws IOException {
        return builder().boot();
    }

    /**
     * A builder for another image or more bind mounts.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Options for {@link RealSystemd}. Not thread-safe. */
    public static final class Builder {
        private SystemdImage image = SystemdImage.host();
        private final List<Path> readOnly = new ArrayList<>();
        private Duration bootTimeout = Duration.ofSeconds(30);

        private Builder() {}

        /**
         * The systemd to boot. Default: {@link SystemdImage#host()}.
         *
         * @param image the image
         * @return this builder
         */
        public Builder image(SystemdImage image) {
            this.image = Objects.requireNonNull(image, "image");
            return this;
        }

        /**
         * Makes a host file or directory visible read-only at the same path inside.
         *
         * @param hostPath an absolute path
         * @return this builder
         */
        public Builder bindReadOnly(Path hostPath) {
            if (!hostPath.isAbsolute()) {
                throw new IllegalArgumentException("bind path must be absolute: " + hostPath);
            }
            readOnly.add(hostPath);
            return this;
        }

        /**
         * How long booting may take until {@code systemctl is-system-running} settles. Default: 30
         * s.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder bootTimeout(Duration timeout) {
            this.bootTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Boots the container.
         *
         * @return the running container
         * @throws SystemdUnavailableException if this machine cannot boot one
         * @throws IOException if it was started but did not come up
         */
        public RealSystemd boot() throws IOException {
            Optional<String> missing = missing(image);
            if (missing.isPresent()) {
                throw new SystemdUnavailableException(missing.get());
            }
            Path nspawnBinary = Processes.which("systemd-nspawn");
            String name = "s4j-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            RealSystemd systemd = new RealSystemd(name, image, Files.createTempDirectory("systemd4j-" + name));
            try {
                systemd.launch(this, nspawnBinary);
                return systemd;
            } catch (IOException | RuntimeException e) {
                systemd.close();
                throw e;
            }
        }
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
        if (!RealJournald.isRoot()) {
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
        image.missing().ifPresent(missing::add);
        return missing.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", missing));
    }

    private void launch(Builder options, Path nspawnBinary) throws IOException {
        Path units = Files.createDirectories(work.resolve("units"));
        // Without a machine-id commit there is nothing to commit on a volatile root; masked, the
        // boot ends "running" instead of "degraded".
        Files.createSymbolicLink(units.resolve("systemd-machine-id-commit.service"), Path.of("/dev/null"));
        Path machineId = work.resolve("machine-id");
        Files.writeString(machineId, randomHex(32) + "\n");
        // A tree made by debootstrap carries the host's /etc/hostname; the container is named instead.
        Path hostname = work.resolve("hostname");
        Files.writeString(hostname, name + "\n");
        Path classes = Files.createDirectories(work.resolve("classpath"));
        classPath = JvmCommand.stage(JvmCommand.testClassPath(), classes, CLASS_PATH_DIR);

        List<String> command = new ArrayList<>(List.of(
                nspawnBinary.toString(),
                "--quiet",
                "--register=no", // no machined on the host
                "--keep-unit",
                "--machine=" + name,
                "--boot",
                "--console=pipe"));
        Collections.addAll(command, options.image.nspawnRootOptions());
        command.add("--bind-ro=" + machineId + ":/etc/machine-id");
        command.add("--bind-ro=" + hostname + ":/etc/hostname");
        command.add("--bind=" + units + ":/etc/systemd/system");
        command.add("--bind-ro=" + classes + ":" + CLASS_PATH_DIR);
        for (Path path : javaPaths(options.image)) {
            command.add("--bind-ro=" + path);
        }
        for (Path path : options.readOnly) {
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
        pb.environment().putAll(options.image.nspawnEnvironment());
        nspawn = cgroup.start(pb);

        long deadline = System.nanoTime() + options.bootTimeout.toNanos();
        leader = awaitLeader(deadline);
        String state = awaitBoot(deadline);
        if (!state.equals("running") && !state.equals("degraded")) {
            throw new IOException("systemd in " + name + " did not boot: is-system-running says " + state + "\n"
                    + systemctl("--failed").output() + console());
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

    private String awaitBoot(long deadline) throws IOException {
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

    /**
     * The container's name, also its host name.
     *
     * @return such as {@code s4j-0123456789ab}
     */
    public String name() {
        return name;
    }

    /**
     * The image this container booted.
     *
     * @return the image
     */
    public SystemdImage image() {
        return image;
    }

    /**
     * The host's process id of the container's PID 1.
     *
     * @return the pid
     */
    public long leaderPid() {
        return leader;
    }

    /**
     * The version of the systemd running as PID 1.
     *
     * @return such as 252
     */
    public int version() {
        String first = systemctl("--version").output().lines().findFirst().orElse("");
        String[] words = first.split("\\s+");
        if (words.length < 2 || !words[1].matches("\\d+")) {
            throw new IllegalStateException("cannot parse systemctl --version: " + first);
        }
        return Integer.parseInt(words[1]);
    }

    /**
     * A path inside the container, as the host sees it ({@code /proc/PID/root/...}).
     *
     * @param containerPath an absolute path inside
     * @return the host path
     */
    public Path hostPath(String containerPath) {
        return Path.of("/proc/" + leader + "/root" + containerPath);
    }

    /**
     * Installs (or replaces) a unit file in {@code /etc/systemd/system} and reloads systemd's
     * configuration.
     *
     * @param unitName such as {@code app.service}
     * @param contents the unit file
     * @throws IOException if the file cannot be written
     */
    public void installUnit(String unitName, String contents) throws IOException {
        if (!unitName.matches("[A-Za-z0-9:_.@\\\\-]+\\.(service|socket|target|timer|path)")) {
            throw new IllegalArgumentException("not a unit name: " + unitName);
        }
        Files.writeString(work.resolve("units").resolve(unitName), contents, StandardCharsets.UTF_8);
        check(systemctl("daemon-reload"), "daemon-reload");
    }

    /**
     * A command line for {@code ExecStart=} that runs {@code mainClass} with the test class path,
     * on the JDK running the test, quoted for a unit file.
     *
     * @param mainClass a class with a {@code main} method on the test class path
     * @param args program arguments
     * @return the command line
     */
    public String javaCommand(Class<?> mainClass, String... args) {
        return javaCommand(List.of(), mainClass, args);
    }

    /**
     * Like {@link #javaCommand(Class, String...)}, with JVM options before the class path.
     *
     * @param jvmOptions options such as {@code -Dkey=value} or {@code --enable-native-access=ALL-UNNAMED}
     * @param mainClass a class with a {@code main} method on the test class path
     * @param args program arguments
     * @return the command line
     */
    public String javaCommand(List<String> jvmOptions, Class<?> mainClass, String... args) {
        return JvmCommand.forUnitFile(JvmCommand.command(
                Path.of(System.getProperty("java.home")), jvmOptions, classPath, mainClass, List.of(args)));
    }

    /** What a command run inside printed, and how it exited. */
    public static final class CommandResult {
        private final int exitCode;
        private final String output;

        CommandResult(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }

        /**
         * The exit code.
         *
         * @return 0 for success
         */
        public int exitCode() {
            return exitCode;
        }

        /**
         * Standard output and error, interleaved.
         *
         * @return the text
         */
        public String output() {
            return output;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + ": " + output;
        }
    }

    /**
     * Runs a command inside the container (all its namespaces) and waits up to a minute.
     *
     * @param command the command and its arguments
     * @return the result
     * @throws AssertionError if it does not finish in time
     */
    public CommandResult exec(String... command) {
        return exec(COMMAND_TIMEOUT, command);
    }

    private CommandResult exec(Duration timeout, String... command) {
        checkRunning();
        List<String> full = new ArrayList<>(List.of("nsenter", "--target=" + leader, "--all", "--"));
        Collections.addAll(full, command);
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
     * Runs {@code systemctl} inside the container.
     *
     * @param args such as {@code "is-active", "app.service"}
     * @return the result
     */
    public CommandResult systemctl(String... args) {
        List<String> command = new ArrayList<>(List.of("systemctl", "--no-pager", "--no-ask-password"));
        Collections.addAll(command, args);
        return exec(command.toArray(new String[0]));
    }

    /**
     * Starts a unit and waits for the start job: for {@code Type=notify}, until the service sent
     * {@code READY=1}.
     *
     * @param unit such as {@code app.service}
     * @throws AssertionError with the unit's status and journal if the start failed
     */
    public void start(String unit) {
        check(systemctl("start", unit), "start " + unit, unit);
    }

    /**
     * Queues a start without waiting, to watch a unit while it is still {@code activating}.
     *
     * @param unit such as {@code app.service}
     */
    public void startNoBlock(String unit) {
        check(systemctl("start", "--no-block", unit), "start --no-block " + unit, unit);
    }

    /**
     * Stops a unit and waits for it.
     *
     * @param unit such as {@code app.service}
     */
    public void stop(String unit) {
        check(systemctl("stop", unit), "stop " + unit, unit);
    }

    /**
     * Restarts a unit and waits for the new start.
     *
     * @param unit such as {@code app.service}
     */
    public void restart(String unit) {
        check(systemctl("restart", unit), "restart " + unit, unit);
    }

    /**
     * Reloads a unit ({@code ExecReload=}, or {@code Type=notify-reload}) and waits for it.
     *
     * @param unit such as {@code app.service}
     */
    public void reload(String unit) {
        check(systemctl("reload", unit), "reload " + unit, unit);
    }

    private void check(CommandResult result, String what, String... units) {
        if (result.exitCode() != 0) {
            StringBuilder detail = new StringBuilder("systemctl " + what + " failed: " + result);
            for (String unit : units) {
                detail.append('\n')
                        .append(systemctl("status", "--lines=30", unit).output());
            }
            throw new AssertionError(detail.toString());
        }
    }

    /**
     * Unit properties, as {@code systemctl show} prints them.
     *
     * @param unit such as {@code app.service}
     * @param properties such as {@code ActiveState}, {@code StatusText}, {@code NRestarts}
     * @return the values by name
     */
    public Map<String, String> show(String unit, String... properties) {
        List<String> args = new ArrayList<>(List.of("show", unit));
        for (String p : properties) {
            args.add("--property=" + p);
        }
        CommandResult result = systemctl(args.toArray(new String[0]));
        check(result, "show " + unit);
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : result.output().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    /**
     * One unit property.
     *
     * @param unit such as {@code app.service}
     * @param property such as {@code ActiveState}
     * @return its value, empty if systemd does not know it
     */
    public String property(String unit, String property) {
        return show(unit, property).getOrDefault(property, "");
    }

    /**
     * Polls a unit property until it satisfies a condition.
     *
     * @param unit such as {@code app.service}
     * @param property such as {@code NRestarts}
     * @param condition what the value must satisfy
     * @param timeout how long to wait
     * @return the value that satisfied it
     * @throws AssertionError with the unit's status if the timeout passed first
     */
    public String awaitProperty(String unit, String property, Predicate<String> condition, Duration timeout) {
        return awaitProperties(unit, values -> condition.test(values.getOrDefault(property, "")), timeout, property)
                .getOrDefault(property, "");
    }

    /**
     * Polls several unit properties, read together, until they satisfy a condition: for states
     * that only a combination proves, such as {@code ActiveState=reloading} with {@code
     * ControlPID=0}.
     *
     * @param unit such as {@code app.service}
     * @param condition what the values must satisfy
     * @param timeout how long to wait
     * @param properties the properties to read
     * @return the values that satisfied it
     * @throws AssertionError with the unit's status if the timeout passed first
     */
    public Map<String, String> awaitProperties(
            String unit, Predicate<Map<String, String>> condition, Duration timeout, String... properties) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, String> values = show(unit, properties);
            if (condition.test(values)) {
                return values;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(unit + " is still " + values + " after " + timeout + "\n"
                        + systemctl("status", "--lines=30", unit).output());
            }
            Processes.sleep(20);
        }
    }

    /**
     * Reads the container's journal with {@code journalctl -o json --all}, filtered by matches.
     *
     * @param matches journalctl arguments such as {@code "-u", "app.service"} or {@code "FIELD=value"}
     * @return the entries, oldest first
     */
    public List<JournalRecord> journal(String... matches) {
        checkRunning();
        return Journalctl.readJson(List.of("nsenter", "--target=" + leader, "--all", "--", "journalctl"), matches);
    }

    /**
     * Polls the journal until at least {@code count} entries match both the journalctl matches and
     * a filter (journald stores asynchronously).
     *
     * @param filter which entries count
     * @param count how many
     * @param timeout how long to wait
     * @param matches journalctl arguments
     * @return the entries matching both
     * @throws AssertionError if fewer arrived in time
     */
    public List<JournalRecord> awaitJournal(
            Predicate<JournalRecord> filter, int count, Duration timeout, String... matches) {
        List<JournalRecord> found = Journalctl.await(() -> journal(matches), filter, count, timeout);
        if (found.size() < count) {
            throw new AssertionError("expected " + count + " matching journal entries within " + timeout
                    + ", found " + found.size() + "; journalctl " + String.join(" ", matches) + ":\n"
                    + exec(withArgs(List.of("journalctl", "--no-pager", "-o", "short-monotonic"), matches))
                            .output());
        }
        return found;
    }

    private static String[] withArgs(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        Collections.addAll(all, tail);
        return all.toArray(new String[0]);
    }

    private void checkRunning() {
        if (closed || leader <= 0) {
            throw new IllegalStateException("systemd container " + name + " is not running");
        }
    }

    private static String randomHex(int digits) {
        StringBuilder hex = new StringBuilder(digits);
        while (hex.length() < digits) {
            hex.append(Integer.toHexString(ThreadLocalRandom.current().nextInt(16)));
        }
        return hex.toString();
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
            RealJournald.deleteRecursively(work);
        } catch (IOException ignored) {
            // a stray temporary directory is harmless
        }
    }

    @Override
    public String toString() {
        return "RealSystemd[" + name + ", " + image + ", leader " + leader + "]";
    }
}
