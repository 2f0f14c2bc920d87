package io.github.systemd4j.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.systemd4j.testkit.JournalRecord;
import io.github.systemd4j.testkit.RealSystemd;
import io.github.systemd4j.testkit.RealSystemdExtension;
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
 * <p>The service stays up until the test has read its entries back ({@link
 * RealSystemd#stayingJavaCommand}): an 8 MiB entry from a process that had already exited arrived
 * without {@code _SYSTEMD_UNIT} here under load (systemd issue 2913).
 */
@ExtendWith(RealSystemdExtension.class)
class UnprivilegedServiceIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MEBIBYTES = 8; // below what any journald takes from unprivileged senders

    @Test
    void largeEntryOfANobodyServiceIsStoredWhole(RealSystemd systemd) throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        String command = systemd.stayingJavaCommand(
                List.of("-Xmx512m"),
                JournalClientIT.SendLargeEntry.class,
                "/run/systemd/journal/socket",
                id,
                Integer.toString(MEBIBYTES));
        systemd.installUnit(
                "big.service", "[Service]\nUser=nobody\nSuccessExitStatus=143\nExecStart=" + command + "\n");
        systemd.start("big.service");

        String carrier = Runtime.version().feature() >= 22 ? "SEALED_MEMFD" : "UNLINKED_FILE";
        systemd.awaitJournal(r -> r.get("MESSAGE").equals("carrier=" + carrier), 1, WAIT, "-u", "big.service");
        JournalRecord entry =
                systemd.awaitJournal(r -> true, 1, WAIT, "TEST_ID=" + id).get(0);
        assertEquals("65534", entry.get("_UID"), "sent by nobody");
        assertEquals("big.service", entry.get("_SYSTEMD_UNIT"));
        assertEquals("journal", entry.get("_TRANSPORT"));
        assertEquals(JournalClientIT.bigMessage(MEBIBYTES), entry.get("MESSAGE"));
        systemd.stop("big.service");
        assertEquals("success", systemd.property("big.service", "Result"), "stopped, SIGTERM's 143 a success");
    }
}
