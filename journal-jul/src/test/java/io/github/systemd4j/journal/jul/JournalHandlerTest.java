package io.github.systemd4j.journal.jul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.contract.Captured;
import io.github.systemd4j.socket.SendException;
import io.github.systemd4j.socket.SendFailure;
import io.github.systemd4j.testkit.FakeJournald;
import io.github.systemd4j.testkit.JournalRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Configuration, errors, closing and failure behaviour, against {@link FakeJournald} or no journal at all. */
class JournalHandlerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String KEY = JournalHandler.class.getName() + ".";

    @TempDir
    Path dir;

    @AfterEach
    void resetLogging() {
        JulConfig.reset();
    }

    private String socket() {
        return dir.resolve("socket").toString();
    }

    private JournalHandler configured(String resource) {
        JulConfig.read(JulConfig.resource(resource, Map.of("JOURNAL_SOCKET", socket(), "APP_VERSION", "1.2.3")));
        return JulConfig.rootHandler();
    }

    private static String configWith(String socket, String... lines) {
        StringBuilder s = new StringBuilder("handlers=" + JournalHandler.class.getName() + "\n.level=ALL\n");
        s.append(KEY).append("socketPath=").append(socket).append('\n');
        s.append(KEY)
                .append("errorManager=")
                .append(RecordingErrorManager.class.getName())
                .append('\n');
        for (String line : lines) {
            s.append(KEY).append(line).append('\n');
        }
        return s.toString();
    }

    @Test
    void ownKeysRoundTripFromLoggingProperties() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir)) {
            JournalHandler h = configured("logging-own-keys.properties");
            List<RecordingErrorManager.Report> reports =
                    RecordingErrorManager.of(h).reports();
            assertEquals(1, reports.size(), reports.toString());
            assertEquals(ErrorManager.OPEN_FAILURE, reports.get(0).code());
            assertEquals(
                    KEY + "encoding=ISO-8859-1: ignored, journal entries are always UTF-8",
                    reports.get(0).message());
            assertEquals(Level.FINE, h.getLevel());
            assertInstanceOf(TestSupport.DropMarked.class, h.getFilter());
            assertInstanceOf(SimpleFormatter.class, h.getFormatter());
            assertEquals("ISO-8859-1", h.getEncoding());
            assertEquals(socket(), h.getClient().socket().toString());
        }
    }

    @Test
    void everyKeyHasItsDocumentedDefault() {
        JournalHandler h = configured("logging-defaults.properties");
        assertEquals(Level.ALL, h.getLevel());
        assertNull(h.getFilter());
        assertNull(h.getFormatter());
        assertNull(h.getEncoding());
        assertFalse(h.logsSource());
        assertFalse(h.getClient().syslogIdentifier().isEmpty(), "identifier detected");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "syslogIdentifier=                   | ",
                "logThreadId=maybe                   | logThreadId=maybe: must be true or false",
                "level=LOUD                          | level=LOUD: not a level name or number",
                "filter=com.example.Missing          | filter=com.example.Missing: cannot create a java.util.logging.Filter",
                "formatter=java.lang.String          | cannot create a java.util.logging.Formatter",
                "encoding=NO-SUCH-CHARSET            | encoding=NO-SUCH-CHARSET: unknown charset",
                "encoding=ISO-8859-1                 | encoding=ISO-8859-1: ignored, journal entries are always UTF-8",
            })
    void unusableValuesAreOpenFailuresAndKeepTheirDefault(String line, String expected) throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir)) {
            JulConfig.read(configWith(journald.socketPath(), line));
            JournalHandler h = JulConfig.rootHandler();
            List<String> problems = RecordingErrorManager.of(h).messages(ErrorManager.OPEN_FAILURE);
            if (expected == null) {
                assertEquals(List.of(), problems, "a blank value is the default");
            } else {
                assertEquals(1, problems.size(), problems.toString());
                assertTrue(problems.get(0).contains(expected), problems.get(0));
                assertTrue(problems.get(0).startsWith(KEY), problems.get(0));
            }
            assertEquals(
                    List.of(),
                    RecordingErrorManager.of(h).reports().stream()
                            .filter(r -> r.code() != ErrorManager.OPEN_FAILURE)
                            .toList());
            Logger.getLogger("x").info("still written");
            assertEquals("still written", journald.awaitRecords(1, WAIT).get(0).get("MESSAGE"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "fields=app_version=1  | fields=app_version=1: invalid journal field name \"app_version\"",
                "namespace=x           | namespace: set either socketPath or namespace, not both",
            })
    void unusableJournalKeysAreOpenFailuresAndEveryRecordGoesToTheFallback(String line, String expected)
            throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir);
                Captured err = Captured.stderr()) {
            JulConfig.read(configWith(journald.socketPath(), line));
            JournalHandler h = JulConfig.rootHandler();
            List<String> problems = RecordingErrorManager.of(h).messages(ErrorManager.OPEN_FAILURE);
            assertEquals(2, problems.size(), problems.toString());
            assertTrue(problems.get(0).startsWith(KEY + expected), problems.get(0));
            assertEquals(
                    KEY.substring(0, KEY.length() - 1) + ": journald is not used: the configuration has 1 error;"
                            + " every entry goes to stderr until it is fixed.",
                    problems.get(1));
            Logger.getLogger("x").info("to the fallback");
            assertTrue(
                    err.text().contains(" INFO [" + Thread.currentThread().getName() + "] x - to the fallback"),
                    err.text());
            // A barrier from a client of its own: FakeJournald receives in order, so nothing came before it.
            try (JournalClient barrier =
                    JournalClient.builder().socketPath(journald.socketPath()).build()) {
                barrier.send(barrier.entry().message("barrier"));
            }
            List<JournalRecord> records = journald.awaitRecords(1, WAIT);
            assertEquals(
                    List.of("barrier"),
                    records.stream().map(r -> r.get("MESSAGE")).toList());
        }
    }

    @Test
    void withJulsDefaultErrorManagerSetUpProblemsAndNoticesArePrintedOnceEach() throws Exception {
        String config = "handlers=" + JournalHandler.class.getName() + "\n.level=ALL\n" + KEY + "socketPath=" + socket()
                + "\n" + KEY + "filter=com.example.Missing\n";
        try (Captured err = Captured.stderr()) {
            JulConfig.read(config);
            Logger.getLogger("x").info("diverted");
            try (FakeJournald journald = FakeJournald.start(dir)) {
                for (int i = 0; journald.records().isEmpty(); i++) {
                    assertTrue(i < 100, "journald got nothing");
                    Logger.getLogger("x").info("sent " + i);
                    Thread.sleep(50); // the client tries a missing socket again at most every 100 ms
                }
            }
            List<String> lines =
                    err.text().lines().filter(l -> !l.contains(" x - ")).toList();
            assertEquals(
                    List.of(
                            "systemd4j: " + KEY + "filter=com.example.Missing: cannot create a java.util.logging.Filter"
                                    + " (java.lang.ClassNotFoundException: com.example.Missing); none is used",
                            "systemd4j: " + KEY.substring(0, KEY.length() - 1) + ": No journal socket at " + socket()
                                    + "; entries go to stderr until it appears."),
                    lines.subList(0, 2),
                    err.text());
            assertEquals(3, lines.size(), err.text());
            assertTrue(
                    lines.get(2)
                            .startsWith("systemd4j: " + KEY.substring(0, KEY.length() - 1) + ": journald at " + socket()
                                    + " is reachable again; "),
                    lines.get(2));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "utf8"})
    void utf8EncodingIsAcceptedSilently(String encoding) throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir)) {
            JulConfig.read(configWith(journald.socketPath(), "encoding=" + encoding));
            JournalHandler h = JulConfig.rootHandler();
            assertEquals(encoding, h.getEncoding());
            assertEquals(List.of(), RecordingErrorManager.of(h).reports());
        }
    }

    @Test
    void programmaticConfigurationRejectsBadInputAtOnceListingEveryMistake() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new JournalHandler(Map.of(
                        "fields", "lower=x",
                        "socketPath", "relative/path",
                        "namespace", "../etc",
                        "syslogFacility", "nine",
                        "priorityMapping", "INFO",
                        "maxEntrySize", "10",
                        "logMessageKey", "maybe")));
        List<String> lines = e.getMessage().lines().toList();
        assertEquals(7, lines.size(), e.getMessage());
        for (String key : List.of(
                "fields=",
                "socketPath=",
                "namespace=",
                "syslogFacility=",
                "priorityMapping=",
                "maxEntrySize=",
                "logMessageKey=")) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(KEY + key)), key + " in " + e.getMessage());
        }
    }

    @Test
    void programmaticHandlerWritesWithoutTheLogManager() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir)) {
            JournalHandler h = new JournalHandler(
                    Map.of("socketPath", journald.socketPath(), "syslogIdentifier", "prog", "fields", "APP_VERSION=2"));
            try {
                h.publish(new LogRecord(Level.WARNING, "programmatic"));
                JournalRecord r = journald.awaitRecords(1, WAIT).get(0);
                assertEquals("prog", r.get("SYSLOG_IDENTIFIER"));
                assertEquals("2", r.get("APP_VERSION"));
                assertEquals("4", r.get("PRIORITY"));
                assertEquals(List.of(), journald.problems());
            } finally {
                h.close();
            }
        }
    }

    @Test
    void errorManagerCodesForSetUpOutageAndRecovery() throws Exception {
        Path socket = dir.resolve("socket");
        JulConfig.read(configWith(socket.toString(), "fallback=none"));
        JournalHandler h = JulConfig.rootHandler();
        RecordingErrorManager errors = RecordingErrorManager.of(h);
        Logger log = Logger.getLogger("outage");
        log.info("no journal yet");
        assertEquals(1, errors.reports().size(), errors.reports().toString());
        assertEquals(ErrorManager.OPEN_FAILURE, errors.reports().get(0).code());
        assertTrue(errors.reports().get(0).message().contains("No journal socket at " + socket));

        int lostAtStart;
        try (FakeJournald journald = FakeJournald.start(dir)) {
            lostAtStart = Delivery.logUntilSent(h, () -> log.info("journal there"));
            journald.awaitRecords(1, WAIT);
        }
        log.info("journal gone");
        log.info("still gone");
        int lostInOutage;
        try (FakeJournald journald = FakeJournald.start(dir)) {
            lostInOutage = Delivery.logUntilSent(h, () -> log.info("journal back"));
            assertEquals("journal back", journald.awaitRecords(1, WAIT).get(0).get("MESSAGE"));
        }
        List<RecordingErrorManager.Report> reports = errors.reports();
        assertEquals(4, reports.size(), reports.toString());
        assertEquals(ErrorManager.GENERIC_FAILURE, reports.get(1).code(), "recovery");
        assertTrue(
                reports.get(1).message().contains("reachable again; " + (1 + lostAtStart) + " entries"),
                reports.get(1).message());
        assertNull(reports.get(1).cause());
        assertEquals(ErrorManager.WRITE_FAILURE, reports.get(2).code(), "outage");
        assertTrue(
                reports.get(2).message().contains("is unavailable"),
                reports.get(2).message());
        assertInstanceOf(SendException.class, reports.get(2).cause());
        assertEquals(ErrorManager.GENERIC_FAILURE, reports.get(3).code(), "recovery");
        assertTrue(
                reports.get(3).message().contains("reachable again; " + (2 + lostInOutage) + " entries"),
                reports.get(3).message());
    }

    @Test
    void closeReleasesTheSocketAndLaterRecordsAreDroppedAndCounted() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir)) {
            JulConfig.read(configWith(journald.socketPath()));
            JournalHandler h = JulConfig.rootHandler();
            Logger log = Logger.getLogger("closing");
            log.info("before close");
            journald.awaitRecords(1, WAIT);
            JournalClient client = h.getClient();
            h.flush();
            h.close();
            h.close();
            log.info("after close 1");
            h.publish(new LogRecord(Level.SEVERE, "after close 2"));
            h.flush();
            assertEquals(2, h.getDroppedAfterClose());
            assertNull(h.getClient());
            SendException closed = assertThrows(SendException.class, () -> client.send(client.entry()));
            assertEquals(SendFailure.CLOSED, closed.failure());
            List<JournalRecord> records = Delivery.recordsUpToABarrier(journald);
            assertEquals(2, records.size(), "only the record before close, then the barrier: " + records);
            assertEquals("before close", records.get(0).get("MESSAGE"));
            assertEquals(List.of(), RecordingErrorManager.of(h).reports());
        }
    }

    @Test
    void aRecordBeingWrittenWhenCloseRunsIsDroppedAndCountedNotReported() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        // Before the handler opens: its stderr fallback is the System.err of that moment.
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (FakeJournald journald = FakeJournald.start(dir)) {
            JournalHandler h = new JournalHandler(Map.of("socketPath", journald.socketPath()));
            h.setErrorManager(new RecordingErrorManager());
            // The formatter runs inside publish, after the handler checked it is open and before the
            // entry is sent: closing there is the race of close() against another thread's publish.
            h.setFormatter(new Formatter() {
                @Override
                public String format(LogRecord record) {
                    h.close();
                    return record.getMessage();
                }
            });
            h.publish(new LogRecord(Level.INFO, "in flight"));
            assertEquals(1, h.getDroppedAfterClose());
            assertEquals(List.of(), RecordingErrorManager.of(h).reports());
            List<JournalRecord> records = Delivery.recordsUpToABarrier(journald);
            assertEquals(1, records.size(), "only the barrier: " + records);
        } finally {
            System.setErr(original);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8), "no fallback line");
    }

    /** A formatter that logs while formatting, as a careless toString() or a bridged library might. */
    public static final class LoggingFormatter extends Formatter {
        @Override
        public String format(LogRecord record) {
            Logger.getLogger("inner").info("logged from inside the handler");
            return "formatted: " + record.getMessage() + "\n";
        }
    }

    @Test
    void recordsLoggedFromInsideTheHandlerAreNotRecursedInto() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir)) {
            JulConfig.read(configWith(journald.socketPath(), "formatter=" + LoggingFormatter.class.getName()));
            Logger.getLogger("outer").info("outer record");
            // A barrier through the same handler: what the first record caused arrives ahead of it.
            Logger.getLogger("outer").info("barrier");
            journald.awaitRecords(r -> "formatted: barrier".equals(r.get("MESSAGE")), 1, WAIT);
            List<JournalRecord> records = journald.records();
            assertEquals(2, records.size(), records.toString());
            assertEquals("formatted: outer record", records.get(0).get("MESSAGE"));
        }
    }

    /** A formatter that always fails. */
    public static final class BrokenFormatter extends Formatter {
        @Override
        public String format(LogRecord record) {
            throw new IllegalStateException("formatter broken");
        }
    }

    @Test
    void aFailingFormatterOrParameterCostsOnlyItself() throws Exception {
        Object hostile = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("toString broken");
            }
        };
        try (FakeJournald journald = FakeJournald.start(dir)) {
            JulConfig.read(configWith(journald.socketPath(), "formatter=" + BrokenFormatter.class.getName()));
            JournalHandler h = JulConfig.rootHandler();
            Logger log = Logger.getLogger("x");
            for (int i = 0; i < 5; i++) {
                log.log(Level.INFO, "still delivered {0}", new Object[] {Map.of("HOSTILE", hostile, "FINE", 1)});
            }
            JournalRecord r = journald.awaitRecords(5, WAIT).get(0);
            assertEquals("still delivered {0}", r.get("MESSAGE"), "plain message; the map cannot be formatted");
            assertEquals("1", r.get("FINE"));
            assertTrue(r.get("HOSTILE").startsWith("[FAILED toString() of "), r.get("HOSTILE"));
            List<String> failures = RecordingErrorManager.of(h).messages(ErrorManager.FORMAT_FAILURE);
            assertEquals(3, failures.size(), "rate-limited: " + failures);
            assertTrue(failures.get(2).contains("further ones are not reported"), failures.get(2));
        }
    }

    @Test
    void aParameterWhoseToStringThrowsInTheMessageIsAFormatFailurePerRecord() throws Exception {
        IllegalStateException boom = new IllegalStateException("toString broken");
        Object hostile = new Object() {
            @Override
            public String toString() {
                throw boom;
            }
        };
        try (FakeJournald journald = FakeJournald.start(dir)) {
            JulConfig.read(configWith(journald.socketPath()));
            JournalHandler h = JulConfig.rootHandler();
            Logger log = Logger.getLogger("x");
            for (int i = 0; i < 4; i++) {
                log.log(Level.INFO, "value {0}", hostile);
            }
            List<JournalRecord> records = journald.awaitRecords(4, WAIT);
            assertEquals("value {0}", records.get(0).get("MESSAGE"), "the unformatted pattern");
            List<RecordingErrorManager.Report> reports =
                    RecordingErrorManager.of(h).reports();
            assertEquals(3, reports.size(), "one per record, the first three: " + reports);
            for (RecordingErrorManager.Report r : reports) {
                assertEquals(ErrorManager.FORMAT_FAILURE, r.code());
                assertEquals(boom, r.cause());
            }
            assertTrue(
                    reports.get(2).message().contains("further ones are not reported"),
                    reports.get(2).message());
        }
    }

    @Test
    void stderrErrorManagerPrintsEveryReport() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            StderrErrorManager errors = new StderrErrorManager();
            errors.error("first", null, ErrorManager.OPEN_FAILURE);
            errors.error("second", new java.io.IOException("socket gone"), ErrorManager.WRITE_FAILURE);
            errors.error("third", null, ErrorManager.GENERIC_FAILURE);
        } finally {
            System.setErr(original);
        }
        assertEquals(
                "[OPEN_FAILURE] first\n[WRITE_FAILURE] second: java.io.IOException: socket gone\n"
                        + "[GENERIC_FAILURE] third\n",
                captured.toString(StandardCharsets.UTF_8));
    }
}
