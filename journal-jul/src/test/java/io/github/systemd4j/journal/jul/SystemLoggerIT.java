package io.github.systemd4j.journal.jul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.testkit.JournalRecord;
import io.github.systemd4j.testkit.RealJournald;
import io.github.systemd4j.testkit.RealJournaldExtension;
import io.github.systemd4j.testkit.UnitProcess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code System.getLogger(...)} in a JDK-only program whose class path holds nothing but the program
 * and this library's runtime jars: no JUL configuration, no socket setting. As under {@code
 * LogNamespace=} in a unit, the test's journal namespace is mounted over the default socket path in a
 * private mount namespace, and the program runs in {@code app.service}.
 */
@ExtendWith(RealJournaldExtension.class)
class SystemLoggerIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DEFAULT_SOCKET = "/run/systemd/journal/socket";

    /**
     * Mounts {@code $2} (the namespace socket) over the default socket path in this mount namespace
     * only, then runs the rest of the arguments. The socket is first bound to {@code $1/socket}
     * because the tmpfs over {@code /run/systemd} hides its original path.
     */
    private static final String MOUNT_DEFAULT_SOCKET = "set -e\n"
            + "stage=$1; socket=$2; shift 2\n"
            + ": > \"$stage/socket\"\n"
            + "mount --bind \"$socket\" \"$stage/socket\"\n"
            + "mount -t tmpfs -o mode=0755 tmpfs /run/systemd\n"
            + "mkdir /run/systemd/journal\n"
            + ": > " + DEFAULT_SOCKET + "\n"
            + "mount --bind \"$stage/socket\" " + DEFAULT_SOCKET + "\n"
            + "exec \"$@\"\n";

    @Test
    void systemLoggerWritesToTheJournalWithOnlyTheJarOnTheClassPath(RealJournald journald) throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        Path stage = Files.createTempDirectory("system-logger-app");
        try {
            String classPath =
                    stageProgram(stage) + File.pathSeparator + String.join(File.pathSeparator, runtimeJars());
            List<String> command = new ArrayList<>(List.of(
                    "unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", MOUNT_DEFAULT_SOCKET, "sh"));
            command.addAll(List.of(stage.toString(), journald.socketPath()));
            command.addAll(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    classPath,
                    SystemLoggerApp.class.getName(),
                    id));
            String output;
            try (UnitProcess child = UnitProcess.start("app.service", new ProcessBuilder(command))) {
                int exit = child.waitFor(Duration.ofMinutes(1));
                output = child.output();
                assertEquals(0, exit, output);
            }
            assertTrue(output.contains("finder: " + JournalLoggerFinder.class.getName()), output);
            assertFalse(output.contains("tool"), "nothing on the console: " + output);

            // journalctl --namespace=NAME -u app TEST_ID=...
            List<JournalRecord> found = journald.await(2, WAIT, "-u", "app", "TEST_ID=" + id);
            assertEquals(2, found.size(), found.toString());
            JournalRecord started = found.get(0);
            assertEquals("tool started", started.get("MESSAGE"));
            assertEquals("6", started.get("PRIORITY"));
            assertEquals("com.example.Tool", started.get("LOGGER"));
            assertEquals("main", started.get("THREAD_NAME"));
            assertEquals("app", started.get("SYSLOG_IDENTIFIER"), "detected from the unit");
            assertEquals("app.service", started.get("_SYSTEMD_UNIT"));
            assertEquals("tool done", found.get(1).get("MESSAGE"));
            assertEquals("4", found.get(1).get("PRIORITY"));
            JournalRecord failed = journald.await(1, WAIT, "-u", "app", "EXCEPTION_MESSAGE=boom " + id)
                    .get(0);
            assertEquals("3", failed.get("PRIORITY"));
            assertEquals("java.lang.IllegalStateException", failed.get("EXCEPTION"));
            assertTrue(failed.get("MESSAGE").startsWith("tool failed\njava.lang.IllegalStateException: boom "));
            assertEquals(List.of(), journald.read("-u", "app", "MESSAGE=below the default level"));
        } finally {
            deleteRecursively(stage);
        }
    }

    /** Copies the program's one class file; returns the directory to put on the class path. */
    private static String stageProgram(Path stage) throws Exception {
        String file = SystemLoggerApp.class.getName().replace('.', '/') + ".class";
        Path source = Path.of(SystemLoggerApp.class.getResource("/" + file).toURI());
        Path target = stage.resolve("classes").resolve(file);
        Files.createDirectories(target.getParent());
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        return stage.resolve("classes").toString();
    }

    /**
     * The library's runtime class path, taken from the test class path: the packaged journal-jul jar
     * and what it depends on (journal-core, socket-core and junixsocket where socket-core needs it),
     * without test classes, the testkit or JUnit.
     */
    private static List<String> runtimeJars() {
        String testClassPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> jars = new ArrayList<>();
        boolean packaged = false;
        for (String entry : testClassPath.split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("journal-jul-") && name.endsWith(".jar")) {
                packaged = true;
                jars.add(entry);
            } else if (name.startsWith("journal-core")
                    || name.startsWith("socket-core")
                    || name.startsWith("junixsocket")) {
                jars.add(entry);
            } else if (entry.endsWith("/journal-core/target/classes")
                    || entry.endsWith("/socket-core/target/classes")) {
                jars.add(entry);
            }
        }
        assertTrue(packaged, "integration tests run against the packaged journal-jul jar: " + testClassPath);
        return jars;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toArray(Path[]::new)) {
                Files.deleteIfExists(p);
            }
        }
    }
}
