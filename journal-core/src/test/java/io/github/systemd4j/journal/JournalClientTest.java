package io.github.systemd4j.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.socket.SendException;
import io.github.systemd4j.socket.SendFailure;
import io.github.systemd4j.testkit.FakeJournald;
import io.github.systemd4j.testkit.JournalRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against {@link FakeJournald}; the real journald is in {@code JournalClientIT}. */
class JournalClientTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void addsIdentifierFacilityAndStaticFields() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir);
                JournalClient client = JournalClient.builder()
                        .socketPath(journald.socketPath())
                        .syslogIdentifier("billing")
                        .syslogFacility(16)
                        .field("APP_VERSION", "1.2")
                        .field("DC", "eu\n1")
                        .build()) {
            client.send(client.entry().priority(6).message("hello"));
            JournalRecord r = journald.awaitRecords(1, WAIT).get(0);
            assertEquals("hello", r.get("MESSAGE"));
            assertEquals("6", r.get("PRIORITY"));
            assertEquals("billing", r.get("SYSLOG_IDENTIFIER"));
            assertEquals("16", r.get("SYSLOG_FACILITY"));
            assertEquals("1.2", r.get("APP_VERSION"));
            assertEquals("eu\n1", r.get("DC"));
            assertFalse(r.viaFileDescriptor());
            assertEquals(List.of(), journald.problems());
            assertEquals(new JournalCounters(1, 0, 0, 0, 0), client.counters());
        }
    }

    @Test
    void entriesAboveTheThresholdTravelAsAFile() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir);
                JournalClient client = JournalClient.builder()
                        .socketPath(journald.socketPath())
                        .fdThreshold(1000)
                        .build()) {
            String big = "x".repeat(5000);
            client.send(client.entry().message(big));
            client.send(client.entry().message("small"));
            List<JournalRecord> rs = journald.awaitRecords(2, WAIT);
            assertEquals(big, rs.get(0).get("MESSAGE"));
            assertTrue(rs.get(0).viaFileDescriptor());
            assertFalse(rs.get(1).viaFileDescriptor());
            assertEquals(List.of(), journald.problems());
            assertEquals(1, client.counters().sentViaFd());
            assertEquals(2, client.counters().sent());
        }
    }

    @Test
    void entriesLostWhileJournaldIsAbsentAreCountedAsDropped() throws Exception {
        try (JournalClient client = JournalClient.builder()
                .socketPath(dir.resolve("socket").toString())
                .reconnectInterval(Duration.ZERO)
                .build()) {
            for (int i = 0; i < 3; i++) {
                SendException e = assertThrows(
                        SendException.class, () -> client.send(client.entry().message("lost")));
                assertEquals(SendFailure.NOT_FOUND, e.failure());
                assertTrue(JournalClient.isOutage(e.failure()));
            }
            try (FakeJournald journald = FakeJournald.start(dir)) {
                client.send(client.entry().message("back"));
                assertEquals("back", journald.awaitRecords(1, WAIT).get(0).get("MESSAGE"));
            }
            assertEquals(new JournalCounters(1, 0, 3, 0, 0), client.counters());
        }
    }

    @Test
    void truncatedEntriesAreCounted() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir);
                JournalClient client = JournalClient.builder()
                        .socketPath(journald.socketPath())
                        .maxEntrySize(4096)
                        .build()) {
            client.send(client.entry().message("y".repeat(10_000)));
            JournalRecord r = journald.awaitRecords(1, WAIT).get(0);
            assertEquals("MESSAGE", r.get("JOURNAL_TRUNCATED"));
            assertEquals(1, client.counters().truncated());
        }
    }

    @Test
    void aThreadAskingAgainBeforeSendingGetsAFreshEntry() throws Exception {
        try (JournalClient client =
                JournalClient.builder().socketPath(dir.resolve("s").toString()).build()) {
            JournalEntry outer = client.entry().message("outer");
            JournalEntry inner = client.entry();
            assertNotSame(outer, inner);
            assertEquals(1, outer.fieldCount(), "the outer entry was not cleared");
        }
    }

    @Test
    void anEntryClearedInsteadOfSentIsHandedOutAgain() throws Exception {
        try (JournalClient client =
                JournalClient.builder().socketPath(dir.resolve("s").toString()).build()) {
            JournalEntry abandoned = client.entry().message("half built");
            abandoned.clear();
            JournalEntry next = client.entry();
            assertSame(abandoned, next, "the thread's entry is reused, not replaced for good");
            assertEquals(0, next.fieldCount());
        }
    }

    @Test
    void configurationErrorsAreReportedAtOnce() {
        JournalClient.Builder b = JournalClient.builder();
        assertThrows(IllegalArgumentException.class, () -> b.field("lower", "x"));
        assertThrows(IllegalArgumentException.class, () -> b.field("MESSAGE", "x"));
        assertThrows(IllegalArgumentException.class, () -> b.socketPath("relative"));
        assertThrows(IllegalArgumentException.class, () -> b.syslogFacility(24));
        assertThrows(IllegalArgumentException.class, () -> b.syslogIdentifier(""));
        assertThrows(IllegalArgumentException.class, () -> b.namespace("../x"));
        assertThrows(IllegalArgumentException.class, () -> b.maxEntrySize(100));
        assertEquals("/run/systemd/journal.app/socket", JournalClient.Builder.namespaceSocket("app"));
    }

    @Test
    void identifierIsDetectedWhenNotConfigured() {
        try (JournalClient client =
                JournalClient.builder().socketPath(dir.resolve("s").toString()).build()) {
            assertFalse(client.syslogIdentifier().isEmpty());
        }
    }
}
