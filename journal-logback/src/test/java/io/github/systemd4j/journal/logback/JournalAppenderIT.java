package io.github.systemd4j.journal.logback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.core.status.Status;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/** The appender against the real journald, every field read back with journalctl. */
@ExtendWith(RealJournaldExtension.class)
class JournalAppenderIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static LogbackHarness harness(String resource, RealJournald journald) {
        return new LogbackHarness(
                LogbackHarness.resource(resource),
                Map.of("JOURNAL_SOCKET", journald.socketPath(), "APP_VERSION", "1.2.3"));
    }

    private static JournalRecord one(RealJournald journald, String id) {
        return journald.await(1, WAIT, "TEST_ID=" + id).get(0);
    }

    private static Exception failure() {
        IllegalStateException top = new IllegalStateException("top failure", new java.io.IOException("root cause"));
        top.addSuppressed(new IllegalArgumentException("suppressed one"));
        return top;
    }

    @Test
    void defaultsWriteTheDocumentedFields(RealJournald journald) {
        String id = newId();
        Marker parent = MarkerFactory.getDetachedMarker("BILLING");
        parent.add(MarkerFactory.getDetachedMarker("AUDIT"));
        try (LogbackHarness h = harness("logback-defaults.xml", journald)) {
            MDC.put("TEST_ID", id);
            MDC.put("DB_HOST", "db1");
            h.logger("com.example.Billing")
                    .atError()
                    .addMarker(parent)
                    .addKeyValue("count", 3)
                    .addKeyValue("ok", true)
                    .addKeyValue("tags", List.of("a", "b"))
                    .addKeyValue("limits", new LinkedHashMap<>(Map.of("max", 5)))
                    .addKeyValue("ids", new int[] {1, 2})
                    .setCause(failure())
                    .log("payment {} failed", 42);
        }
        JournalRecord r = one(journald, id);
        assertEquals("3", r.get("PRIORITY"));
        assertEquals("com.example.Billing", r.get("LOGGER"));
        assertEquals(Thread.currentThread().getName(), r.get("THREAD_NAME"));
        assertEquals(String.valueOf(KernelThreadId.current()), r.get("TID"));
        assertFalse(r.has("CODE_FILE"));
        assertEquals("db1", r.get("DB_HOST"));
        assertEquals("3", r.get("COUNT"));
        assertEquals("true", r.get("OK"));
        assertEquals("[\"a\",\"b\"]", r.get("TAGS"));
        assertEquals("{\"max\":5}", r.get("LIMITS"));
        assertEquals("[1,2]", r.get("IDS"));
        assertEquals(List.of("BILLING", "AUDIT"), r.getAll("MARKER"));
        assertEquals("java.lang.IllegalStateException", r.get("EXCEPTION"));
        assertEquals("top failure", r.get("EXCEPTION_MESSAGE"));
        String message = r.get("MESSAGE");
        assertTrue(
                message.startsWith("payment 42 failed\njava.lang.IllegalStateException: top failure\n\tat "), message);
        assertTrue(message.contains("Caused by: java.io.IOException: root cause"), message);
        assertTrue(message.contains("Suppressed: java.lang.IllegalArgumentException: suppressed one"), message);
        assertFalse(message.endsWith("\n"));
        assertFalse(r.has("STACK_TRACE"));
        assertFalse(r.get("SYSLOG_IDENTIFIER").isEmpty());
        assertFalse(r.has("SYSLOG_FACILITY"));
    }

    @Test
    void levelsMapToPriorities(RealJournald journald) {
        String id = newId();
        try (LogbackHarness h = harness("logback-defaults.xml", journald)) {
            MDC.put("TEST_ID", id);
            Logger log = h.logger("levels");
            log.error("ERROR");
            log.warn("WARN");
            log.info("INFO");
            log.debug("DEBUG");
            log.trace("TRACE");
        }
        List<JournalRecord> rs = journald.await(5, WAIT, "TEST_ID=" + id);
        List<String> seen = new ArrayList<>();
        for (JournalRecord r : rs) {
            seen.add(r.get("MESSAGE") + "=" + r.get("PRIORITY"));
        }
        assertEquals(List.of("ERROR=3", "WARN=4", "INFO=6", "DEBUG=7", "TRACE=7"), seen);
    }

    @Test
    void everyPropertyFlippedChangesWhatIsWritten(RealJournald journald) {
        String id = newId();
        try (LogbackHarness h = harness("logback-everything.xml", journald)) {
            MDC.put("DB_HOST", "db1");
            MDC.put("REQUEST_ID", "r-1");
            MDC.put("OTHER", "not included");
            MDC.put("MESSAGE_ID", "0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9");
            Logger log = h.logger("com.example.Billing");
            log.atInfo()
                    .addMarker(MarkerFactory.getMarker("IGNORED"))
                    .addKeyValue("TEST_ID", "kv-not-written")
                    .setCause(failure())
                    .log("flipped " + id);
        }
        JournalRecord r =
                journald.await(1, WAIT, "MESSAGE_ID=0a1b2c3d4e5f60718293a4b5c6d7e8f9", "APP_VERSION=1.2.3").stream()
                        .filter(x -> x.get("MESSAGE").contains(id))
                        .findFirst()
                        .orElseThrow();
        assertEquals("billing", r.get("SYSLOG_IDENTIFIER"));
        assertEquals("19", r.get("SYSLOG_FACILITY"));
        assertEquals("5", r.get("PRIORITY"), "INFO=5 override");
        assertFalse(r.has("LOGGER"));
        assertFalse(r.has("THREAD_NAME"));
        assertFalse(r.has("TID"));
        assertEquals("JournalAppenderIT.java", r.get("CODE_FILE"));
        assertTrue(Integer.parseInt(r.get("CODE_LINE")) > 0);
        assertEquals(getClass().getName() + ".everyPropertyFlippedChangesWhatIsWritten", r.get("CODE_FUNC"));
        assertEquals("db1", r.get("CTX_DB_HOST"));
        assertFalse(r.has("CTX_REQUEST_ID"), "excluded");
        assertFalse(r.has("CTX_OTHER"), "not included");
        assertFalse(r.has("TEST_ID"), "key-values off");
        assertFalse(r.has("MARKER"), "markers off");
        assertEquals("[" + Thread.currentThread().getName() + "] flipped " + id, r.get("MESSAGE"), "layout, no trace");
        String trace = r.get("STACK_TRACE");
        assertTrue(trace.startsWith("java.lang.IllegalStateException: top failure\n\tat "), trace);
        assertTrue(trace.contains("\nCaused by: java.io.IOException: root cause\n"), trace);
        assertTrue(trace.contains("\tSuppressed: java.lang.IllegalArgumentException: suppressed one\n"), trace);
        assertFalse(trace.endsWith("\n"), trace);
        assertEquals("1.2.3", r.get("APP_VERSION"));
        assertEquals("eu-1", r.get("DC"));
    }

    @Test
    void namespacePropertyFindsTheNamespacesSocket(RealJournald journald) {
        String id = newId();
        String xml = "<configuration><appender name='JOURNAL' class='" + JournalAppender.class.getName() + "'>"
                + "<namespace>${NAMESPACE}</namespace>"
                + "</appender><root level='INFO'><appender-ref ref='JOURNAL'/></root></configuration>";
        try (LogbackHarness h = new LogbackHarness(xml, Map.of("NAMESPACE", journald.namespace()))) {
            assertEquals(
                    journald.socketPath(), h.appender().getClient().socket().toString());
            MDC.put("TEST_ID", id);
            h.logger("x").info("through the namespace property");
        }
        assertEquals("through the namespace property", one(journald, id).get("MESSAGE"));
    }

    @Test
    void messageIdFromKeyValuesAndInvalidOnesReportedOnce(RealJournald journald) {
        String id = newId();
        try (LogbackHarness h = harness("logback-defaults.xml", journald)) {
            Logger log = h.logger("ids");
            MDC.put("TEST_ID", id);
            log.atInfo()
                    .addKeyValue("MESSAGE_ID", "fc2e22bc6ee647b6b90729ab34a250b1")
                    .log("valid");
            MDC.put("MESSAGE_ID", "not-an-id");
            log.info("invalid one");
            log.info("invalid two");
            List<String> warnings = h.status(Status.WARN);
            assertEquals(
                    1,
                    warnings.stream()
                            .filter(w -> w.contains("MESSAGE_ID \"not-an-id\""))
                            .count(),
                    warnings.toString());
        }
        List<JournalRecord> rs = journald.await(3, WAIT, "TEST_ID=" + id);
        assertEquals("fc2e22bc6ee647b6b90729ab34a250b1", rs.get(0).get("MESSAGE_ID"));
        assertEquals("not-an-id", rs.get(1).get("ESCAPED_MESSAGE_ID"));
        assertFalse(rs.get(1).has("MESSAGE_ID"));
        assertEquals("not-an-id", rs.get(2).get("ESCAPED_MESSAGE_ID"));
    }

    @Test
    void encoderRendersMessage(RealJournald journald) {
        String id = newId();
        String xml = "<configuration><appender name='JOURNAL' class='" + JournalAppender.class.getName() + "'>"
                + "<socketPath>" + journald.socketPath() + "</socketPath>"
                + "<encoder><pattern>%level %logger{0}: %msg%n</pattern></encoder>"
                + "</appender><root level='INFO'><appender-ref ref='JOURNAL'/></root></configuration>";
        try (LogbackHarness h = new LogbackHarness(xml, Map.of())) {
            MDC.put("TEST_ID", id);
            h.logger("com.example.Billing").warn("low balance");
        }
        JournalRecord r = one(journald, id);
        assertEquals("WARN Billing: low balance", r.get("MESSAGE"));
        assertEquals(id, r.get("TEST_ID"), "structured fields still written");
    }

    @Test
    void hostileInputIsStoredAsDocumentedAndNeverThrows(RealJournald journald) {
        String id = newId();
        try (LogbackHarness h = harness("logback-defaults.xml", journald)) {
            Logger log = h.logger("hostile");
            MDC.put("TEST_ID", id);
            MDC.put("VALUE", "nul\0and\nnewline\nPRIORITY=0");
            MDC.put("lowercase", "1");
            MDC.put("", "2");
            MDC.put("k".repeat(200), "3");
            MDC.put("_under", "4");
            MDC.put("9digit", "5");
            MDC.put("db.host", "6");
            MDC.put("db-host", "7");
            MDC.put("PRIORITY", "0");
            MDC.put("MESSAGE", "fake");
            log.info("message with nul\0 and\nnewline\nSYSLOG_IDENTIFIER=evil");
        }
        JournalRecord r = one(journald, id);
        assertArrayEquals("nul\0and\nnewline\nPRIORITY=0".getBytes(StandardCharsets.UTF_8), r.bytes("VALUE"));
        assertEquals(
                "message with nul\0 and\nnewline\nSYSLOG_IDENTIFIER=evil",
                new String(r.bytes("MESSAGE"), StandardCharsets.UTF_8));
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
    }

    @Test
    void prefixIncludeAndExcludeFilterMdcAndKeyValuesAlike(RealJournald journald) {
        String id = newId();
        String xml = "<configuration><appender name='JOURNAL' class='" + JournalAppender.class.getName() + "'>"
                + "<socketPath>${JOURNAL_SOCKET}</socketPath><mdcPrefix>ctx_</mdcPrefix>"
                + "<mdcInclude>TEST_ID,DB_HOST,REQUEST_ID,ORDER</mdcInclude><mdcExclude>REQUEST_ID</mdcExclude>"
                + "</appender><root level='INFO'><appender-ref ref='JOURNAL'/></root></configuration>";
        try (LogbackHarness h = new LogbackHarness(xml, Map.of("JOURNAL_SOCKET", journald.socketPath()))) {
            MDC.put("TEST_ID", id);
            MDC.put("DB_HOST", "db1");
            MDC.put("REQUEST_ID", "mdc-excluded");
            MDC.put("OTHER", "mdc-not-included");
            h.logger("filters")
                    .atInfo()
                    .addKeyValue("ORDER", "o-1")
                    .addKeyValue("REQUEST_ID", "kv-excluded")
                    .addKeyValue("AMOUNT", "kv-not-included")
                    .log("filtered");
        }
        JournalRecord r = journald.await(1, WAIT, "CTX_TEST_ID=" + id).get(0);
        assertEquals("db1", r.get("CTX_DB_HOST"), "MDC, prefixed");
        assertEquals("o-1", r.get("CTX_ORDER"), "key-value, prefixed like MDC");
        assertFalse(r.has("CTX_REQUEST_ID"), "excluded from MDC and key-values");
        assertFalse(r.has("CTX_OTHER"), "MDC key not included");
        assertFalse(r.has("CTX_AMOUNT"), "key-value key not included");
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
    void nullKeysNullValuesAndFailingValuesKeepTheEntry(RealJournald journald) {
        String id = newId();
        try (LogbackHarness h = harness("logback-defaults.xml", journald)) {
            MDC.put("TEST_ID", id);
            MDC.put("MDC_NULL", null);
            h.logger("nulls")
                    .atInfo()
                    .addKeyValue(null, "null key")
                    .addKeyValue("KV_NULL", (Object) null)
                    .addKeyValue("BAD_ERROR", new Failing(new NoClassDefFoundError("com/example/Gone")))
                    .addKeyValue("BAD_RUNTIME", new Failing(new IllegalStateException("half-built")))
                    .addKeyValue("BAD_IN_LIST", List.of("ok", new Failing(new AssertionError("nested"))))
                    .log("entry with nulls");
            assertEquals(0, h.appender().getClient().counters().failed());
            assertTrue(
                    h.status(Status.ERROR).isEmpty(),
                    () -> h.status(Status.ERROR).toString());
        }
        JournalRecord r = one(journald, id);
        assertEquals("entry with nulls", r.get("MESSAGE"));
        assertEquals("null key", r.get("NULL"));
        assertEquals("null", r.get("KV_NULL"));
        assertEquals("null", r.get("MDC_NULL"));
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
    }

    @Test
    void hugeMessageAndTooManyMdcEntries(RealJournald journald) {
        String id = newId();
        String big = "y".repeat(50 << 20);
        try (LogbackHarness h = harness("logback-defaults.xml", journald)) {
            Logger log = h.logger("big");
            MDC.put("TEST_ID", id);
            MDC.put("CASE", "big");
            log.info(big);
            MDC.put("CASE", "many");
            for (int i = 0; i < 2000; i++) {
                MDC.put("K" + i, Integer.toString(i));
            }
            log.info("two thousand MDC entries " + id);
            assertEquals(2, h.appender().getClient().counters().sent());
        }
        JournalRecord huge =
                journald.await(1, WAIT, "TEST_ID=" + id, "CASE=big").get(0);
        assertEquals(big.length(), huge.get("MESSAGE").length());
        // Which MDC entries fit is up to the map's order; the message always does.
        JournalRecord many = journald.await(1, WAIT, "MESSAGE=two thousand MDC entries " + id)
                .get(0);
        int total = many.fields().entrySet().stream()
                .filter(e -> !e.getKey().startsWith("_"))
                .mapToInt(e -> e.getValue().size())
                .sum();
        assertTrue(total <= 1024, "client fields: " + total);
        assertTrue(Integer.parseInt(many.get("JOURNAL_DROPPED_FIELDS")) > 900, many.get("JOURNAL_DROPPED_FIELDS"));
        assertEquals("6", many.get("PRIORITY"));
    }

    @Test
    void serviceConfiguredOnlyByLogbackXmlIsFoundByUnitAndField(RealJournald journald) throws Exception {
        String id = newId();
        Path config = Path.of(LogbackHarness.resource("logback-app.xml").toURI());
        ChildJvm.of(LogbackService.class)
                .unit("app.service")
                .jvmArgs("-Dlogback.configurationFile=" + config, "-DJOURNAL_SOCKET=" + journald.socketPath())
                .args(id)
                .run(Duration.ofMinutes(1));
        List<JournalRecord> found = journald.await(2, WAIT, "-u", "app", "DB_HOST=db1", "TEST_ID=" + id);
        assertEquals("app", found.get(0).get("SYSLOG_IDENTIFIER"));
        assertEquals("app.service", found.get(0).get("_SYSTEMD_UNIT"));
        assertEquals("request handled", found.get(0).get("MESSAGE"));
    }

    /** Child main: a service that logs through SLF4J with MDC and nothing but logback.xml. */
    public static final class LogbackService {
        public static void main(String[] args) {
            Logger log = org.slf4j.LoggerFactory.getLogger("com.example.App");
            MDC.put("TEST_ID", args[0]);
            MDC.put("DB_HOST", "db1");
            log.info("request handled");
            log.atWarn().addKeyValue("USER_ID", "u-7").log("slow query");
            ((ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory()).stop();
        }
    }

    @Test
    void absentJournaldAtStartThenStarted(RealJournald journald) throws Exception {
        String id = newId();
        journald.kill();
        Files.deleteIfExists(Path.of(journald.socketPath()));
        try (LogbackHarness h = harness("logback-defaults.xml", journald)) {
            assertTrue(h.appender().isStarted(), "starts without a journal");
            Logger log = h.logger("late");
            MDC.put("TEST_ID", id);
            for (int i = 0; i < 3; i++) {
                log.info("before journald " + i);
            }
            journald.restart();
            int lost = logUntilSent(h.appender(), () -> log.info("after journald started"));
            List<String> warnings = h.status(Status.WARN);
            List<String> infos = new ArrayList<>(h.status(Status.INFO));
            infos.removeIf(m -> !m.contains("reachable again"));
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("No journal socket at " + journald.socketPath()), warnings.get(0));
            assertEquals(1, infos.size(), infos.toString());
            assertTrue(infos.get(0).contains((3 + lost) + " entries went to stderr meanwhile"), infos.get(0));
        }
        assertEquals("after journald started", one(journald, id).get("MESSAGE"));
    }

    /**
     * Logs until an entry goes out. Within the reconnect interval after a failed attempt the client
     * does not try again, and what is logged then goes to the fallback; trying until one is sent waits
     * exactly as long as that takes, however slow the test was to get here.
     *
     * @return how many events went to the fallback on the way
     */
    private static int logUntilSent(JournalAppender appender, Runnable logOnce) throws InterruptedException {
        long sent = appender.getClient().counters().sent();
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int lost = 0; ; lost++) {
            logOnce.run();
            if (appender.getClient().counters().sent() > sent) {
                return lost;
            }
            assertTrue(System.nanoTime() - deadline < 0, "nothing was sent within " + WAIT);
            Thread.sleep(10);
        }
    }

    @Test
    void eightThreadsFiftyThousandEventsEachArriveUnmixed(RealJournald journald) throws Exception {
        String run = newId();
        int threads = 8;
        int perThread = 50_000;
        String xml = "<configuration><appender name='JOURNAL' class='" + JournalAppender.class.getName() + "'>"
                + "<socketPath>" + journald.socketPath() + "</socketPath><sendTimeout>10 seconds</sendTimeout>"
                + "</appender><root level='INFO'><appender-ref ref='JOURNAL'/></root></configuration>";
        try (LogbackHarness h = new LogbackHarness(xml, Map.of())) {
            Logger log = h.logger("load");
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String thread = "w" + t;
                done.add(pool.submit(() -> {
                    MDC.put("RUN", run);
                    MDC.put("WORKER", thread);
                    for (int i = 0; i < perThread; i++) {
                        MDC.put("SEQ", Integer.toString(i));
                        log.atInfo().addKeyValue("CHECK", thread + "/" + i).log("{} event {}", thread, i);
                    }
                    MDC.clear();
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            assertEquals(
                    threads * perThread, h.appender().getClient().counters().sent());
        }
        List<JournalRecord> records = journald.await(
                threads * perThread, Duration.ofMinutes(2), "RUN=" + run, "--output-fields=WORKER,SEQ,CHECK,MESSAGE");
        Set<String> seen = new HashSet<>();
        for (JournalRecord r : records) {
            String key = r.get("WORKER") + "/" + r.get("SEQ");
            assertEquals(key, r.get("CHECK"), "fields of one event stay together");
            assertEquals(r.get("WORKER") + " event " + r.get("SEQ"), r.get("MESSAGE"));
            assertTrue(seen.add(key), "exactly once: " + key);
        }
        assertEquals(threads * perThread, seen.size());
    }
}
