package io.github.systemd4j.journal.jul;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.journal.KernelThreadId;
import io.github.systemd4j.testkit.ChildJvm;
import io.github.systemd4j.testkit.JournalRecord;
import io.github.systemd4j.testkit.RealJournald;
import io.github.systemd4j.testkit.RealJournaldExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.ErrorManager;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The handler against the real journald, configured by logging.properties, every field read back with journalctl. */
@ExtendWith(RealJournaldExtension.class)
class JournalHandlerIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String KEY = JournalHandler.class.getName() + ".";

    @AfterEach
    void resetLogging() {
        JulConfig.reset();
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static JournalHandler configured(String resource, RealJournald journald, String appVersion) {
        JulConfig.read(JulConfig.resource(
                resource, Map.of("JOURNAL_SOCKET", journald.socketPath(), "APP_VERSION", appVersion)));
        return JulConfig.rootHandler();
    }

    private static String configWith(RealJournald journald, String... lines) {
        StringBuilder s = new StringBuilder("handlers=" + JournalHandler.class.getName() + "\n.level=ALL\n");
        s.append(KEY).append("socketPath=").append(journald.socketPath()).append('\n');
        s.append(KEY)
                .append("errorManager=")
                .append(RecordingErrorManager.class.getName())
                .append('\n');
        for (String line : lines) {
            s.append(KEY).append(line).append('\n');
        }
        return s.toString();
    }

    private static Exception failure() {
        IllegalStateException top = new IllegalStateException("top failure", new java.io.IOException("root cause"));
        top.addSuppressed(new IllegalArgumentException("suppressed one"));
        return top;
    }

    private static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void defaultsWriteTheDocumentedFields(RealJournald journald) {
        String id = newId();
        JournalHandler h = configured("logging-defaults.properties", journald, "unused");
        LogRecord record = new LogRecord(Level.SEVERE, "payment {0} failed");
        record.setLoggerName("com.example.Billing");
        record.setParameters(new Object[] {42, fields("TEST_ID", id, "DB_HOST", "db1", "COUNT", 3)});
        record.setThrown(failure());
        Logger.getLogger("com.example.Billing").log(record);

        JournalRecord r = journald.await(1, WAIT, "TEST_ID=" + id).get(0);
        assertEquals("3", r.get("PRIORITY"));
        assertEquals("com.example.Billing", r.get("LOGGER"));
        assertEquals(Thread.currentThread().getName(), r.get("THREAD_NAME"));
        assertEquals(String.valueOf(KernelThreadId.current()), r.get("TID"));
        assertFalse(r.has("CODE_FUNC"));
        assertEquals("db1", r.get("DB_HOST"));
        assertEquals("3", r.get("COUNT"));
        assertEquals("java.lang.IllegalStateException", r.get("EXCEPTION"));
        assertEquals("top failure", r.get("EXCEPTION_MESSAGE"));
        String message = r.get("MESSAGE");
        assertTrue(
                message.startsWith("payment 42 failed\njava.lang.IllegalStateException: top failure\n\tat "), message);
        assertTrue(message.contains("Caused by: java.io.IOException: root cause"), message);
        assertTrue(message.contains("Suppressed: java.lang.IllegalArgumentException: suppressed one"), message);
        assertFalse(message.endsWith("\n"));
        assertFalse(r.has("STACK_TRACE"));
        assertFalse(r.has("JUL_THREAD_ID"));
        assertFalse(r.has("JUL_SEQUENCE_NUMBER"));
        assertFalse(r.has("JUL_MESSAGE_KEY"));
        assertFalse(r.get("SYSLOG_IDENTIFIER").isEmpty());
        assertFalse(r.has("SYSLOG_FACILITY"));
        assertEquals(String.valueOf(ProcessHandle.current().pid()), r.get("_PID"));
        assertEquals(List.of(), RecordingErrorManager.of(h).reports());
    }

    @Test
    void everyKeyFlippedChangesWhatIsWritten(RealJournald journald) {
        String run = newId();
        JournalHandler h = configured("logging-everything.properties", journald, run);
        Logger log = Logger.getLogger("com.example.Billing");
        log.finer("below the handler level " + run);
        log.info("DROP: rejected by the filter " + run);
        LogRecord localized = new LogRecord(Level.INFO, "greeting");
        localized.setLoggerName("com.example.Billing");
        localized.setResourceBundle(new TestSupport.Messages());
        localized.setResourceBundleName(TestSupport.Messages.class.getName());
        localized.setParameters(new Object[] {"Zoë", fields("ORDER_ID", 42)});
        localized.setThrown(failure());
        log.log(localized);
        log.log(Level.FINE, "x".repeat(100 * 1024));

        // The FINER and the filtered record were sent first, if at all: two entries means neither was.
        List<JournalRecord> rs = journald.await(2, WAIT, "APP_VERSION=" + run);
        assertEquals(2, rs.size(), "level and filter apply: " + rs);
        JournalRecord r = rs.get(0);
        assertEquals("billing", r.get("SYSLOG_IDENTIFIER"));
        assertEquals("19", r.get("SYSLOG_FACILITY"));
        assertEquals("5", r.get("PRIORITY"), "INFO=5 override");
        assertFalse(r.has("LOGGER"));
        assertFalse(r.has("THREAD_NAME"));
        assertFalse(r.has("TID"));
        assertEquals(getClass().getName() + ".everyKeyFlippedChangesWhatIsWritten", r.get("CODE_FUNC"));
        assertArrayEquals(
                "[INFO] Hello Zoë".getBytes(StandardCharsets.UTF_8), r.bytes("MESSAGE"), "formatter, UTF-8 anyway");
        assertTrue(r.get("STACK_TRACE").startsWith("java.lang.IllegalStateException: top failure\n\tat "));
        assertEquals("eu-1", r.get("DC"));
        assertFalse(r.has("ORDER_ID"), "parameter maps off");
        assertEquals(String.valueOf(localized.getLongThreadID()), r.get("JUL_THREAD_ID"));
        assertEquals(String.valueOf(localized.getSequenceNumber()), r.get("JUL_SEQUENCE_NUMBER"));
        assertEquals("greeting", r.get("JUL_MESSAGE_KEY"));
        JournalRecord big = rs.get(1);
        assertEquals("7", big.get("PRIORITY"));
        assertEquals("MESSAGE", big.get("JOURNAL_TRUNCATED"), "maxEntrySize=64KB");
        assertTrue(big.get("MESSAGE").length() < 64 * 1024);
        assertFalse(big.has("JUL_MESSAGE_KEY"), "no bundle, no key");
        assertEquals(
                List.of(JournalHandler.class.getName()
                        + ".encoding=ISO-8859-1: ignored, journal entries are always UTF-8"),
                RecordingErrorManager.of(h).reports().stream()
                        .map(RecordingErrorManager.Report::message)
                        .toList(),
                "only the note that the encoding is ignored");
    }

    @Test
    void namespaceKeyWritesToThatNamespace(RealJournald journald) {
        String id = newId();
        JulConfig.read(
                "handlers=" + JournalHandler.class.getName() + "\n" + KEY + "namespace=" + journald.namespace() + "\n");
        Logger.getLogger("ns").log(Level.INFO, "to the namespace", fields("TEST_ID", id));
        assertEquals(
                "to the namespace",
                journald.await(1, WAIT, "TEST_ID=" + id).get(0).get("MESSAGE"));
    }

    @Test
    void levelTableIncludingCustomLevels(RealJournald journald) {
        String id = newId();
        JulConfig.read(configWith(journald, "priorityMapping=NOTICE=5,1100=2"));
        Logger log = Logger.getLogger("levels");
        Map<Level, String> expected = new LinkedHashMap<>();
        expected.put(Level.SEVERE, "3");
        expected.put(Level.WARNING, "4");
        expected.put(Level.INFO, "6");
        expected.put(Level.CONFIG, "6");
        expected.put(Level.FINE, "7");
        expected.put(Level.FINER, "7");
        expected.put(Level.FINEST, "7");
        expected.put(TestSupport.CustomLevel.EMERGENCY, "3"); // 2000: as SEVERE
        expected.put(TestSupport.CustomLevel.FATAL, "2"); // 1100: by value
        expected.put(TestSupport.CustomLevel.ALARM, "4"); // 950: as WARNING
        expected.put(TestSupport.CustomLevel.NOTICE, "5"); // 850: by name
        expected.put(TestSupport.CustomLevel.VERBOSE, "7"); // 450: as FINER
        expected.keySet().forEach(level -> log.log(level, "level {0}", fields("TEST_ID", id, "CASE", level.getName())));

        Map<String, String> actual = new LinkedHashMap<>();
        for (JournalRecord r : journald.await(expected.size(), WAIT, "TEST_ID=" + id)) {
            actual.put(r.get("CASE"), r.get("PRIORITY"));
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        expected.forEach((level, priority) -> wanted.put(level.getName(), priority));
        assertEquals(wanted, actual);
    }

    @Test
    void formatterRendersMessageAndFieldsAreStillWritten(RealJournald journald) {
        String id = newId();
        JulConfig.read(configWith(journald, "formatter=java.util.logging.SimpleFormatter")
                + "java.util.logging.SimpleFormatter.format=%4$s %3$s: %5$s%6$s%n\n");
        Logger.getLogger("com.example.Billing").log(Level.WARNING, "low balance", new Object[] {fields("TEST_ID", id)});
        Logger.getLogger("com.example.Billing").log(Level.SEVERE, "with trace " + id, failure());
        JournalRecord r = journald.await(1, WAIT, "TEST_ID=" + id).get(0);
        assertEquals("WARNING com.example.Billing: low balance", r.get("MESSAGE"));
        assertEquals("com.example.Billing", r.get("LOGGER"));
        JournalRecord traced = journald.await(x -> x.get("MESSAGE").contains(id), 1, WAIT, "LOGGER=com.example.Billing")
                .get(0);
        assertTrue(
                traced.get("MESSAGE")
                        .startsWith("SEVERE com.example.Billing: with trace " + id
                                + "\njava.lang.IllegalStateException: top failure"),
                "the formatter decides about the trace: " + traced.get("MESSAGE"));
    }

    @Test
    void sourceClassAndMethodBecomeCodeFunc(RealJournald journald) {
        String id = newId();
        JulConfig.read(configWith(journald, "logSource=true"));
        Logger log = Logger.getLogger("source");
        log.log(Level.INFO, "inferred", fields("TEST_ID", id, "CASE", "inferred"));
        log.logp(Level.INFO, "com.example.Explicit", "handle", "explicit", fields("TEST_ID", id, "CASE", "explicit"));
        List<JournalRecord> rs = journald.await(2, WAIT, "TEST_ID=" + id);
        assertEquals(
                getClass().getName() + ".sourceClassAndMethodBecomeCodeFunc",
                rs.get(0).get("CODE_FUNC"));
        assertEquals("com.example.Explicit.handle", rs.get(1).get("CODE_FUNC"));
        assertFalse(rs.get(0).has("CODE_FILE"), "a LogRecord has no file or line");
    }

    @Test
    void mapParametersBecomeFieldsAndMessageId(RealJournald journald) {
        String id = newId();
        JulConfig.read(configWith(journald));
        JournalHandler h = JulConfig.rootHandler();
        Logger log = Logger.getLogger("maps");
        log.log(Level.INFO, "order {0} paid", new Object[] {
            42,
            fields("TEST_ID", id, "ORDER_ID", 42, "MESSAGE_ID", "FC2E22BC-6EE6-47B6-B907-29AB34A250B1"),
            fields("customer", "c-7", "AMOUNT", 9.5, "NOTHING", null)
        });
        log.log(Level.INFO, "invalid id", fields("TEST_ID", id, "MESSAGE_ID", "not-an-id"));
        log.log(Level.INFO, "invalid id again", fields("TEST_ID", id, "MESSAGE_ID", "not-an-id"));
        List<JournalRecord> rs = journald.await(3, WAIT, "TEST_ID=" + id);
        JournalRecord r = rs.get(0);
        assertEquals("order 42 paid", r.get("MESSAGE"));
        assertEquals("42", r.get("ORDER_ID"));
        assertEquals("fc2e22bc6ee647b6b90729ab34a250b1", r.get("MESSAGE_ID"));
        assertEquals("c-7", r.get("CUSTOMER"));
        assertEquals("9.5", r.get("AMOUNT"));
        assertEquals("null", r.get("NOTHING"));
        assertEquals("not-an-id", rs.get(1).get("ESCAPED_MESSAGE_ID"));
        assertFalse(rs.get(1).has("MESSAGE_ID"));
        List<String> reports = RecordingErrorManager.of(h).messages(ErrorManager.WRITE_FAILURE);
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.get(0).contains("MESSAGE_ID \"not-an-id\""), reports.get(0));
    }

    @Test
    void staticFieldsOnEveryEntryAndAnInvalidOneReported(RealJournald journald) {
        String id = newId();
        JulConfig.read(configWith(
                journald, "fields=APP_VERSION=" + id + ", DC = eu-1 ,REGION=eu=west", "syslogIdentifier=static"));
        JournalHandler h = JulConfig.rootHandler();
        Logger.getLogger("static").info("one");
        Logger.getLogger("static").warning("two");
        List<JournalRecord> rs = journald.await(2, WAIT, "APP_VERSION=" + id);
        for (JournalRecord r : rs) {
            assertEquals("eu-1", r.get("DC"));
            assertEquals("eu=west", r.get("REGION"));
            assertEquals("static", r.get("SYSLOG_IDENTIFIER"));
        }
        assertEquals(List.of(), RecordingErrorManager.of(h).reports());

        JulConfig.read(configWith(journald, "fields=APP_VERSION=" + id + "-2,lower=1"));
        h = JulConfig.rootHandler();
        Logger.getLogger("static").info("three");
        List<String> problems = RecordingErrorManager.of(h).messages(ErrorManager.OPEN_FAILURE);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("invalid journal field name \"lower\""), problems.get(0));
        JournalRecord r = journald.await(1, WAIT, "MESSAGE=three").get(0);
        assertFalse(r.has("APP_VERSION"), "the whole key keeps its default: " + r);
    }

    @Test
    void hostileInputIsStoredAsDocumentedAndNeverThrows(RealJournald journald) {
        String id = newId();
        JulConfig.read(configWith(journald));
        Map<String, Object> hostile = new LinkedHashMap<>();
        hostile.put("TEST_ID", id);
        hostile.put("VALUE", "nul\0and\nnewline\nPRIORITY=0");
        hostile.put("lowercase", "1");
        hostile.put("", "2");
        hostile.put("k".repeat(200), "3");
        hostile.put("_under", "4");
        hostile.put("9digit", "5");
        hostile.put("db.host", "6");
        hostile.put("db-host", "7");
        hostile.put("PRIORITY", "0");
        hostile.put("MESSAGE", "fake");
        hostile.put("SYSLOG_IDENTIFIER", "evil");
        hostile.put("ünïcödé", "8");
        Logger.getLogger("hostile\nlogger")
                .log(Level.INFO, "message with nul\0 and\nnewline\nSYSLOG_IDENTIFIER=evil", hostile);
        JournalRecord r = journald.await(1, WAIT, "TEST_ID=" + id).get(0);
        assertArrayEquals("nul\0and\nnewline\nPRIORITY=0".getBytes(StandardCharsets.UTF_8), r.bytes("VALUE"));
        assertArrayEquals(
                "message with nul\0 and\nnewline\nSYSLOG_IDENTIFIER=evil".getBytes(StandardCharsets.UTF_8),
                r.bytes("MESSAGE"));
        assertEquals("hostile\nlogger", r.get("LOGGER"));
        assertEquals(List.of("6"), r.getAll("PRIORITY"));
        assertEquals(1, r.getAll("SYSLOG_IDENTIFIER").size());
        assertEquals("1", r.get("LOWERCASE"));
        assertEquals("2", r.get("EMPTY"));
        assertEquals("3", r.get("K".repeat(64)));
        assertEquals("4", r.get("ESCAPED__UNDER"));
        assertEquals("5", r.get("ESCAPED_9DIGIT"));
        assertEquals(Set.of("6", "7"), new HashSet<>(r.getAll("DB_HOST")));
        assertEquals("0", r.get("ESCAPED_PRIORITY"));
        assertEquals("fake", r.get("ESCAPED_MESSAGE"));
        assertEquals("evil", r.get("ESCAPED_SYSLOG_IDENTIFIER"));
        assertEquals("8", r.get("ESCAPED__N_C_D_"));
    }

    /** A value whose {@code toString()} fails the way application objects do. */
    private static final class Failing {
        private final Throwable failure;

        Failing(Throwable failure) {
            this.failure = failure;
        }

        @Override
        public String toString() {
            if (failure instanceof Error) {
                throw (Error) failure;
            }
            throw (RuntimeException) failure;
        }
    }

    @Test
    void nullKeysNullValuesAndFailingValuesKeepTheRecord(RealJournald journald) {
        String id = newId();
        JulConfig.read(configWith(journald));
        Map<Object, Object> values = new LinkedHashMap<>();
        values.put("TEST_ID", id);
        values.put(null, "null key");
        values.put("MAP_NULL", null);
        values.put("BAD_ERROR", new Failing(new NoClassDefFoundError("com/example/Gone")));
        values.put("BAD_RUNTIME", new Failing(new IllegalStateException("half-built")));
        values.put("BAD_IN_LIST", List.of("ok", new Failing(new AssertionError("nested"))));
        values.put(new Failing(new AssertionError("key")), "failing key");
        Logger.getLogger("nulls")
                .log(Level.INFO, "parameter {0}", new Object[] {new Failing(new AssertionError("param")), values});
        JournalRecord r = journald.await(1, WAIT, "TEST_ID=" + id).get(0);
        assertEquals("parameter {0}", r.get("MESSAGE"), "unformatted, as for any parameter that fails");
        assertEquals("null key", r.get("NULL"));
        assertEquals("null", r.get("MAP_NULL"));
        assertEquals(
                "[FAILED toString() of " + Failing.class.getName()
                        + ": java.lang.NoClassDefFoundError: com/example/Gone]",
                r.get("BAD_ERROR"));
        assertEquals(
                "[FAILED toString() of " + Failing.class.getName() + ": java.lang.IllegalStateException: half-built]",
                r.get("BAD_RUNTIME"));
        assertEquals(
                "[\"ok\",\"[FAILED toString() of " + Failing.class.getName() + ": java.lang.AssertionError: nested]\"]",
                r.get("BAD_IN_LIST"));
        assertEquals(
                "failing key",
                r.get("ESCAPED__FAILED_TOSTRING___OF_IO_GITHUB_SYSTEMD4J_JOURNAL_JUL_JO"),
                "a key whose toString() fails is named by the failure's text, sanitised");
        List<String> reports = RecordingErrorManager.of(JulConfig.rootHandler()).messages(ErrorManager.FORMAT_FAILURE);
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.get(0).contains("java.lang.AssertionError: param"), reports.get(0));
    }

    @Test
    void fiftyMebibyteMessageArrivesWhole(RealJournald journald) {
        String id = newId();
        JulConfig.read(configWith(journald));
        JournalHandler h = JulConfig.rootHandler();
        String big = "y".repeat(50 << 20);
        Logger.getLogger("big").log(Level.INFO, big, fields("TEST_ID", id));
        JournalRecord r = journald.await(1, WAIT, "TEST_ID=" + id).get(0);
        assertEquals(big.length(), r.get("MESSAGE").length());
        assertEquals(1, h.getClient().counters().sentViaFd());
    }

    @Test
    void serviceConfiguredOnlyByLoggingPropertiesIsFoundByUnitAndField(RealJournald journald) throws Exception {
        String id = newId();
        Path config = Files.createTempFile("logging-app", ".properties");
        try {
            Files.writeString(
                    config,
                    JulConfig.resource("logging-app.properties", Map.of("JOURNAL_SOCKET", journald.socketPath())),
                    StandardCharsets.ISO_8859_1);
            ChildJvm.of(JulService.class)
                    .unit("app.service")
                    .jvmArgs("-Djava.util.logging.config.file=" + config)
                    .args(id)
                    .run(Duration.ofMinutes(1));
        } finally {
            Files.deleteIfExists(config);
        }
        // journalctl --namespace=NAME -u app DB_HOST=db1 TEST_ID=...
        List<JournalRecord> found = journald.await(2, WAIT, "-u", "app", "DB_HOST=db1", "TEST_ID=" + id);
        assertEquals("app", found.get(0).get("SYSLOG_IDENTIFIER"), "detected from the unit");
        assertEquals("app.service", found.get(0).get("_SYSTEMD_UNIT"));
        assertEquals("request handled", found.get(0).get("MESSAGE"));
        assertEquals("6", found.get(0).get("PRIORITY"));
        assertEquals("slow query", found.get(1).get("MESSAGE"));
        assertEquals("4", found.get(1).get("PRIORITY"));
    }

    /** Child main: a service that logs through java.util.logging with nothing but logging.properties. */
    public static final class JulService {
        public static void main(String[] args) {
            Logger log = Logger.getLogger("com.example.App");
            log.log(Level.INFO, "request handled", Map.of("TEST_ID", args[0], "DB_HOST", "db1"));
            log.log(Level.WARNING, "slow query", Map.of("TEST_ID", args[0], "DB_HOST", "db1"));
        }
    }

    @Test
    void absentJournaldAtStartThenStarted(RealJournald journald) throws Exception {
        String id = newId();
        journald.kill();
        Files.deleteIfExists(Path.of(journald.socketPath()));
        JulConfig.read(configWith(journald, "fallback=none"));
        JournalHandler h = JulConfig.rootHandler();
        Logger log = Logger.getLogger("late");
        for (int i = 0; i < 3; i++) {
            log.log(Level.INFO, "before journald " + i, fields("TEST_ID", id));
        }
        journald.restart();
        int lost = Delivery.logUntilSent(h, () -> log.log(Level.INFO, "after journald started", fields("TEST_ID", id)));
        List<RecordingErrorManager.Report> reports = RecordingErrorManager.of(h).reports();
        assertEquals(2, reports.size(), reports.toString());
        assertEquals(ErrorManager.OPEN_FAILURE, reports.get(0).code());
        assertTrue(reports.get(0).message().contains("No journal socket at " + journald.socketPath()));
        assertEquals(ErrorManager.GENERIC_FAILURE, reports.get(1).code());
        assertTrue(
                reports.get(1).message().contains("reachable again; " + (3 + lost) + " entries"),
                reports.get(1).message());
        assertEquals(
                "after journald started",
                journald.await(1, WAIT, "TEST_ID=" + id).get(0).get("MESSAGE"));
    }

    @Test
    void fourThreadsTenThousandRecordsEachArriveUnmixed(RealJournald journald) throws Exception {
        String run = newId();
        int threads = 4;
        int perThread = 10_000;
        JulConfig.read(configWith(journald, "sendTimeout=10s"));
        JournalHandler h = JulConfig.rootHandler();
        Logger log = Logger.getLogger("load");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String worker = "w" + t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    log.log(Level.INFO, "{0} record {1}", new Object[] {
                        worker,
                        Integer.toString(i),
                        fields("RUN", run, "WORKER", worker, "SEQ", i, "CHECK", worker + "/" + i)
                    });
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertEquals(threads * perThread, h.getClient().counters().sent());
        List<JournalRecord> records = journald.await(
                threads * perThread, Duration.ofMinutes(2), "RUN=" + run, "--output-fields=WORKER,SEQ,CHECK,MESSAGE");
        Set<String> seen = new HashSet<>();
        for (JournalRecord r : records) {
            String key = r.get("WORKER") + "/" + r.get("SEQ");
            assertEquals(key, r.get("CHECK"), "fields of one record stay together");
            assertEquals(r.get("WORKER") + " record " + r.get("SEQ"), r.get("MESSAGE"));
            assertTrue(seen.add(key), "exactly once: " + key);
        }
        assertEquals(threads * perThread, seen.size());
    }
}
