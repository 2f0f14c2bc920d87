package io.github.systemd4j.journal.jul;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.contract.FailingToString;
import io.github.systemd4j.testkit.ChildJvm;
import io.github.systemd4j.testkit.JournalRecord;
import io.github.systemd4j.testkit.RealJournald;
import io.github.systemd4j.testkit.RealJournaldExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.ErrorManager;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What only the JUL handler has, against the real journald: JUL's own keys (level, filter, formatter,
 * encoding, error manager, {@code JUL_*} fields, {@code logParameterMaps}), custom levels, caller
 * class and method, several map parameters, failing keys and parameters, the lenient reading of an
 * unusable value and a service configured by nothing but {@code logging.properties}. The shared
 * behaviour is {@link JulContractIT}'s.
 */
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
    void ownKeysFlippedChangeWhatIsWritten(RealJournald journald) {
        String run = newId();
        JournalHandler h = configured("logging-own-keys.properties", journald, run);
        Logger log = Logger.getLogger("com.example.Billing");
        log.finer("below the handler level " + run);
        log.info("DROP: rejected by the filter " + run);
        LogRecord localized = new LogRecord(Level.INFO, "greeting");
        localized.setLoggerName("com.example.Billing");
        localized.setResourceBundle(new TestSupport.Messages());
        localized.setResourceBundleName(TestSupport.Messages.class.getName());
        localized.setParameters(new Object[] {"Zoë", fields("ORDER_ID", 42)});
        log.log(localized);
        log.fine("no bundle " + run);

        // The FINER and the filtered record were sent first, if at all: two entries means neither was.
        List<JournalRecord> rs = journald.await(2, WAIT, "APP_VERSION=" + run);
        assertEquals(2, rs.size(), "level and filter apply: " + rs);
        JournalRecord r = rs.get(0);
        assertArrayEquals(
                "[INFO] Hello Zoë".getBytes(StandardCharsets.UTF_8), r.bytes("MESSAGE"), "formatter, UTF-8 anyway");
        assertFalse(r.has("ORDER_ID"), "logParameterMaps=false");
        assertEquals(String.valueOf(localized.getLongThreadID()), r.get("JUL_THREAD_ID"));
        assertEquals(String.valueOf(localized.getSequenceNumber()), r.get("JUL_SEQUENCE_NUMBER"));
        assertEquals("greeting", r.get("JUL_MESSAGE_KEY"));
        assertFalse(rs.get(1).has("JUL_MESSAGE_KEY"), "no bundle, no key");
        assertEquals(
                List.of(JournalHandler.class.getName()
                        + ".encoding=ISO-8859-1: ignored, journal entries are always UTF-8"),
                RecordingErrorManager.of(h).reports().stream()
                        .map(RecordingErrorManager.Report::message)
                        .toList(),
                "only the note that the encoding is ignored");
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
    void everyMapParameterIsContextBesideOrdinaryParameters(RealJournald journald) {
        String id = newId();
        JulConfig.read(configWith(journald));
        Logger.getLogger("maps").log(Level.INFO, "order {0} paid", new Object[] {
            42, fields("TEST_ID", id, "ORDER_ID", 42), fields("customer", "c-7", "AMOUNT", 9.5)
        });
        JournalRecord r = journald.await(1, WAIT, "TEST_ID=" + id).get(0);
        assertEquals("order 42 paid", r.get("MESSAGE"));
        assertEquals("42", r.get("ORDER_ID"));
        assertEquals("c-7", r.get("CUSTOMER"));
        assertEquals("9.5", r.get("AMOUNT"));
    }

    @Test
    void anUnusableJournalKeyIsAnOpenFailureAndJournaldIsNotUsed(RealJournald journald) throws Exception {
        String id = newId();
        JulConfig.read(configWith(journald, "fields=APP_VERSION=" + id + ",lower=1", "fallback=none"));
        JournalHandler h = JulConfig.rootHandler();
        Logger.getLogger("static").log(Level.INFO, "not sent", fields("TEST_ID", id));
        List<String> problems = RecordingErrorManager.of(h).messages(ErrorManager.OPEN_FAILURE);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("invalid journal field name \"lower\""), problems.get(0));
        assertTrue(problems.get(1).contains("journald is not used: the configuration has 1 error"), problems.get(1));
        // A barrier through the same socket: journald stores in order, so the record would be there.
        try (JournalClient barrier =
                JournalClient.builder().socketPath(journald.socketPath()).build()) {
            barrier.send(barrier.entry().add("TEST_ID", id + "-barrier").message("barrier"));
        }
        journald.await(1, WAIT, "TEST_ID=" + id + "-barrier");
        assertEquals(List.of(), journald.read("TEST_ID=" + id), "the record never reaches journald");
    }

    @Test
    void aFailingMapKeyOrMessageParameterKeepsTheRecord(RealJournald journald) {
        String id = newId();
        JulConfig.read(configWith(journald));
        Map<Object, Object> values = new LinkedHashMap<>();
        values.put("TEST_ID", id);
        values.put(new FailingToString(new AssertionError("key")), "failing key");
        Logger.getLogger("nulls")
                .log(Level.INFO, "parameter {0}", new Object[] {new FailingToString(new AssertionError("param")), values
                });
        JournalRecord r = journald.await(1, WAIT, "TEST_ID=" + id).get(0);
        assertEquals("parameter {0}", r.get("MESSAGE"), "unformatted, as for any parameter that fails");
        assertEquals(
                "failing key",
                r.get("ESCAPED__FAILED_TOSTRING___OF_IO_GITHUB_SYSTEMD4J_JOURNAL_CONTRA"),
                "a key whose toString() fails is named by the failure's text, sanitised");
        List<String> reports = RecordingErrorManager.of(JulConfig.rootHandler()).messages(ErrorManager.FORMAT_FAILURE);
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.get(0).contains("java.lang.AssertionError: param"), reports.get(0));
    }

    @Test
    void serviceConfiguredOnlyByLoggingPropertiesIsFoundByUnitAndField(RealJournald journald) throws Exception {
        String id = newId();
        Path config = Files.createTempFile("logging-app", ".properties");
        List<JournalRecord> found;
        try {
            Files.writeString(
                    config,
                    JulConfig.resource("logging-app.properties", Map.of("JOURNAL_SOCKET", journald.socketPath())),
                    StandardCharsets.ISO_8859_1);
            // The service stays up until its entries are read back: journald tags them with the unit then.
            try (ChildJvm.Running service = ChildJvm.of(JulService.class)
                    .unit("app.service")
                    .jvmArgs("-Djava.util.logging.config.file=" + config)
                    .args(id)
                    .start(Duration.ofMinutes(1))) {
                // journalctl --namespace=NAME -u app DB_HOST=db1 TEST_ID=...
                found = journald.await(2, WAIT, "-u", "app", "DB_HOST=db1", "TEST_ID=" + id);
            }
        } finally {
            Files.deleteIfExists(config);
        }
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
}
