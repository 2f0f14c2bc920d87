package io.github.systemd4j.journal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.journal.FieldName;
import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.JournalEntry;
import io.github.systemd4j.journal.JournalFields;
import io.github.systemd4j.testkit.FakeJournald;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalSinkTest {
    @TempDir
    Path dir;

    private final List<String> status = new ArrayList<>();
    private final StatusReporter reporter = new StatusReporter() {
        @Override
        public void info(String message) {
            status.add("INFO " + message);
        }

        @Override
        public void warn(String message, Throwable cause) {
            status.add("WARN " + message);
        }
    };
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong();

    private JournalSink open(JournalFallback fallback) {
        return new JournalSink(builder().build(), fallback, reporter, out, false, clock::get);
    }

    private static boolean sent(JournalSink sink, JournalEntry entry) {
        return sink.deliver(entry) == JournalSink.Delivery.SENT;
    }

    private JournalClient.Builder builder() {
        return JournalClient.builder()
                .socketPath(dir.resolve("socket").toString())
                .syslogIdentifier("app")
                .reconnectInterval(Duration.ZERO);
    }

    @Test
    void missingSocketIsReportedOnceAtStartAndRecoveryOnce() throws Exception {
        try (JournalSink sink = open(JournalFallback.STDERR)) {
            assertEquals(1, status.size());
            assertTrue(
                    status.get(0).startsWith("WARN No journal socket at " + dir.resolve("socket")), status.toString());
            for (int i = 0; i < 3; i++) {
                assertFalse(sent(
                        sink,
                        sink.entry()
                                .priority(4)
                                .add(JournalFields.LOGGER, "c.e.Billing")
                                .message("lost " + i)));
            }
            assertEquals(1, status.size(), "no warning per entry");
            assertEquals(3, sink.fallbackWrites());
            try (FakeJournald journald = FakeJournald.start(dir)) {
                assertTrue(sent(sink, sink.entry().priority(6).message("back")));
                journald.awaitRecords(1, Duration.ofSeconds(5));
            }
            assertEquals(2, status.size());
            assertEquals(
                    "INFO journald at " + dir.resolve("socket")
                            + " is reachable again; 3 entries went to stderr meanwhile.",
                    status.get(1));
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertTrue(
                text.matches(
                        "(?s)\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN c\\.e\\.Billing - lost 0\n.*"),
                text);
        assertEquals(3, text.lines().count());
    }

    @Test
    void jsonFallbackWritesJournalFieldNames() {
        try (JournalSink sink = open(JournalFallback.JSON)) {
            sent(
                    sink,
                    sink.entry()
                            .priority(3)
                            .add("db.host", "db1")
                            .add("DUP", "a")
                            .add("DUP", "b")
                            .message("two\nlines \"quoted\""));
        }
        String line = captured.toString(StandardCharsets.UTF_8);
        assertTrue(line.startsWith("{\"__REALTIME_TIMESTAMP\":\""), line);
        assertTrue(
                line.endsWith(",\"PRIORITY\":\"3\",\"DB_HOST\":\"db1\",\"DUP\":[\"a\",\"b\"],"
                        + "\"MESSAGE\":\"two\\nlines \\\"quoted\\\"\",\"SYSLOG_IDENTIFIER\":\"app\"}\n"),
                line);
    }

    @Test
    void nonUtf8ValuesBecomeByteArraysInJson() {
        try (JournalSink sink = open(JournalFallback.JSON)) {
            sent(sink, sink.entry().add(FieldName.of("BIN"), new byte[] {(byte) 0xFF, 0}));
        }
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("\"BIN\":[255,0]"));
    }

    @Test
    void noneDropsAndCounts() {
        try (JournalSink sink = open(JournalFallback.NONE)) {
            assertFalse(sent(sink, sink.entry().message("gone")));
            assertEquals(0, sink.fallbackWrites());
            assertEquals(1, sink.client().counters().dropped());
        }
        assertEquals(0, captured.size());
        assertTrue(status.get(0).contains("nowhere (fallback none: dropped)"), status.toString());
    }

    @Test
    void otherFailuresAreRateLimited() throws Exception {
        // A closed client fails every send with CLOSED: a failure that is not an outage.
        try (JournalSink sink = open(JournalFallback.NONE)) {
            status.clear();
            sink.client().close();
            for (int i = 0; i < 10; i++) {
                sent(sink, sink.entry().message("x"));
            }
            assertEquals(JournalSink.BURST, status.size(), status.toString());
            clock.addAndGet(JournalSink.QUIET_NANOS);
            sent(sink, sink.entry().message("x"));
            assertEquals(JournalSink.BURST + 1, status.size());
            assertTrue(status.get(JournalSink.BURST).contains("(7 similar failures not reported)"), status.toString());
        }
    }

    @Test
    void entriesAfterCloseAreDroppedWithoutReportOrFallback() {
        JournalSink sink = open(JournalFallback.STDERR);
        status.clear();
        JournalEntry entry = sink.entry().message("on its way while the adapter closes");
        sink.close();
        assertEquals(JournalSink.Delivery.CLOSED, sink.deliver(entry));
        assertFalse(sent(sink, sink.entry().message("after close")));
        assertEquals(List.of(), status);
        assertEquals(0, sink.fallbackWrites());
        assertEquals(0, captured.size());
    }

    @Test
    void fallbackParsesItsNames() {
        assertEquals(JournalFallback.JSON, JournalFallback.parse(" Json "));
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> JournalFallback.parse("file"));
    }
}
