package io.github.systemd4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.socket.DatagramSender;
import io.github.systemd4j.socket.SenderOptions;
import io.github.systemd4j.socket.UnixAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DevJournald} as a user runs it: {@code java -cp <the testkit's classes alone> DevJournald
 * NAME}, as root. Skipped without root and the systemd binaries (failing under {@code CI=true}).
 */
class DevJournaldIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern SOCKET = Pattern.compile("  socketPath  (\\S+)");
    private static final Pattern JOURNALD_PID = Pattern.compile("\\(pid (\\d+)\\)");
    /** The last line it prints when it is up. */
    private static final Pattern UP = Pattern.compile("Stop it with Ctrl-C, or kill (\\d+): ");

    private final List<Process> started = new ArrayList<>();
    private String name;

    @BeforeEach
    void prerequisites() {
        Prerequisites.require(
                RealJournald.missing(Backend.NSPAWN).isEmpty(),
                RealJournald.missing(Backend.NSPAWN).orElse(""));
        name = "s4jdev" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    @AfterEach
    void stopLeftovers() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The command a user types, with the testkit's own classes (its jar) as the whole class path. */
    private Running start(String... args) throws IOException {
        Path testkit = Path.of(DevJournald.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .getPath());
        // setsid: the JVM leads a process group of its own, as a command typed in a terminal does.
        List<String> command = new ArrayList<>(List.of(
                "setsid",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                testkit.toString(),
                DevJournald.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        started.add(p);
        return new Running(p);
    }

    @Test
    void staysUpPastJournaldsIdleExitAndSigtermStopsItAndCleansUp() throws Exception {
        Running dev = start(name);
        dev.awaitLine(UP);
        String socket = dev.output(SOCKET).group(1);
        long journaldPid = Long.parseLong(dev.output(JOURNALD_PID).group(1));
        assertEquals("/run/systemd/journal." + name + "/socket", socket);
        assertTrue(dev.output().contains("journalctl --namespace=" + name + " DB_HOST=db1"), dev.output());
        sendAndAwait(socket, "before the idle timeout");
        // A namespace's journald exits after 30 s without a stream or varlink client (IDLE_TIMEOUT_USEC,
        // counted from its start); native datagrams do not count. The wait is the scenario: an entry
        // sent after it must still be stored, by the same journald.
        Thread.sleep(Duration.ofSeconds(35).toMillis());
        sendAndAwait(socket, "after the idle timeout");
        assertTrue(ProcessHandle.of(journaldPid).map(ProcessHandle::isAlive).orElse(false), "the same journald");

        dev.signal("-TERM", dev.process.pid());
        assertEquals(143, dev.exitValue(), dev.output());
        assertStoppedAndRemoved(dev, journaldPid);
    }

    @Test
    void ctrlCStopsItAndCleansUp() throws Exception {
        Running dev = start(name);
        dev.awaitLine(UP);
        String socket = dev.output(SOCKET).group(1);
        long journaldPid = Long.parseLong(dev.output(JOURNALD_PID).group(1));
        sendAndAwait(socket, "before Ctrl-C");
        // Ctrl-C in a terminal sends SIGINT to the foreground process group: the JVM's, and journald's
        // were journald not in a session of its own.
        dev.signal("-INT", -dev.process.pid());
        assertEquals(130, dev.exitValue(), dev.output());
        assertStoppedAndRemoved(dev, journaldPid);
        assertFalse(dev.output().contains("exited by itself"), dev.output());
    }

    @Test
    void aNamespaceInUseIsRefused() throws Exception {
        Running first = start(name);
        first.awaitLine(UP);
        Running second = start(name);
        assertEquals(1, second.exitValue(), second.output());
        assertTrue(
                second.output()
                        .startsWith("Journal namespace " + name + " is in use: /etc/systemd/journald@" + name
                                + ".conf exists."),
                second.output());
        sendAndAwait(first.output(SOCKET).group(1), "the first one still runs");
    }

    private void sendAndAwait(String socket, String message) throws IOException {
        String id = UUID.randomUUID().toString().replace("-", "");
        byte[] entry = ("TEST_ID=" + id + "\nMESSAGE=" + message + "\n").getBytes(StandardCharsets.UTF_8);
        try (DatagramSender sender = DatagramSender.open(UnixAddress.parse(socket), SenderOptions.defaults())) {
            sender.send(ByteBuffer.wrap(entry));
        }
        List<JournalRecord> found = Journalctl.await(
                () -> Journalctl.readJson(List.of("journalctl", "--namespace=" + name), "TEST_ID=" + id),
                r -> true,
                1,
                WAIT);
        assertEquals(1, found.size(), "journald stored \"" + message + "\"");
    }

    private void assertStoppedAndRemoved(Running dev, long journaldPid) throws IOException {
        assertTrue(dev.output().contains("Stopped journal namespace " + name), dev.output());
        assertFalse(ProcessHandle.of(journaldPid).map(ProcessHandle::isAlive).orElse(false), "journald stopped");
        String machineId = Files.readString(Path.of("/etc/machine-id")).strip();
        for (Path gone : List.of(
                Path.of("/run/systemd/journal." + name),
                Path.of("/etc/systemd/journald@" + name + ".conf"),
                Path.of("/run/log/journal/" + machineId + "." + name))) {
            assertFalse(Files.exists(gone), gone + " removed");
        }
    }

    /** A started DevJournald and what it printed so far. */
    private static final class Running {
        private final Process process;
        private final StringBuffer output = new StringBuffer();
        private final Thread reader;

        Running(Process process) {
            this.process = process;
            this.reader = new Thread(() -> {
                try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        output.append(line).append('\n');
                    }
                } catch (IOException closed) {
                    // the process is gone
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        String output() {
            return output.toString();
        }

        /**
         * Sends a signal with {@code kill}: {@code Process.destroy()} would also close the pipe from
         * which the last lines are read.
         *
         * @param signal such as {@code -TERM}
         * @param target a PID, or a process group as its negative leader's PID
         */
        void signal(String signal, long target) throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", signal, "--", Long.toString(target))
                    .inheritIO()
                    .start();
            assertEquals(0, kill.waitFor(), "kill " + signal + " " + target);
        }

        /** Waits for the JVM to exit and for the last of its output. */
        int exitValue() throws InterruptedException {
            assertTrue(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "did not exit:\n" + output());
            reader.join(WAIT.toMillis());
            return process.exitValue();
        }

        Matcher output(Pattern pattern) {
            Matcher m = pattern.matcher(output());
            assertTrue(m.find(), pattern + " in:\n" + output());
            return m;
        }

        /** Waits until a line matches; the start takes a JVM and a journald. */
        Matcher awaitLine(Pattern pattern) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                Matcher m = pattern.matcher(output());
                if (m.find()) {
                    return m;
                }
                assertTrue(System.nanoTime() < deadline && process.isAlive(), pattern + " not printed:\n" + output());
                Thread.sleep(20);
            }
        }
    }
}
