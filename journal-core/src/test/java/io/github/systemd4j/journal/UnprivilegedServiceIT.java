package io.github.systemd4j.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.systemd4j.socket.PayloadFile;
import io.github.systemd4j.testkit.JournalRecord;
import io.github.systemd4j.testkit.RealSystemd;
import io.github.systemd4j.testkit.RealSystemdExtension;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A large entry from a service running as {@code User=nobody} under a real systemd, through the
 * system journal's socket: 8 MiB travel as a passed file, on Java 22+ a memfd sealed with exactly
 * {@code F_SEAL_SEAL|SHRINK|GROW|WRITE} (the one seal set journald 252 takes from unprivileged
 * senders), on Java 17–21 an unlinked {@code /dev/shm} file, and journald stores the entry whole.
 * {@link UnprivilegedServiceTrixieIT} proves the same seal set under journald 257, whose rules differ.
 *
 * <p>The service stays up until the test has read its entries back: journald looks up the sender's
 * unit in {@code /proc} only when it handles an entry, and an 8 MiB entry from a process that has
 * already exited arrives without {@code _SYSTEMD_UNIT} (systemd issue 2913; seen here under load).
 */
@ExtendWith(RealSystemdExtension.class)
class UnprivilegedServiceIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MEBIBYTES = 8; // below what any journald takes from unprivileged senders

    @Test
    void largeEntryOfANobodyServiceIsStoredWhole(RealSystemd systemd) throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        String command = systemd.javaCommand(
                List.of("-Xmx512m"),
                SendLargeEntryAndStay.class,
                "/run/systemd/journal/socket",
                id,
                Integer.toString(MEBIBYTES));
        systemd.installUnit("big.service", "[Service]\nUser=nobody\nSuccessExitStatus=143\nExecStart=" + command + "\n");
        systemd.start("big.service");

        String carrier = Runtime.version().feature() >= 22 ? "SEALED_MEMFD" : "UNLINKED_FILE";
        systemd.awaitJournal(r -> r.get("MESSAGE").equals("carrier=" + carrier), 1, WAIT, "-u", "big.service");
        JournalRecord entry =
                systemd.awaitJournal(r -> true, 1, WAIT, "TEST_ID=" + id).get(0);
        assertEquals("65534", entry.get("_UID"), "sent by nobody");
        assertEquals("big.service", entry.get("_SYSTEMD_UNIT"));
        assertEquals("journal", entry.get("_TRANSPORT"));
        assertEquals(JournalClientIT.bigMessage(MEBIBYTES), entry.get("MESSAGE"));
        systemd.stop("big.service"); // SIGTERM: the JVM exits with 143, a success here
    }

    /** Service main: one large entry and the carrier's name on stdout, then waits to be stopped. */
    public static final class SendLargeEntryAndStay {
        public static void main(String[] args) throws Exception {
            try (JournalClient client =
                    JournalClient.builder().socketPath(args[0]).build()) {
                client.send(client.entry()
                        .add("TEST_ID", args[1])
                        .message(JournalClientIT.bigMessage(Integer.parseInt(args[2]))));
                if (client.counters().sentViaFd() != 1) {
                    throw new AssertionError("not sent through a file: " + client.counters());
                }
            }
            try (PayloadFile probe = PayloadFile.create(ByteBuffer.wrap(new byte[] {'X', '=', '1', '\n'}))) {
                System.out.println("carrier=" + probe.kind());
            }
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
