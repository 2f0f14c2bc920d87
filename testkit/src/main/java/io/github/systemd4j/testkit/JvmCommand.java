package io.github.systemd4j.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * How the testkit runs a test class in another JVM ({@link ChildJvm}, {@link RealSystemd#javaCommand}):
 * the test class path, a world-readable copy of it for another user or a container, and the command
 * line, as words or quoted for a unit file.
 */
final class JvmCommand {
    private JvmCommand() {}

    /** The class path of the running tests (surefire and failsafe hide it behind a booter jar). */
    static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /**
     * Grants native access to the class path: socket-core's FFM transport on Java 22+ needs it (else
     * the JDK prints a warning at its first downcall, and will refuse it in a future release). Java
     * 17 to 21 accept the option too.
     */
    static final String ENABLE_NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    /**
     * The command that runs {@code mainClass}: {@code JAVA_HOME/bin/java
     * --enable-native-access=ALL-UNNAMED OPTIONS -cp CLASSPATH MAIN ARGS}. Options that decide native
     * access themselves ({@code --enable-native-access=...}, {@code --illegal-native-access=...})
     * replace the default grant.
     *
     * @param javaHome a JDK or JRE home
     * @param jvmOptions options before the class path
     * @param classPath the class path as the JVM will see it
     * @param mainClass a class with a {@code main} method on that class path
     * @param args program arguments
     * @return the words
     */
    static List<String> command(
            Path javaHome, List<String> jvmOptions, String classPath, String mainClass, List<String> args) {
        List<String> words = new ArrayList<>();
        words.add(javaHome.resolve("bin").resolve("java").toString());
        if (jvmOptions.stream()
                .noneMatch(o -> o.startsWith("--enable-native-access") || o.startsWith("--illegal-native-access"))) {
            words.add(ENABLE_NATIVE_ACCESS);
        }
        words.addAll(jvmOptions);
        words.addAll(List.of("-cp", classPath, mainClass));
        words.addAll(args);
        return words;
    }

    /** A command line for a unit file's {@code ExecStart=}, every word quoted. */
    static String forUnitFile(List<String> words) {
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            line.append(line.length() == 0 ? "" : " ").append(quoteForUnit(word));
        }
        return line.toString();
    }

    /** Quotes one word for a unit file's command line: quotes, backslashes, specifiers, variables. */
    static String quoteForUnit(String word) {
        return '"'
                + word.replace("\\", "\\\\")
                        .replace("\"", "\\\"")
                        .replace("%", "%%")
                        .replace("$", "$$")
                + '"';
    }

    /**
     * Copies the class path into a world-readable directory: the build's class path usually lives
     * under a home directory another user cannot read, or outside a container.
     *
     * @param classPath the class path to copy
     * @param dir where to copy it
     * @param visibleAs the directory's path as the child will see it
     * @return the copied class path, under {@code visibleAs}
     */
    static String stage(String classPath, Path dir, String visibleAs) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> staged = new ArrayList<>();
        int i = 0;
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            String copy = (i++) + "-" + source.getFileName();
            copyReadable(source, dir.resolve(copy));
            staged.add(visibleAs + "/" + copy);
        }
        return String.join(File.pathSeparator, staged);
    }

    private static void copyReadable(Path source, Path target) throws IOException {
        if (Files.isDirectory(source)) {
            try (Stream<Path> walk = Files.walk(source)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    Path t = target.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(t);
                        Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxr-xr-x"));
                    } else {
                        Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rw-r--r--"));
                    }
                }
            }
        } else {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }
}
