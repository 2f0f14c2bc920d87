package io.github.systemd4j.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a class's {@code main} in a child JVM with the current test class path, optionally as another
 * user (through {@code setpriv}), in a service's cgroup ({@link UnitProcess}), with another JDK.
 *
 * <p>When running as another user, the class path is first copied to a world-readable temporary
 * directory: the build's class path usually lives under a home directory that user cannot read.
 *
 * <pre>{@code
 * String out = ChildJvm.of(MySender.class).args("hello").user(65534, 65534).run(Duration.ofSeconds(30));
 * }</pre>
 */
public final class ChildJvm {
    private final Class<?> mainClass;
    private final List<String> args = new ArrayList<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Path javaHome = Path.of(System.getProperty("java.home"));
    private int uid = -1;
    private int gid = -1;
    private String unit;

    private ChildJvm(Class<?> mainClass) {
        this.mainClass = mainClass;
    }

    /**
     * A child JVM that will run {@code mainClass}.
     *
     * @param mainClass a class with a {@code main} method on the current class path
     * @return the builder
     */
    public static ChildJvm of(Class<?> mainClass) {
        return new ChildJvm(mainClass);
    }

    /**
     * Program arguments.
     *
     * @param values the arguments
     * @return this
     */
    public ChildJvm args(String... values) {
        Collections.addAll(args, values);
        return this;
    }

    /**
     * JVM options such as {@code -Xmx512m} or {@code -Djournal.socket=PATH} (a system property the
     * child's logging configuration reads). The child is started with {@code
     * --enable-native-access=ALL-UNNAMED} (socket-core's FFM transport needs it on Java 22+) unless
     * these options decide native access themselves ({@code --enable-native-access=...}, {@code
     * --illegal-native-access=...}).
     *
     * @param values the options
     * @return this
     */
    public ChildJvm jvmArgs(String... values) {
        Collections.addAll(jvmArgs, values);
        return this;
    }

    /**
     * An environment variable for the child.
     *
     * @param name the name
     * @param value the value
     * @return this
     */
    public ChildJvm env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /**
     * The JDK to run; default: the one running the test.
     *
     * @param home a JDK or JRE home
     * @return this
     */
    public ChildJvm javaHome(Path home) {
        this.javaHome = home;
        return this;
    }

    /**
     * Runs the child as this user and group, with no supplementary groups (needs root).
     *
     * @param uid user id, such as 65534 for nobody
     * @param gid group id
     * @return this
     */
    public ChildJvm user(int uid, int gid) {
        this.uid = uid;
        this.gid = gid;
        return this;
    }

    /**
     * Runs the child in a service's cgroup, see {@link UnitProcess}.
     *
     * @param unitName such as {@code app.service}
     * @return this
     */
    public ChildJvm unit(String unitName) {
        this.unit = unitName;
        return this;
    }

    /**
     * Runs the child to completion.
     *
     * @param timeout how long it may take
     * @return what it printed to standard output and error
     * @throws AssertionError if it exits with a non-zero status or times out
     * @throws IOException if it cannot be started
     */
    public String run(Duration timeout) throws IOException {
        try (Running child = launch(mainClass.getName(), List.of(), timeout)) {
            return child.awaitExit();
        }
    }

    /**
     * Starts the child and keeps it alive after its {@code main} returns, until {@link Running#close()}:
     * for a test that reads the child's entries back with {@code journalctl -u UNIT}. journald looks
     * up a sender's unit only when it handles an entry, so entries of a process that has already
     * exited may lack {@code _SYSTEMD_UNIT} (<a
     * href="https://github.com/systemd/systemd/issues/2913">systemd#2913</a>).
     *
     * <pre>{@code
     * try (ChildJvm.Running child = ChildJvm.of(MyService.class).unit("app.service").start(Duration.ofMinutes(1))) {
     *     journald.await(1, Duration.ofSeconds(30), "-u", "app", "DB_HOST=db1");
     * } // closing lets main's process end, and fails if main failed
     * }</pre>
     *
     * <p>A {@code main} that throws ends the process at once, and closing fails with its output; one
     * that calls {@code System.exit} ends it at once too. Threads that are not daemons keep the process
     * after its release, as they would keep any JVM; closing then fails after the timeout.
     *
     * @param timeout how long closing waits for the process to end once released
     * @return the running child
     * @throws IOException if it cannot be started
     */
    public Running start(Duration timeout) throws IOException {
        return launch(
                StayingMain.class.getName(), List.of(StayingMain.UNTIL_STDIN_CLOSED, mainClass.getName()), timeout);
    }

    private Running launch(String launched, List<String> launchArgs, Duration timeout) throws IOException {
        Path staged = null;
        try {
            String classPath = JvmCommand.testClassPath();
            if (uid >= 0) {
                staged = Files.createTempDirectory("systemd4j-cp");
                classPath = JvmCommand.stage(classPath, staged, staged.toString());
            }
            List<String> command = new ArrayList<>();
            if (uid >= 0) {
                command.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--"));
            }
            List<String> allArgs = new ArrayList<>(launchArgs);
            allArgs.addAll(args);
            command.addAll(JvmCommand.command(javaHome, jvmArgs, classPath, launched, allArgs));
            ProcessBuilder pb = new ProcessBuilder(command);
            if (uid >= 0) {
                pb.directory(staged.toFile());
            }
            pb.environment().putAll(environment);
            String unitName = unit != null
                    ? unit
                    : "systemd4j-child-" + ProcessHandle.current().pid() + ".scope";
            Running running = new Running(mainClass.getName(), UnitProcess.start(unitName, pb), staged, timeout);
            staged = null; // the running child owns it now
            return running;
        } finally {
            if (staged != null) {
                Processes.deleteRecursively(staged);
            }
        }
    }

    /** A child JVM started by {@link #start}: closing it lets the process end and checks how it ended. */
    public static final class Running implements AutoCloseable {
        private final String mainClass;
        private final UnitProcess process;
        private final Path staged;
        private final Duration timeout;
        private String output;
        private boolean ended;

        private Running(String mainClass, UnitProcess process, Path staged, Duration timeout) {
            this.mainClass = mainClass;
            this.process = process;
            this.staged = staged;
            this.timeout = timeout;
        }

        /**
         * What the child printed to standard output and error so far (all of it after {@link #close()}).
         *
         * @return the text
         */
        public String output() {
            return output != null ? output : process.output();
        }

        /**
         * Lets the child's process end (closes its standard input), waits for it and removes what it
         * left. Closing again does nothing.
         *
         * @throws AssertionError if it exits with a non-zero status or does not end within the timeout
         */
        @Override
        public void close() {
            if (ended) {
                return;
            }
            try {
                process.process().getOutputStream().close();
            } catch (IOException e) {
                // already gone: its exit status tells
            }
            awaitExit();
        }

        private String awaitExit() {
            ended = true;
            try (UnitProcess p = process) {
                int exit = p.waitFor(timeout);
                output = p.output();
                if (exit != 0) {
                    throw new AssertionError(mainClass + " exited with " + exit + ":\n" + output);
                }
                return output;
            } finally {
                if (staged != null) {
                    try {
                        Processes.deleteRecursively(staged);
                    } catch (IOException e) {
                        // a stray copy of the class path in the temporary directory is harmless
                    }
                }
            }
        }
    }
}
