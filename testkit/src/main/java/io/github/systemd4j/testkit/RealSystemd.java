package io.github.systemd4j.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * <p><b>The container.</b> On {@link Backend#NSPAWN}, {@code systemd-nspawn} boots the {@linkplain SystemdImage image}'s
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
 * {@link #journal}). Services share the host's network, so they must use free ports (on the Docker
 * backend, Docker's network).
 *
 * <p>Needs Linux, root, {@code systemd-nspawn} (Debian: {@code systemd-container}) and {@code
 * nsenter}. <b>Without root</b>, the {@linkplain Backend#DOCKER Docker backend} boots the image's
 * systemd as PID 1 of a Docker container instead, through Testcontainers' Docker client (the image
 * built from a tree, or a {@linkplain SystemdImage#containerImage container image}); the same API
 * works on it, except {@link #hostPath}, and commands run with {@code docker exec}. The builder's
 * {@link Builder#backend backend}, by default {@value Backend#PROPERTY} or else {@link Backend#AUTO},
 * chooses. {@link #boot()} throws {@link SystemdUnavailableException} naming what is missing. Use
 * {@link RealSystemdExtension} to get one per test class in JUnit 5.
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/systemd-nspawn.html">systemd-nspawn(1)</a>
 */
public final class RealSystemd implements AutoCloseable {
    /** Where the copy of the test class path appears inside the container. */
    public static final String CLASS_PATH_DIR = "/opt/systemd4j/classpath";

    private final SystemdMachine container;

    private RealSystemd(SystemdMachine container) {
        this.container = container;
    }

    /**
     * Boots the host's systemd with the defaults.
     *
     * @return the running container
     * @throws SystemdUnavailableException if this machine cannot boot one (neither root with nspawn
     *     nor Docker)
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
        private Backend backend = Backend.configured();
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
         * Where to boot it. Default: what {@value Backend#PROPERTY} names, else {@link Backend#AUTO}.
         *
         * @param backend the backend
         * @return this builder
         */
        public Builder backend(Backend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
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
            List<Path> binds = List.copyOf(readOnly);
            switch (chosen(backend, image)) {
                case NSPAWN:
                    return new RealSystemd(NspawnContainer.boot(image, binds, bootTimeout));
                case DOCKER:
                    return new RealSystemd(DockerContainer.boot(image, binds, bootTimeout));
                default:
                    throw new SystemdUnavailableException(
                            missing(backend, image).orElse("no backend"));
            }
        }
    }

    /**
     * What this machine lacks to boot {@code image} on {@code backend}, every missing piece at once;
     * empty if nothing. For {@link Backend#AUTO}, what both backends lack.
     */
    static Optional<String> missing(Backend backend, SystemdImage image) {
        switch (backend) {
            case NSPAWN:
                return NspawnContainer.missing(image);
            case DOCKER:
                return DockerContainer.missing(image);
            default:
                Optional<String> nspawn = NspawnContainer.missing(image);
                if (nspawn.isEmpty()) {
                    return nspawn;
                }
                Optional<String> docker = DockerContainer.missing(image);
                return docker.isEmpty()
                        ? docker
                        : Optional.of("nspawn backend: " + nspawn.get() + "; Docker backend: " + docker.get());
        }
    }

    /** The backend {@link Backend#AUTO} stands for here; itself if neither can boot the image. */
    private static Backend chosen(Backend backend, SystemdImage image) {
        if (backend != Backend.AUTO) {
            return backend;
        }
        if (NspawnContainer.missing(image).isEmpty()) {
            return Backend.NSPAWN;
        }
        return DockerContainer.missing(image).isEmpty() ? Backend.DOCKER : Backend.AUTO;
    }

    /**
     * The container's name, also its host name.
     *
     * @return such as {@code s4j-0123456789ab}
     */
    public String name() {
        return container.name();
    }

    /**
     * The image this container booted.
     *
     * @return the image
     */
    public SystemdImage image() {
        return container.image();
    }

    /**
     * The backend it runs on.
     *
     * @return {@link Backend#NSPAWN} or {@link Backend#DOCKER}
     */
    public Backend backend() {
        return container.backend();
    }

    /**
     * The host's process id of the container's PID 1.
     *
     * @return the pid
     */
    public long leaderPid() {
        return container.leaderPid();
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
     * A path inside the container, as the host sees it ({@code /proc/PID/root/...}). {@link
     * Backend#NSPAWN} only; {@link #writeFile} works on both.
     *
     * @param containerPath an absolute path inside
     * @return the host path
     * @throws UnsupportedOperationException on {@link Backend#DOCKER}
     */
    public Path hostPath(String containerPath) {
        return container.hostPath(containerPath);
    }

    /**
     * Writes a file inside the container, mode 0644 (replacing one that is there): a configuration
     * for a service, or the file a test service waits for.
     *
     * @param containerPath an absolute path inside, in an existing directory
     * @param contents the file's text, written as UTF-8
     * @throws IOException if it cannot be written
     */
    public void writeFile(String containerPath, String contents) throws IOException {
        writeFile(containerPath, contents.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes a file inside the container, mode 0644 (replacing one that is there).
     *
     * @param containerPath an absolute path inside, in an existing directory
     * @param contents the file's bytes
     * @throws IOException if it cannot be written
     */
    public void writeFile(String containerPath, byte[] contents) throws IOException {
        if (!containerPath.startsWith("/") || containerPath.endsWith("/")) {
            throw new IllegalArgumentException("not an absolute file path: " + containerPath);
        }
        container.writeFile(containerPath, contents.clone());
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
        Path unitFile = container.unitDirectory().resolve(unitName);
        Files.writeString(unitFile, contents, StandardCharsets.UTF_8);
        // Readable whatever the umask: the container's root may be another user than this one.
        Files.setPosixFilePermissions(unitFile, PosixFilePermissions.fromString("rw-r--r--"));
        check(systemctl("daemon-reload"), "daemon-reload");
    }

    /**
     * A command line for {@code ExecStart=} that runs {@code mainClass} with the test class path,
     * on the JDK running the test, quoted for a unit file. It grants native access with {@code
     * --enable-native-access=ALL-UNNAMED}, which socket-core's FFM transport needs on Java 22+ (Java
     * 17 to 21 accept it too).
     *
     * @param mainClass a class with a {@code main} method on the test class path
     * @param args program arguments
     * @return the command line
     */
    public String javaCommand(Class<?> mainClass, String... args) {
        return javaCommand(List.of(), mainClass, args);
    }

    /**
     * Like {@link #javaCommand(Class, String...)}, with JVM options before the class path. Options
     * that decide native access themselves ({@code --enable-native-access=...}, {@code
     * --illegal-native-access=...}) replace the default {@code --enable-native-access=ALL-UNNAMED}.
     *
     * @param jvmOptions options such as {@code -Dkey=value} or {@code -Xmx512m}
     * @param mainClass a class with a {@code main} method on the test class path
     * @param args program arguments
     * @return the command line
     */
    public String javaCommand(List<String> jvmOptions, Class<?> mainClass, String... args) {
        return javaCommand(jvmOptions, mainClass.getName(), List.of(args));
    }

    /**
     * Like {@link #javaCommand(List, Class, String...)}, but the process stays up after {@code main}
     * returns, until the unit is stopped: for a test that reads the service's entries back with
     * {@code journalctl -u}. journald looks up a sender's unit only when it handles an entry, so
     * entries of a process that has already exited may lack {@code _SYSTEMD_UNIT} (<a
     * href="https://github.com/systemd/systemd/issues/2913">systemd#2913</a>). The JVM ends with status
     * 143 when stopped: give the unit {@code SuccessExitStatus=143}, and the default {@code Type=}
     * ({@code simple}) or {@code exec}, not {@code oneshot}, whose start would wait for an exit that
     * does not come. If {@code main} throws, the process ends at once.
     *
     * @param jvmOptions options such as {@code -Dkey=value} or {@code -Xmx512m}
     * @param mainClass a class with a {@code main} method on the test class path
     * @param args program arguments
     * @return the command line
     */
    public String stayingJavaCommand(List<String> jvmOptions, Class<?> mainClass, String... args) {
        List<String> all = new ArrayList<>(List.of(StayingMain.UNTIL_STOPPED, mainClass.getName()));
        Collections.addAll(all, args);
        return javaCommand(jvmOptions, StayingMain.class.getName(), all);
    }

    private String javaCommand(List<String> jvmOptions, String mainClass, List<String> args) {
        return JvmCommand.forUnitFile(JvmCommand.command(
                Path.of(System.getProperty("java.home")), jvmOptions, container.classPath(), mainClass, args));
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
        return container.exec(command);
    }

    /**
     * Runs {@code systemctl} inside the container.
     *
     * @param args such as {@code "is-active", "app.service"}
     * @return the result
     */
    public CommandResult systemctl(String... args) {
        return exec(withArgs(List.of("systemctl", "--no-pager", "--no-ask-password"), args));
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
        return container.journal(matches);
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

    /**
     * Halts the container (a clean shutdown of every unit: SIGTERM to systemd-nspawn, or SIGRTMIN+3
     * to the Docker container's systemd), kills what is left after 20 s, and removes the container,
     * its cgroups and files. Idempotent.
     */
    @Override
    public void close() {
        container.close();
    }

    @Override
    public String toString() {
        return "RealSystemd[" + container + "]";
    }
}
