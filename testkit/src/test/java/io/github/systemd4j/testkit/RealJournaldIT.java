package io.github.systemd4j.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.socket.DatagramSender;
import io.github.systemd4j.socket.SenderOptions;
import io.github.systemd4j.socket.UnixAddress;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The testkit's own proof: a raw datagram into the real journald comes back through journalctl. */
@ExtendWith(RealJournaldExtension.class)
class RealJournaldIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void rawDatagramRoundTripsByteExact(RealJournald journald) throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(("TEST_ID=" + id + "\nMESSAGE=hello\n").getBytes(StandardCharsets.UTF_8));
        wire.writeBytes("BIN\n".getBytes(StandardCharsets.US_ASCII));
        wire.writeBytes(new byte[] {3, 0, 0, 0, 0, 0, 0, 0, 'a', 0, '\n', '\n'});
        wire.writeBytes("DUP=1\nDUP=2\n".getBytes(StandardCharsets.US_ASCII));
        try (DatagramSender sender =
                DatagramSender.open(UnixAddress.parse(journald.socketPath()), SenderOptions.defaults())) {
            sender.send(ByteBuffer.wrap(wire.toByteArray()));
        }
        JournalRecord r = journald.await(1, WAIT, "TEST_ID=" + id).get(0);
        assertEquals("hello", r.get("MESSAGE"));
        assertArrayEquals(new byte[] {'a', 0, '\n'}, r.bytes("BIN"));
        assertEquals(List.of("1", "2"), r.getAll("DUP"));
        assertEquals("journal", r.get("_TRANSPORT"));
        assertEquals(journald.namespace(), r.get("_NAMESPACE"));
        assertEquals(String.valueOf(ProcessHandle.current().pid()), r.get("_PID"));
        String machineId = Files.readString(Path.of("/etc/machine-id")).strip();
        assertEquals(machineId, r.get("_MACHINE_ID"), "this host's machine id, on either backend");
        // Storage=volatile took effect, so the namespace's configuration file was read.
        String volatileDir = "/run/log/journal/" + machineId + "." + journald.namespace();
        String persistentDir = "/var/log/journal/" + machineId + "." + journald.namespace();
        if (journald.backend() == Backend.NSPAWN) {
            assertTrue(Files.isDirectory(Path.of(volatileDir)));
            assertFalse(Files.exists(Path.of(persistentDir)));
        } else { // inside its container, named after the namespace
            DockerDaemon docker = (DockerDaemon) DockerDaemon.find();
            Duration timeout = Duration.ofSeconds(30);
            assertEquals(
                    0,
                    docker.exec(journald.namespace(), timeout, null, "test", "-d", volatileDir)
                            .exitCode());
            assertEquals(
                    1,
                    docker.exec(journald.namespace(), timeout, null, "test", "-e", persistentDir)
                            .exitCode());
        }
    }

    @Test
    void processInAUnitIsTaggedWithIt(RealJournald journald) throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        // No shell tool sends a native-protocol datagram, so a child JVM placed in app.service does.
        ChildJvm.Running child = ChildJvm.of(SendRaw.class)
                .unit("app.service")
                .args(journald.socketPath(), "TEST_ID=" + id + "\nDB_HOST=db1\nMESSAGE=from the unit\n")
                .start(Duration.ofSeconds(60));
        ProcessHandle sender;
        try (child) {
            List<JournalRecord> found = journald.await(1, WAIT, "-u", "app", "DB_HOST=db1", "TEST_ID=" + id);
            assertEquals("app.service", found.get(0).get("_SYSTEMD_UNIT"), child.output());
            sender = ProcessHandle.of(Long.parseLong(found.get(0).get("_PID"))).orElseThrow();
            assertTrue(sender.isAlive(), "the child stays after its main returned");
        }
        assertFalse(sender.isAlive(), "closing let it end");
    }

    @Test
    void aStartedChildWhoseMainFailsFailsOnClose(RealJournald journald) throws Exception {
        // RealJournald only for its prerequisites (root, for the child's cgroup): skipped without them.
        ChildJvm.Running child = ChildJvm.of(Fail.class).start(Duration.ofSeconds(60));
        AssertionError e = assertThrows(AssertionError.class, child::close);
        assertTrue(e.getMessage().contains("exited with 1"), e.getMessage());
        assertTrue(e.getMessage().contains("IllegalStateException: main failed"), e.getMessage());
    }

    @Test
    void killAndRestartKeepStoredEntries(RealJournald journald) throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        try (DatagramSender sender =
                DatagramSender.open(UnixAddress.parse(journald.socketPath()), SenderOptions.defaults())) {
            sender.send(ByteBuffer.wrap(("TEST_ID=" + id + "\nMESSAGE=before\n").getBytes(StandardCharsets.UTF_8)));
            journald.await(1, WAIT, "TEST_ID=" + id);
            long pid = journald.pid();
            journald.kill();
            assertTrue(Files.exists(Path.of(journald.socketPath())), "a killed journald leaves its socket file");
            journald.restart();
            assertFalse(pid == journald.pid());
            sender.send(ByteBuffer.wrap(("TEST_ID=" + id + "\nMESSAGE=after\n").getBytes(StandardCharsets.UTF_8)));
        }
        List<JournalRecord> both = journald.await(2, WAIT, "TEST_ID=" + id);
        assertEquals("before", both.get(0).get("MESSAGE"));
        assertEquals("after", both.get(1).get("MESSAGE"));
    }

    @Test
    void aStartedChildRunsAMainClassThatIsNotPublicAsItsCommand(RealJournald journald) throws Exception {
        ChildJvm.Running child = ChildJvm.of(PrintCommand.class).args("a", "b").start(Duration.ofSeconds(60));
        child.close();
        // What journal-core derives SYSLOG_IDENTIFIER from: the main class, not the launcher that waits.
        String command = PrintCommand.class.getName() + " a b";
        assertTrue(child.output().lines().anyMatch(command::equals), child.output());
    }

    /** Child main, in a class that is not public: prints the command the JVM reports. */
    static final class PrintCommand {
        public static void main(String[] args) {
            System.out.println(System.getProperty("sun.java.command"));
        }
    }

    /** Child main that fails. */
    public static final class Fail {
        public static void main(String[] args) {
            throw new IllegalStateException("main failed");
        }
    }

    /** Child main: sends one raw datagram to a socket. */
    public static final class SendRaw {
        public static void main(String[] args) throws Exception {
            try (DatagramSender sender = DatagramSender.open(UnixAddress.parse(args[0]), SenderOptions.defaults())) {
                sender.send(ByteBuffer.wrap(args[1].getBytes(StandardCharsets.UTF_8)));
            }
        }
    }
}
