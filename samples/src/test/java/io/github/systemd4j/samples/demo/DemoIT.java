package io.github.systemd4j.samples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.systemd4j.testkit.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code ./demo --no-build}, the README's command, on the JDK running the test, as root and as
 * the unprivileged user {@code nobody}, and checks what it prints and what it leaves behind.
 */
class DemoIT {
    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    private static final long TIMEOUT_MINUTES = 5;

    @BeforeEach
    void needsRootAndNspawn() {
        List<String> missing = new ArrayList<>();
        try {
            if (((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() != 0) {
                missing.add("root");
            }
        } catch (IOException | UnsupportedOperationException e) {
            missing.add("root");
        }
        if (Stream.of(System.getenv("PATH").split(":"))
                .noneMatch(dir -> Files.isExecutable(Path.of(dir, "systemd-nspawn")))) {
            missing.add("systemd-nspawn");
        }
        Prerequisites.require(missing.isEmpty(), "the demo test needs " + String.join(" and ", missing));
    }

    @Test
    void asRootTheServiceRunsUnderARealSystemdAndNothingIsLeft() throws Exception {
        String output = demo(REPOSITORY, List.of());

        List<String> startup = commandOutput(output, "journalctl -u app -o short-monotonic");
        int ready = indexOf(startup, "app[", "sending READY=1");
        int started = indexOf(startup, "systemd[1]: Started app.service");
        assertTrue(ready >= 0 && ready < started, "READY=1 before the unit is active:\n" + startup);

        List<String> status = commandOutput(output, "systemctl status app");
        assertTrue(status.stream().anyMatch(l -> l.contains("Active: active (running)")), status.toString());
        assertTrue(
                status.stream()
                        .anyMatch(l -> l.matches(
                                ".*Status: \"Serving on 127\\.0\\.0\\.1:[0-9]+ with db1: 6 requests, 2 errors\"")),
                status.toString());

        List<String> db1 = commandOutput(output, "journalctl -u app DB_HOST=db1");
        assertEquals(6, db1.size(), db1.toString());
        for (String message : List.of(
                "GET /orders?user=42 -> 200",
                "GET /orders?user=7 -> 200",
                "GET / -> 200",
                "GET /orders -> 400",
                "GET /nowhere -> 404")) {
            assertTrue(db1.stream().anyMatch(l -> l.contains("app[") && l.endsWith(message)), message + " in " + db1);
        }
        List<String> verbose = stripped(commandOutput(output, "journalctl -u app REQUEST_ID=demo-1 -o verbose"));
        for (String field : List.of(
                "REQUEST_ID=demo-1",
                "DB_HOST=db1",
                "USER_ID=42",
                "HTTP_METHOD=GET",
                "HTTP_PATH=/orders",
                "HTTP_STATUS=200",
                "MESSAGE=GET /orders?user=42 -> 200",
                "_SYSTEMD_UNIT=app.service",
                "_TRANSPORT=journal")) {
            assertTrue(verbose.contains(field), field + " in " + verbose);
        }

        List<String> restarts = commandOutput(output, "systemctl show app -p NRestarts -p MainPID -p ActiveState");
        Matcher count = Pattern.compile("NRestarts=([0-9]+)").matcher(String.join("\n", restarts));
        assertTrue(count.find() && Integer.parseInt(count.group(1)) >= 1, "restarted by the watchdog: " + restarts);
        assertTrue(restarts.contains("ActiveState=active"), restarts.toString());
        assertTrue(output.contains("systemd[1]: app.service: Watchdog timeout (limit 3s)!"), output);
        assertTrue(output.contains("java["), "the JVM's thread dump from WatchdogSignal=SIGQUIT: " + output);
        assertTrue(output.contains("Found one Java-level deadlock"), output);
        assertTrue(
                output.contains("$ journalctl -u app LOGGER=io.github.systemd4j.notify.Watchdog -o cat\n"
                        + "    unhealthy, watchdog pings stopped: "),
                "notify-core's own warning, an entry of its own: " + output);

        List<String> stopped = commandOutput(output, "systemctl show app -p Result -p ActiveState");
        assertEquals(List.of("Result=success", "ActiveState=inactive"), stopped);

        // The Spring Boot sample: only the starter, a start longer than TimeoutStartSec=5.
        List<String> bootStatus = commandOutput(output, "systemctl status orders");
        assertTrue(
                bootStatus.stream()
                        .anyMatch(l ->
                                l.matches(".*Status: \"Started OrdersApplication in [0-9.]+ s, listening on [0-9]+\"")),
                bootStatus.toString());
        List<String> bootStartup = commandOutput(output, "journalctl -u orders -o short-monotonic");
        assertTrue(indexOf(bootStartup, "orders[", "Order cache warm") >= 0, bootStartup.toString());
        assertTrue(indexOf(bootStartup, "systemd[1]: Started orders.service") >= 0, bootStartup.toString());
        List<String> bootEntry = stripped(commandOutput(output, "journalctl -u orders DB_HOST=db1 -o verbose"));
        for (String field :
                List.of("REQUEST_ID=boot-1", "USER_ID=42", "_SYSTEMD_UNIT=orders.service", "_TRANSPORT=journal")) {
            assertTrue(bootEntry.contains(field), field + " in " + bootEntry);
        }
        List<String> bootRestart =
                commandOutput(output, "systemctl show orders -p NRestarts -p MainPID -p ActiveState");
        assertTrue(bootRestart.contains("NRestarts=1"), "restarted by the watchdog: " + bootRestart);
        assertEquals(
                List.of("Result=success", "ActiveState=inactive"),
                commandOutput(output, "systemctl show orders -p Result -p ActiveState"));

        Matcher container =
                Pattern.compile("PID 1 of container (s4j-[0-9a-f]+)").matcher(output);
        Matcher port = Pattern.compile("ListenStream=127\\.0\\.0\\.1:([0-9]+)").matcher(output);
        assertTrue(container.find() && port.find(), output);
        assertTrue(
                output.contains(
                        "Container " + container.group(1) + " halted; no process, cgroup or port of it is left."),
                output);
        assertEquals(
                List.of(), Leftovers.of(container.group(1), Integer.parseInt(port.group(1))), "checked independently");
    }

    @Test
    void withoutRootItShowsWhatItCanAndSaysWhatItCannot() throws Exception {
        Path staged = stageReadableCopy();
        try {
            String output = demo(staged, List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
            assertTrue(output.contains("Cannot boot one here: booting systemd in a container needs root."), output);
            assertTrue(output.contains("What systemd would receive: READY=1 STATUS=Serving on 127.0.0.1:"), output);

            List<String> db1 = commandOutput(output, "journalctl DB_HOST=db1");
            assertEquals(6, db1.size(), "from the private journald: " + db1);
            assertTrue(db1.stream().allMatch(l -> l.contains("LogbackApp[")), db1.toString());
            List<String> verbose = stripped(commandOutput(output, "journalctl REQUEST_ID=demo-1 -o verbose"));
            assertTrue(
                    verbose.containsAll(List.of("DB_HOST=db1", "USER_ID=42", "HTTP_STATUS=200")), verbose.toString());

            assertTrue(output.contains("What systemd would receive: RELOADING=1 MONOTONIC_USEC="), output);
            assertTrue(output.contains("WATCHDOG=1 pings in the 3 s since: 0."), output);
            assertTrue(output.contains("What systemd would receive: STOPPING=1"), output);
            assertTrue(output.contains("Exit status 143"), output);
            assertTrue(output.contains("Not shown: what needs systemd as PID 1"), output);
            assertTrue(output.contains("nothing of the demo is left running"), output);
            assertFalse(leftoverProcessesOfNobody(), "no process of nobody left (sample JVM, journald)");
        } finally {
            deleteRecursively(staged);
        }
    }

    /** Runs the demo script and returns what it printed; fails unless it exits with 0. */
    private static String demo(Path repository, List<String> asUser) throws Exception {
        List<String> command = new ArrayList<>(asUser);
        command.addAll(List.of(repository.resolve("demo").toString(), "--no-build"));
        Path output = Files.createTempFile("demo", ".out");
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process demo = builder.start();
            if (!demo.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                demo.destroyForcibly();
                fail("the demo did not finish within " + TIMEOUT_MINUTES + " minutes:\n" + Files.readString(output));
            }
            String text = Files.readString(output);
            System.out.println(text);
            assertEquals(0, demo.exitValue(), text);
            assertTrue(text.contains("Demo finished in "), text);
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** The lines a command printed, as the demo shows them: after "  $ command", indented by four. */
    private static List<String> commandOutput(String output, String command) {
        List<String> lines = output.lines().toList();
        int at = lines.indexOf("  $ " + command);
        assertTrue(at >= 0, "the demo shows $ " + command + ":\n" + output);
        List<String> printed = new ArrayList<>();
        for (int i = at + 1; i < lines.size() && lines.get(i).startsWith("    "); i++) {
            printed.add(lines.get(i).substring(4));
        }
        return printed;
    }

    private static List<String> stripped(List<String> lines) {
        return lines.stream().map(String::strip).toList();
    }

    private static int indexOf(List<String> lines, String... parts) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (Stream.of(parts).allMatch(line::contains)) {
                return i;
            }
        }
        return -1;
    }

    /** The script, unit files, configurations and build output, where the user nobody can read them. */
    private static Path stageReadableCopy() throws IOException {
        Path root = Files.createTempDirectory("systemd4j-demo-it");
        for (String part : List.of(
                "demo",
                "samples/systemd",
                "samples/config",
                "samples/target/samples.jar",
                "samples/target/lib",
                "samples/target/demo-lib")) {
            Path source = REPOSITORY.resolve(part);
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path target = root.resolve(REPOSITORY.relativize(file).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                boolean executable = Files.isDirectory(file) || file.endsWith("demo");
                Files.setPosixFilePermissions(
                        file, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return root;
    }

    private static boolean leftoverProcessesOfNobody() throws IOException {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes
                    .filter(p -> p.getFileName().toString().matches("[0-9]+"))
                    .anyMatch(p -> {
                        try {
                            String cmdline =
                                    Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                            return ((Number) Files.getAttribute(p, "unix:uid")).intValue() == 65534
                                    && (cmdline.contains("io.github.systemd4j.samples")
                                            || cmdline.contains("systemd-journald"));
                        } catch (IOException | RuntimeException gone) {
                            return false;
                        }
                    });
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(file -> file.toFile().delete());
        }
    }
}
