package io.github.systemd4j.journal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.journal.FieldName;
import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.JournalEntry;
import io.github.systemd4j.journal.JournalFields;
import io.github.systemd4j.testkit.FakeJournald;
import io.github.systemd4j.testkit.JournalRecord;
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

    private final RecordingReporter reporter = new RecordingReporter();
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
            List<String> status = reporter.reports();
            assertEquals(1, status.size());
            assertTrue(
                    status.get(0).startsWith("UNAVAILABLE No journal socket at " + dir.resolve("socket")),
                    status.toString());
            for (int i = 0; i < 3; i++) {
                assertFalse(sent(
                        sink,
                        sink.entry()
                                .priority(4)
                                .add(JournalFields.LOGGER, "c.e.Billing")
                                .message("lost " + i)));
            }
            assertEquals(1, reporter.reports().size(), "no warning per entry");
            assertEquals(3, sink.fallbackWrites());
            try (FakeJournald journald = FakeJournald.start(dir)) {
                assertTrue(sent(sink, sink.entry().priority(6).message("back")));
                journald.awaitRecords(1, Duration.ofSeconds(5));
            }
            status = reporter.reports();
            assertEquals(2, status.size());
            assertEquals(
                    "BACK journald at " + dir.resolve("socket")
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
        assertTrue(
                reporter.reports().get(0).contains("nowhere (fallback none: dropped)"),
                reporter.reports().toString());
    }

    @Test
    void otherFailuresAreRateLimited() throws Exception {
        // A closed client fails every send with CLOSED: a failure that is not an outage.
        try (JournalSink sink = open(JournalFallback.NONE)) {
            reporter.clear();
            sink.client().close();
            for (int i = 0; i < 10; i++) {
                sent(sink, sink.entry().message("x"));
            }
            List<String> status = reporter.reports();
            assertEquals(JournalSink.BURST, status.size(), status.toString());
            clock.addAndGet(JournalSink.QUIET_NANOS);
            sent(sink, sink.entry().message("x"));
            status = reporter.reports();
            assertEquals(JournalSink.BURST + 1, status.size());
            assertTrue(status.get(JournalSink.BURST).contains("(7 similar failures not reported)"), status.toString());
        }
    }

    @Test
    void entriesAfterCloseAreDroppedWithoutReportOrFallback() {
        JournalSink sink = open(JournalFallback.STDERR);
        reporter.clear();
        JournalEntry entry = sink.entry().message("on its way while the adapter closes");
        sink.close();
        assertEquals(JournalSink.Delivery.CLOSED, sink.deliver(entry));
        assertFalse(sent(sink, sink.entry().message("after close")));
        assertEquals(List.of(), reporter.reports());
        assertEquals(0, sink.fallbackWrites());
        assertEquals(0, captured.size());
    }

    @Test
    void outagesInQuickSuccessionAreAnnouncedRateLimitedAndEachAnnouncedOneEnds() throws Exception {
        JournalSink sink;
        try (FakeJournald journald = FakeJournald.start(dir)) {
            sink = open(JournalFallback.NONE);
            assertTrue(sent(sink, sink.entry().message("up")));
        }
        try (sink) {
            // Seven outages at one instant of the sink's clock: journald gone with its socket, then back.
            for (int i = 0; i < 7; i++) {
                outageAndBack(sink, i);
            }
            List<String> status = reporter.reports();
            assertEquals(2 * JournalSink.BURST, status.size(), status.toString());
            for (int i = 0; i < JournalSink.BURST; i++) {
                assertTrue(status.get(2 * i).startsWith("UNAVAILABLE journald at "), status.toString());
                assertTrue(status.get(2 * i + 1).startsWith("BACK journald at "), status.toString());
            }
            clock.addAndGet(JournalSink.QUIET_NANOS);
            reporter.clear();
            outageAndBack(sink, 7);
            status = reporter.reports();
            assertEquals(2, status.size(), status.toString());
            assertTrue(
                    status.get(0).endsWith("until it is back. (4 outages since the last report were not reported)"),
                    status.get(0));
            assertEquals(
                    "BACK journald at " + dir.resolve("socket") + " is reachable again; 1 entries went to nowhere"
                            + " (fallback none: dropped) meanwhile.",
                    status.get(1));
        }
    }

    /** One outage: an entry while journald is gone, then one after it is back. */
    private void outageAndBack(JournalSink sink, int i) throws Exception {
        assertFalse(sent(sink, sink.entry().message("lost " + i)));
        try (FakeJournald journald = FakeJournald.start(dir)) {
            assertTrue(sent(sink, sink.entry().message("back " + i)));
        }
    }

    @Test
    void anInvalidConfigurationWritesEveryEntryToTheFallbackAndNothingToJournald() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir)) {
            JournalSettings settings = new JournalSettings();
            settings.set(JournalProperty.SOCKET_PATH, journald.socketPath());
            settings.set(JournalProperty.SYSLOG_IDENTIFIER, "app");
            settings.set(JournalProperty.LOG_TID, "maybe");
            List<JournalSink.Delivery> deliveries = new ArrayList<>();
            PrintStream err = System.err;
            System.setErr(out);
            try (JournalSink sink =
                    JournalSink.open(settings, List.of("set either <layout> or <encoder>"), "sink", reporter)) {
                for (int i = 0; i < 2; i++) {
                    deliveries.add(sink.deliver(sink.entry().priority(4).message("diverted " + i)));
                }
            } finally {
                System.setErr(err);
            }
            assertEquals(List.of(JournalSink.Delivery.FALLBACK, JournalSink.Delivery.FALLBACK), deliveries);
            assertEquals(
                    List.of(
                            "ERROR logTid=maybe: must be true or false",
                            "ERROR set either <layout> or <encoder>",
                            "ERROR journald is not used: the configuration has 2 errors; every entry goes to stderr"
                                    + " until it is fixed."),
                    reporter.reports());
            String text = captured.toString(StandardCharsets.UTF_8);
            assertEquals(
                    2,
                    text.lines()
                            .filter(l -> l.matches(".* WARN app - diverted \\d"))
                            .count(),
                    text);
            // A barrier from another client: journald reads its socket in order.
            try (JournalClient barrier =
                    builder().socketPath(journald.socketPath()).build()) {
                barrier.send(barrier.entry().message("barrier"));
            }
            List<JournalRecord> records = journald.awaitRecords(1, Duration.ofSeconds(5));
            assertEquals(
                    List.of("barrier"),
                    records.stream().map(r -> r.get("MESSAGE")).toList());
        }
    }

    @Test
    void anInvalidConfigurationKeepsItsValidFallbackAndTheClientsFields() {
        JournalSettings settings = new JournalSettings();
        settings.set(JournalProperty.SOCKET_PATH, dir.resolve("socket").toString());
        settings.set(JournalProperty.SYSLOG_IDENTIFIER, "app");
        settings.set(JournalProperty.FIELDS, "APP_VERSION=1.2");
        settings.set(JournalProperty.FALLBACK, "json");
        settings.set(JournalProperty.SEND_TIMEOUT, "soon");
        PrintStream stdout = System.out;
        System.setOut(out);
        try (JournalSink sink = JournalSink.open(settings, List.of(), "sink", reporter)) {
            sink.deliver(sink.entry().message("as JSON"));
        } finally {
            System.setOut(stdout);
        }
        String json = captured.toString(StandardCharsets.UTF_8);
        assertTrue(
                json.contains("\"MESSAGE\":\"as JSON\",\"SYSLOG_IDENTIFIER\":\"app\",\"APP_VERSION\":\"1.2\"}"), json);
        assertTrue(
                reporter.reports()
                        .get(1)
                        .endsWith("the configuration has 1 error; every entry goes to stdout as JSON"
                                + " until it is fixed."),
                reporter.reports().toString());
    }

    @Test
    void staticFieldsThatDoNotFitAreAConfigurationError() {
        JournalSettings settings = new JournalSettings();
        settings.set(JournalProperty.MAX_ENTRY_SIZE, "4096");
        settings.set(JournalProperty.FIELDS, "BIG=" + "x".repeat(5000));
        try (JournalSink sink = JournalSink.open(settings, List.of(), "sink", reporter)) {
            assertEquals(2, reporter.reports().size(), reporter.reports().toString());
            assertTrue(
                    reporter.reports().get(1).contains("the configuration has 1 error"),
                    reporter.reports().toString());
        }
    }

    @Test
    void fallbackParsesItsNames() {
        assertEquals(JournalFallback.JSON, JournalFallback.parse(" Json "));
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> JournalFallback.parse("file"));
    }
}
