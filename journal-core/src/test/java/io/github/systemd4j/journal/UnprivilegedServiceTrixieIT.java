package io.github.systemd4j.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.systemd4j.testkit.RealSystemd;
import io.github.systemd4j.testkit.WithSystemdImage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link UnprivilegedServiceIT} under Debian trixie's systemd and journald 257, and that journald's
 * size limit for unprivileged senders (which 252 does not have): 32 MiB per entry, and half of that
 * through an unsealed file, the carrier on Java 17–21. Larger entries are dropped without a trace.
 */
@WithSystemdImage("trixie")
class UnprivilegedServiceTrixieIT extends UnprivilegedServiceIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @ParameterizedTest(name = "a message {0}")
    @CsvSource({"1 MiB under the limit, -1, true", "of the limit, 0, false"})
    void entriesOverTheUnprivilegedLimitOfTheCarrierAreDropped(
            String size, int belowOrAtLimit, boolean stored, RealSystemd systemd) throws Exception {
        // Passed files carry the message plus a few fields: a message of the limit itself is over it.
        int limit = Runtime.version().feature() >= 22 ? 32 : 16;
        String id = UUID.randomUUID().toString().replace("-", "");
        String service = "limit" + (limit + belowOrAtLimit) + ".service";
        systemd.installUnit(
                service,
                "[Service]\nType=oneshot\nUser=nobody\nExecStart="
                        + systemd.javaCommand(
                                List.of("-Xmx512m"),
                                SendLargeEntryThenMarker.class,
                                id,
                                Integer.toString(limit + belowOrAtLimit))
                        + "\n");
        systemd.start(service);
        // journald reads its socket in order: once the marker is stored, the entry before it was handled.
        systemd.awaitJournal(r -> true, 1, WAIT, "TEST_ID=" + id + "-marker");
        assertEquals(stored ? 1 : 0, systemd.journal("TEST_ID=" + id).size());
    }

    /** Service main: one large entry, then a small marker, through the system journal's socket. */
    public static final class SendLargeEntryThenMarker {
        public static void main(String[] args) throws Exception {
            try (JournalClient client = JournalClient.builder().build()) {
                client.send(client.entry()
                        .add("TEST_ID", args[0])
                        .message(JournalClientIT.bigMessage(Integer.parseInt(args[1]))));
                client.send(client.entry().add("TEST_ID", args[0] + "-marker").message("after the large entry"));
                if (client.counters().sentViaFd() != 1) {
                    throw new AssertionError("not sent through a file: " + client.counters());
                }
            }
        }
    }
}
