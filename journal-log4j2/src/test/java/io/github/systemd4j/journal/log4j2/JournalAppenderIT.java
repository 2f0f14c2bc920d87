package io.github.systemd4j.journal.log4j2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.testkit.ChildJvm;
import io.github.systemd4j.testkit.JournalRecord;
import io.github.systemd4j.testkit.RealJournald;
import io.github.systemd4j.testkit.RealJournaldExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.message.StringMapMessage;
import org.apache.logging.log4j.message.StructuredDataMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What only the Log4j2 appender has, against the real journald: custom levels, ThreadContext next to
 * map and structured-data messages, its own attributes and elements, reconfiguration under load and a
 * service configured by nothing but {@code log4j2.xml}. The shared behaviour is {@link
 * Log4j2ContractIT}'s.
 */
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

    @Test
    void customLevelsTakeTheirStandardLevelsPriorityUnlessNamed(RealJournald journald) {
        String id = newId();
        Level notice = Level.forName("NOTICE", 350);
        Level verbose = Level.forName("VERBOSE", 550);
        List<Level> levels = List.of(Level.FATAL, notice, verbose);
        try (Log4jHarness h = harness("log4j2-defaults.xml", journald)) {
            ThreadContext.put("TEST_ID", id);
            levels.forEach(level -> h.logger("levels").log(level, "default " + level.name()));
        }
        try (Log4jHarness h = new Log4jHarness(
                Log4jHarness.journalConfig("socketPath='@SOCKET@' priorityMapping='NOTICE=5'", ""),
                Map.of("SOCKET", journald.socketPath()))) {
            ThreadContext.put("TEST_ID", id);
            levels.forEach(level -> h.logger("levels").log(level, "mapped " + level.name()));
        }
        List<String> seen = journald.await(6, WAIT, "TEST_ID=" + id).stream()
                .map(r -> r.get("MESSAGE") + "=" + r.get("PRIORITY"))
                .toList();
        assertEquals(
                List.of(
                        "default FATAL=2",
                        "default NOTICE=4",
                        "default VERBOSE=7",
                        "mapped FATAL=2",
                        "mapped NOTICE=5",
                        "mapped VERBOSE=7"),
                seen);
    }

    @Test
    void ownAttributesFieldsLayoutAndTheMapMessageSwitch(RealJournald journald) {
        String id = newId();
        try (Log4jHarness h = harness("log4j2-own-elements.xml", journald)) {
            assertTrue(h.appender().isStarted(), h.status(Level.WARN).toString());
            assertTrue(
                    h.appender().getManager().getName().contains(" sendTimeout=250ms "),
                    "sendTimeoutMillis, the older name: "
                            + h.appender().getManager().getName());
            ThreadContext.put("TEST_ID", id);
            h.logger("com.example.Billing")
                    .info(new StringMapMessage().with("ORDER_ID", "map messages are off"), new IllegalStateException());
        }
        JournalRecord r = journald.await(1, WAIT, "TEST_ID=" + id).get(0);
        assertEquals("[" + Thread.currentThread().getName() + "] ORDER_ID=\"map messages are off\"", r.get("MESSAGE"));
        assertFalse(r.has("ORDER_ID"), "logMapMessage=false");
        assertEquals("dev", r.get("APP_VERSION"), "<Field> with a lookup's default");
        assertEquals("eu-1", r.get("DC"));
        assertEquals("java.lang.IllegalStateException", r.get("EXCEPTION"), "fields beside the layout");
    }

    @Test
    void threadContextSwitchLeavesTheMapMessageEntries(RealJournald journald) {
        String id = newId();
        try (Log4jHarness h = new Log4jHarness(
                Log4jHarness.journalConfig("socketPath='@SOCKET@' logThreadContext='false'", ""),
                Map.of("SOCKET", journald.socketPath()))) {
            ThreadContext.put("DB_HOST", "db1");
            h.logger("x").info(new StringMapMessage().with("TEST_ID", id).with("ORDER_ID", "o-1"));
        }
        JournalRecord r = journald.await(1, WAIT, "TEST_ID=" + id).get(0);
        assertFalse(r.has("DB_HOST"), "logThreadContext=false");
        assertEquals("o-1", r.get("ORDER_ID"), "map-message entries are still context entries");
    }

    @Test
    void mapAndStructuredDataMessagesBecomeFieldsBesideTheThreadContext(RealJournald journald) {
        String id = newId();
        try (Log4jHarness h = harness("log4j2-defaults.xml", journald)) {
            Logger log = h.logger("audit");
            ThreadContext.put("TEST_ID", id);
            ThreadContext.put("SD_ID", "forged");
            log.info(new StringMapMessage().with("order.id", "o-1").with("lines", "a\nb"));
            log.warn(new StructuredDataMessage("login@18060", "user logged in", "Audit").with("user", "bob"));
        }
        List<JournalRecord> rs = journald.await(2, WAIT, "TEST_ID=" + id);
        JournalRecord map = rs.get(0);
        assertEquals("o-1", map.get("ORDER_ID"));
        assertEquals("a\nb", map.get("LINES"));
        assertFalse(map.has("SD_ID"));
        assertEquals("forged", map.get("ESCAPED_SD_ID"), "SD_ID is the appender's own field");
        JournalRecord sd = rs.get(1);
        assertEquals("login@18060", sd.get("SD_ID"));
        assertEquals("bob", sd.get("USER"));
        assertEquals("4", sd.get("PRIORITY"));
        assertTrue(sd.get("MESSAGE").contains("user logged in"), sd.get("MESSAGE"));
    }

    @Test
    void serviceConfiguredOnlyByLog4j2XmlIsFoundByUnitAndField(RealJournald journald) throws Exception {
        String id = newId();
        Path config =
                Path.of(JournalAppenderIT.class.getResource("/log4j2-app.xml").toURI());
        List<JournalRecord> found;
        // The service stays up until its entries are read back: journald tags them with the unit then.
        try (ChildJvm.Running service = ChildJvm.of(Log4jService.class)
                .unit("app.service")
                .jvmArgs("-Dlog4j2.configurationFile=" + config, "-DJOURNAL_SOCKET=" + journald.socketPath())
                .args(id)
                .start(Duration.ofMinutes(1))) {
            found = journald.await(2, WAIT, "-u", "app", "DB_HOST=db1", "TEST_ID=" + id);
        }
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
    void reconfigurationUnderLoadKeepsTheSocketAndLosesNothing(RealJournald journald) throws Exception {
        String run = newId();
        int threads = 4;
        int perThread = 100_000;
        String xml = Log4jHarness.journalConfig("socketPath='@SOCKET@' sendTimeoutMillis='10000'", "")
                .replace("<Loggers>", "<Loggers><Logger name='generation-@GEN@' level='INFO'/>");
        try (Log4jHarness h = new Log4jHarness(xml, Map.of("SOCKET", journald.socketPath(), "GEN", "0"))) {
            JournalAppender first = h.appender();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String worker = "w" + t;
                done.add(pool.submit(() -> {
                    Logger log = h.logger("load");
                    ThreadContext.put("RUN", run);
                    ThreadContext.put("WORKER", worker);
                    for (int i = 0; i < perThread; i++) {
                        ThreadContext.put("SEQ", Integer.toString(i));
                        log.info("{} event {}", worker, i);
                    }
                    ThreadContext.clearAll();
                    return null;
                }));
            }
            int reconfigurations = 0;
            while (!done.stream().allMatch(Future::isDone)) {
                h.reconfigure(
                        xml, Map.of("SOCKET", journald.socketPath(), "GEN", Integer.toString(++reconfigurations)));
                assertSame(first.getManager(), h.appender().getManager(), "the socket is never reopened");
                Thread.sleep(20);
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            assertTrue(reconfigurations >= 3, "reconfigured only " + reconfigurations + " times");
            assertTrue(first.isStopped());
            assertEquals(
                    threads * perThread, h.appender().getClient().counters().sent());
        }
        List<JournalRecord> records = journald.await(
                threads * perThread, Duration.ofMinutes(2), "RUN=" + run, "--output-fields=WORKER,SEQ,MESSAGE");
        Set<String> seen = new HashSet<>();
        for (JournalRecord r : records) {
            String key = r.get("WORKER") + "/" + r.get("SEQ");
            assertEquals(r.get("WORKER") + " event " + r.get("SEQ"), r.get("MESSAGE"), "fields of one event together");
            assertTrue(seen.add(key), "exactly once: " + key);
        }
        assertEquals(threads * perThread, seen.size());
    }
}
