package io.github.systemd4j.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    public String run(java.time.Duration timeout) throws IOException {
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
            command.addAll(JvmCommand.command(javaHome, jvmArgs, classPath, mainClass, args));
            ProcessBuilder pb = new ProcessBuilder(command);
            if (uid >= 0) {
                pb.directory(staged.toFile());
            }
            pb.environment().putAll(environment);
            String unitName = unit != null
                    ? unit
                    : "systemd4j-child-" + ProcessHandle.current().pid() + ".scope";
            try (UnitProcess child = UnitProcess.start(unitName, pb)) {
                int exit = child.waitFor(timeout);
                String output = child.output();
                if (exit != 0) {
                    throw new AssertionError(mainClass.getName() + " exited with " + exit + ":\n" + output);
                }
                return output;
            }
        } finally {
            if (staged != null) {
                Processes.deleteRecursively(staged);
            }
        }
    }
}
