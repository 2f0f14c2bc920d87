package io.github.systemd4j.journal.log4j2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.message.MapMessage;
import org.apache.logging.log4j.message.StringMapMessage;
import org.apache.logging.log4j.message.StructuredDataMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The appender against the real journald, every field read back with journalctl. */
@ExtendWith(RealJournaldExtension.class)
class JournalAppenderIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @AfterEach
    void clearContext() {
        ThreadContext.clearAll();
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static Log4jHarness harness(String resource, RealJournald journald) {
        return Log4jHarness.fromResource(resource, Map.of("SOCKET", journald.socketPath()));
    }

    private static Log4jHarness harness(String attributes, String children, RealJournald journald) {
        return new Log4jHarness(
                Log4jHarness.journalConfig("socketPath='@SOCKET@' " + attributes, children),
                Map.of("SOCKET", journald.socketPath()));
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
        Marker billing = MarkerManager.getMarker("BILLING").setParents(MarkerManager.getMarker("AUDIT"));
        try (Log4jHarness h = harness("log4j2-defaults.xml", journald)) {
            ThreadContext.put("TEST_ID", id);
            ThreadContext.put("DB_HOST", "db1");
            h.logger("com.example.Billing").error(billing, "payment {} failed", 42, failure());
        }
        JournalRecord r = one(journald, id);
        assertEquals("3", r.get("PRIORITY"));
        assertEquals("com.example.Billing", r.get("LOGGER"));
        assertEquals(Thread.currentThread().getName(), r.get("THREAD_NAME"));
        assertEquals(String.valueOf(KernelThreadId.current()), r.get("TID"));
        assertFalse(r.has("CODE_FILE"));
        assertEquals("db1", r.get("DB_HOST"));
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
        assertFalse(r.has("SD_ID"));
    }

    @Test
    void levelsMapToPrioritiesCustomLevelsToTheirStandardLevel(RealJournald journald) {
        String id = newId();
        Level notice = Level.forName("NOTICE", 350);
        Level verbose = Level.forName("VERBOSE", 550);
        try (Log4jHarness h = harness("log4j2-defaults.xml", journald)) {
            ThreadContext.put("TEST_ID", id);
            Logger log = h.logger("levels");
            for (Level level : List.of(
                    Level.FATAL, Level.ERROR, Level.WARN, notice, Level.INFO, Level.DEBUG, verbose, Level.TRACE)) {
                log.log(level, level.name());
            }
        }
        List<JournalRecord> rs = journald.await(8, WAIT, "TEST_ID=" + id);
        List<String> seen = new ArrayList<>();
        for (JournalRecord r : rs) {
            seen.add(r.get("MESSAGE") + "=" + r.get("PRIORITY"));
        }
        assertEquals(
                List.of("FATAL=2", "ERROR=3", "WARN=4", "NOTICE=4", "INFO=6", "DEBUG=7", "VERBOSE=7", "TRACE=7"), seen);
    }

    @Test
    void everyAttributeFlippedChangesWhatIsWritten(RealJournald journald) {
        String id = newId();
        Level notice = Level.forName("NOTICE", 350);
        try (Log4jHarness h = harness("log4j2-everything.xml", journald)) {
            assertTrue(h.appender().isStarted(), h.status(Level.WARN).toString());
            ThreadContext.put("DB_HOST", "db1");
            ThreadContext.put("REQUEST_ID", "r-1");
            ThreadContext.put("OTHER", "not included");
            ThreadContext.put("MESSAGE_ID", "0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9");
            Logger log = h.logger("com.example.Billing");
            log.info(MarkerManager.getMarker("IGNORED"), "flipped " + id, failure());
            log.log(
                    notice,
                    new StringMapMessage().with("TEST_ID", "map-not-written").with("MARK", id));
        }
        List<JournalRecord> rs =
                journald.await(2, WAIT, "MESSAGE_ID=0a1b2c3d4e5f60718293a4b5c6d7e8f9", "CTX_DB_HOST=db1").stream()
                        .filter(x -> x.get("MESSAGE").contains(id))
                        .toList();
        assertEquals(2, rs.size(), rs.toString());
        JournalRecord r = rs.get(0);
        assertEquals("billing", r.get("SYSLOG_IDENTIFIER"));
        assertEquals("19", r.get("SYSLOG_FACILITY"));
        assertEquals("5", r.get("PRIORITY"), "INFO=5 override");
        assertFalse(r.has("LOGGER"));
        assertFalse(r.has("THREAD_NAME"));
        assertFalse(r.has("TID"));
        assertEquals("JournalAppenderIT.java", r.get("CODE_FILE"));
        assertTrue(Integer.parseInt(r.get("CODE_LINE")) > 0);
        assertEquals(getClass().getName() + ".everyAttributeFlippedChangesWhatIsWritten", r.get("CODE_FUNC"));
        assertEquals("db1", r.get("CTX_DB_HOST"));
        assertFalse(r.has("CTX_REQUEST_ID"), "excluded");
        assertFalse(r.has("CTX_OTHER"), "not included");
        assertFalse(r.has("MARKER"), "markers off");
        assertEquals("[" + Thread.currentThread().getName() + "] flipped " + id, r.get("MESSAGE"), "layout, no trace");
        String trace = r.get("STACK_TRACE");
        assertTrue(trace.startsWith("java.lang.IllegalStateException: top failure\n\tat "), trace);
        assertTrue(trace.contains("\nCaused by: java.io.IOException: root cause\n"), trace);
        assertTrue(trace.contains("\tSuppressed: java.lang.IllegalArgumentException: suppressed one\n"), trace);
        assertFalse(trace.endsWith("\n"), trace);
        assertEquals("java.lang.IllegalStateException", r.get("EXCEPTION"));
        assertEquals("dev", r.get("APP_VERSION"), "lookup with default in a <Field>");
        assertEquals("eu-1", r.get("DC"));
        JournalRecord map = rs.get(1);
        assertEquals("5", map.get("PRIORITY"), "NOTICE=5 override of a custom level");
        assertFalse(map.has("TEST_ID") || map.has("CTX_TEST_ID") || map.has("MARK"), "map messages off");
    }

    @Test
    void namespaceAttributeFindsTheNamespacesSocket(RealJournald journald) {
        String id = newId();
        try (Log4jHarness h = new Log4jHarness(
                Log4jHarness.journalConfig("namespace='@NAMESPACE@'", ""), Map.of("NAMESPACE", journald.namespace()))) {
            assertEquals(
                    journald.socketPath(), h.appender().getClient().socket().toString());
            ThreadContext.put("TEST_ID", id);
            h.logger("x").info("through the namespace attribute");
        }
        assertEquals("through the namespace attribute", one(journald, id).get("MESSAGE"));
    }

    @Test
    void threadContextOffWritesNoThreadContextFields(RealJournald journald) {
        String id = newId();
        try (Log4jHarness h = harness("logThreadContext='false'", "", journald)) {
            ThreadContext.put("DB_HOST", "db1");
            h.logger("x").info(new StringMapMessage().with("TEST_ID", id));
        }
        JournalRecord r = one(journald, id);
        assertFalse(r.has("DB_HOST"));
    }

    @Test
    void mapAndStructuredDataMessagesBecomeFields(RealJournald journald) {
        String id = newId();
        try (Log4jHarness h = harness("log4j2-defaults.xml", journald)) {
            Logger log = h.logger("audit");
            log.info(new StringMapMessage()
                    .with("TEST_ID", id)
                    .with("order.id", "o-1")
                    .with("amount", "12.50")
                    .with("lines", "a\nb"));
            log.warn(new StructuredDataMessage("login@18060", "user logged in", "Audit")
                    .with("TEST_ID", id)
                    .with("user", "bob"));
        }
        List<JournalRecord> rs = journald.await(2, WAIT, "TEST_ID=" + id);
        JournalRecord map = rs.get(0);
        assertEquals("o-1", map.get("ORDER_ID"));
        assertEquals("12.50", map.get("AMOUNT"));
        assertEquals("a\nb", map.get("LINES"));
        assertFalse(map.has("SD_ID"));
        JournalRecord sd = rs.get(1);
        assertEquals("login@18060", sd.get("SD_ID"));
        assertEquals("bob", sd.get("USER"));
        assertEquals("4", sd.get("PRIORITY"));
        assertTrue(sd.get("MESSAGE").contains("user logged in"), sd.get("MESSAGE"));
    }

    @Test
    void messageIdFromContextOrMapAndInvalidOnesReportedOnce(RealJournald journald) {
        String id = newId();
        try (Log4jHarness h = harness("log4j2-defaults.xml", journald)) {
            Logger log = h.logger("ids");
            ThreadContext.put("TEST_ID", id);
            log.info(new StringMapMessage().with("MESSAGE_ID", "fc2e22bc6ee647b6b90729ab34a250b1"));
            ThreadContext.put("MESSAGE_ID", "not-an-id");
            log.info("invalid one");
            log.info("invalid two");
            List<String> warnings = h.status(Level.WARN);
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
    void hostileInputIsStoredAsDocumentedAndNeverThrows(RealJournald journald) {
        String id = newId();
        try (Log4jHarness h = harness("log4j2-defaults.xml", journald)) {
            Logger log = h.logger("hostile");
            ThreadContext.put("TEST_ID", id);
            ThreadContext.put("VALUE", "nul\0and\nnewline\nPRIORITY=0");
            ThreadContext.put("lowercase", "1");
            ThreadContext.put("", "2");
            ThreadContext.put("k".repeat(200), "3");
            ThreadContext.put("_under", "4");
            ThreadContext.put("9digit", "5");
            ThreadContext.put("db.host", "6");
            ThreadContext.put("db-host", "7");
            ThreadContext.put("PRIORITY", "0");
            ThreadContext.put("MESSAGE", "fake");
            ThreadContext.put("SD_ID", "forged");
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
        assertEquals("forged", r.get("ESCAPED_SD_ID"));
        assertFalse(r.has("SD_ID"));
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
        try (Log4jHarness h = harness("log4j2-defaults.xml", journald)) {
            ThreadContext.put("TEST_ID", id);
            ThreadContext.put("CTX_NULL", null);
            Map<String, Object> values = new LinkedHashMap<>();
            values.put(null, "null key");
            values.put("MAP_NULL", null);
            values.put("BAD_ERROR", new Failing(new NoClassDefFoundError("com/example/Gone")));
            values.put("BAD_RUNTIME", new Failing(new IllegalStateException("half-built")));
            values.put("BAD_IN_LIST", List.of("ok", new Failing(new AssertionError("nested"))));
            values.put("LIMITS", new LinkedHashMap<>(Map.of("max", 5)));
            h.logger("nulls").info(new MapMessage<>(values));
            assertEquals(0, h.appender().getManager().sink().client().counters().failed());
            assertTrue(
                    h.status(Level.ERROR).isEmpty(), () -> h.status(Level.ERROR).toString());
        }
        JournalRecord r = one(journald, id);
        assertEquals("null key", r.get("NULL"));
        assertEquals("null", r.get("MAP_NULL"));
        assertEquals("null", r.get("CTX_NULL"));
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
        assertEquals("{\"max\":5}", r.get("LIMITS"), "a Map value is JSON, as in every adapter");
    }

    @Test
    void hugeMessageAndTooManyContextEntries(RealJournald journald) {
        String id = newId();
        String big = "y".repeat(50 << 20);
        try (Log4jHarness h = harness("log4j2-defaults.xml", journald)) {
            Logger log = h.logger("big");
            ThreadContext.put("TEST_ID", id);
            ThreadContext.put("CASE", "big");
            log.info(big);
            ThreadContext.put("CASE", "many");
            for (int i = 0; i < 2000; i++) {
                ThreadContext.put("K" + i, Integer.toString(i));
            }
            log.info("two thousand context entries " + id);
            assertEquals(2, h.appender().getClient().counters().sent());
        }
        JournalRecord huge =
                journald.await(1, WAIT, "TEST_ID=" + id, "CASE=big").get(0);
        assertEquals(big.length(), huge.get("MESSAGE").length());
        // Which context entries fit is up to the map's order; the message always does.
        JournalRecord many = journald.await(1, WAIT, "MESSAGE=two thousand context entries " + id)
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
    void serviceConfiguredOnlyByLog4j2XmlIsFoundByUnitAndField(RealJournald journald) throws Exception {
        String id = newId();
        Path config =
                Path.of(JournalAppenderIT.class.getResource("/log4j2-app.xml").toURI());
        ChildJvm.of(Log4jService.class)
                .unit("app.service")
                .jvmArgs("-Dlog4j2.configurationFile=" + config, "-DJOURNAL_SOCKET=" + journald.socketPath())
                .args(id)
                .run(Duration.ofMinutes(1));
        List<JournalRecord> found = journald.await(2, WAIT, "-u", "app", "DB_HOST=db1", "TEST_ID=" + id);
        assertEquals("app", found.get(0).get("SYSLOG_IDENTIFIER"));
        assertEquals("app.service", found.get(0).get("_SYSTEMD_UNIT"));
        assertEquals("request handled", found.get(0).get("MESSAGE"));
        assertEquals("u-7", found.get(1).get("USER_ID"));
    }

    /** Child main: a service that logs through the Log4j API with ThreadContext and nothing but log4j2.xml. */
    public static final class Log4jService {
        public static void main(String[] args) {
            org.apache.logging.log4j.Logger log = LogManager.getLogger("com.example.App");
            ThreadContext.put("TEST_ID", args[0]);
            ThreadContext.put("DB_HOST", "db1");
            log.info("request handled");
            log.warn(new StringMapMessage().with("USER_ID", "u-7").with("query", "slow"));
            LogManager.shutdown();
        }
    }

    @Test
    void absentJournaldAtStartThenStarted(RealJournald journald) throws Exception {
        String id = newId();
        journald.kill();
        Files.deleteIfExists(Path.of(journald.socketPath()));
        try (Log4jHarness h = harness("log4j2-defaults.xml", journald)) {
            assertTrue(h.appender().isStarted(), "starts without a journal");
            Logger log = h.logger("late");
            ThreadContext.put("TEST_ID", id);
            for (int i = 0; i < 3; i++) {
                log.info("before journald " + i);
            }
            journald.restart();
            int lost = logUntilSent(h.appender(), () -> log.info("after journald started"));
            List<String> ours = h.status(Level.INFO).stream()
                    .filter(m -> m.startsWith("Journal appender [journal]"))
                    .toList();
            assertEquals(2, ours.size(), ours.toString());
            assertTrue(ours.get(0).contains("No journal socket at " + journald.socketPath()), ours.get(0));
            assertTrue(
                    ours.get(1).contains("reachable again; " + (3 + lost) + " entries went to stderr meanwhile"),
                    ours.get(1));
        }
        assertEquals("after journald started", one(journald, id).get("MESSAGE"));
    }

    /**
     * Logs until an entry goes out. Within the reconnect interval after a failed attempt the client
     * does not try again, and what is logged then goes to stderr; trying until one is sent waits
     * exactly as long as that takes, however slow the test was to get here.
     *
     * @return how many events went to stderr on the way
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
    void reconfigurationUnderLoadKeepsTheSocketAndLosesNothing(RealJournald journald) throws Exception {
        String run = newId();
        int threads = 4;
        int perThread = 100_000;
        int reconfigurations = 10;
        String xml = Log4jHarness.journalConfig("socketPath='@SOCKET@' sendTimeoutMillis='10000'", "")
                .replace("<Loggers>", "<Loggers><Logger name='generation-@GEN@' level='INFO'/>");
        AtomicLongArray logged = new AtomicLongArray(threads);
        AtomicBoolean stop = new AtomicBoolean();
        long total = 0;
        try (Log4jHarness h = new Log4jHarness(xml, Map.of("SOCKET", journald.socketPath(), "GEN", "0"))) {
            JournalAppender first = h.appender();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int worker = t;
                done.add(pool.submit(() -> {
                    Logger log = h.logger("load");
                    ThreadContext.put("RUN", run);
                    ThreadContext.put("WORKER", "w" + worker);
                    for (int i = 0; !stop.get(); i++) {
                        ThreadContext.put("SEQ", Integer.toString(i));
                        log.info("{} event {}", "w" + worker, i);
                        logged.set(worker, i + 1);
                    }
                    ThreadContext.clearAll();
                    return null;
                }));
            }
            try {
                // The workers log until told to stop, and the reconfigurations are spread over their
                // first perThread events each: every one happens with all four logging, however fast
                // or slow this machine is.
                for (int generation = 1; generation <= reconfigurations; generation++) {
                    awaitLogged(logged, done, (long) perThread * generation / (reconfigurations + 1));
                    h.reconfigure(xml, Map.of("SOCKET", journald.socketPath(), "GEN", Integer.toString(generation)));
                    assertSame(first.getManager(), h.appender().getManager(), "the socket is never reopened");
                }
                awaitLogged(logged, done, perThread);
            } finally {
                stop.set(true);
                pool.shutdown();
            }
            for (Future<?> f : done) {
                f.get();
            }
            assertTrue(first.isStopped());
            for (int t = 0; t < threads; t++) {
                total += logged.get(t);
            }
            assertEquals(total, h.appender().getClient().counters().sent());
        }
        List<JournalRecord> records = journald.await(
                Math.toIntExact(total), Duration.ofMinutes(2), "RUN=" + run, "--output-fields=WORKER,SEQ,MESSAGE");
        Set<String> seen = new HashSet<>();
        for (JournalRecord r : records) {
            String key = r.get("WORKER") + "/" + r.get("SEQ");
            assertEquals(r.get("WORKER") + " event " + r.get("SEQ"), r.get("MESSAGE"), "fields of one event together");
            assertTrue(seen.add(key), "exactly once: " + key);
        }
        assertEquals(total, seen.size());
    }

    /** Waits until every worker has logged {@code atLeast} events; fails if one of them failed. */
    private static void awaitLogged(AtomicLongArray logged, List<Future<?>> workers, long atLeast) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        for (int t = 0; t < logged.length(); t++) {
            while (logged.get(t) < atLeast) {
                if (workers.get(t).isDone()) {
                    workers.get(t).get(); // throws what ended it
                }
                assertTrue(System.nanoTime() - deadline < 0, "worker " + t + " logged " + logged.get(t) + " events");
                Thread.sleep(1);
            }
        }
    }
}
