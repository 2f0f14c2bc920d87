package io.github.systemd4j.journal.jul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.testkit.FakeJournald;
import io.github.systemd4j.testkit.JournalRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code System.getLogger(...)} through this jar's finder, in this JVM, against {@link FakeJournald}. */
class JournalLoggerFinderTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String KEY = JournalHandler.class.getName() + ".";
    private static final String MXBEAN = "io.github.systemd4j:type=Journal,name=";

    @TempDir
    Path dir;

    @AfterEach
    void resetLogging() {
        JulConfig.reset();
    }

    /** Keeps what passes through JUL's handlers. */
    private static final class Recorder extends Handler {
        final List<LogRecord> records = new ArrayList<>();

        @Override
        public synchronized void publish(LogRecord record) {
            record.getSourceClassName(); // JUL infers the caller lazily: now, while it is on the stack
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    private static String keys(String socket, String... lines) {
        StringBuilder s = new StringBuilder(KEY + "socketPath=" + socket + "\n");
        s.append(KEY)
                .append("errorManager=")
                .append(RecordingErrorManager.class.getName())
                .append('\n');
        for (String line : lines) {
            s.append(line).append('\n');
        }
        return s.toString();
    }

    @Test
    void theJdkUsesThisFinder() {
        assertInstanceOf(JournalLoggerFinder.class, System.LoggerFinder.getLoggerFinder());
    }

    @Test
    void systemLoggerWritesToTheJournalWithJulLevelsAndNotThroughJulHandlers() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir)) {
            JulConfig.read(keys(journald.socketPath(), ".level=INFO"));
            Recorder julHandlers = new Recorder();
            Logger.getLogger("").addHandler(julHandlers);
            System.Logger log = System.getLogger("sys.x");
            log.log(System.Logger.Level.INFO, "hello {0}", "world");
            log.log(System.Logger.Level.DEBUG, "debug not logged");
            assertFalse(log.isLoggable(System.Logger.Level.DEBUG));
            Logger.getLogger("sys.x").setLevel(Level.FINE);
            log.log(System.Logger.Level.DEBUG, "debug now logged");
            log.log(System.Logger.Level.TRACE, "trace not logged");
            log.log(System.Logger.Level.ERROR, "failed", new IllegalStateException("boom"));
            log.log(System.Logger.Level.WARNING, "fields", Map.of("ORDER_ID", 42));
            log.log(System.Logger.Level.OFF, "never");

            // A barrier through the same logger: the records not to be logged would be ahead of it.
            log.log(System.Logger.Level.INFO, "barrier");
            journald.awaitRecords(r -> "barrier".equals(r.get("MESSAGE")), 1, WAIT);
            List<JournalRecord> rs = journald.records();
            assertEquals(5, rs.size(), rs.toString());
            assertEquals("hello world", rs.get(0).get("MESSAGE"));
            assertEquals("6", rs.get(0).get("PRIORITY"));
            assertEquals("sys.x", rs.get(0).get("LOGGER"));
            assertEquals(Thread.currentThread().getName(), rs.get(0).get("THREAD_NAME"));
            assertTrue(rs.get(0).has("TID"));
            assertEquals("debug now logged", rs.get(1).get("MESSAGE"));
            assertEquals("7", rs.get(1).get("PRIORITY"));
            assertEquals("3", rs.get(2).get("PRIORITY"));
            assertEquals("java.lang.IllegalStateException", rs.get(2).get("EXCEPTION"));
            assertTrue(rs.get(2).get("MESSAGE").startsWith("failed\njava.lang.IllegalStateException: boom\n\tat "));
            assertEquals("4", rs.get(3).get("PRIORITY"));
            assertEquals("42", rs.get(3).get("ORDER_ID"));
            assertFalse(rs.get(0).has("CODE_FUNC"));
            assertEquals(List.of(), julHandlers.records, "System.Logger records do not pass through JUL's handlers");
            assertEquals(List.of(), journald.problems());
        }
    }

    @Test
    void aJournalHandlerOnTheRootLoggerAndSystemLoggerWriteEachRecordOnce() throws Exception {
        // Created first, so that the handlers register their MXBeans at once rather than on a thread.
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try (FakeJournald journald = FakeJournald.start(dir)) {
            JulConfig.read(keys(journald.socketPath(), "handlers=" + JournalHandler.class.getName(), ".level=INFO"));
            Logger.getLogger("both").info("through JUL");
            System.getLogger("both").log(System.Logger.Level.INFO, "through System.Logger");
            List<String> messages = new ArrayList<>();
            Delivery.recordsUpToABarrier(journald).forEach(r -> messages.add(r.get("MESSAGE")));
            assertEquals(List.of("through JUL", "through System.Logger", "barrier"), messages);
            // Two handlers of one class, each with its MXBean under a name of its own.
            assertEquals(1L, server.getAttribute(new ObjectName(MXBEAN + JournalHandler.class.getName()), "Sent"));
            assertEquals(1L, server.getAttribute(new ObjectName(MXBEAN + JournalLoggerFinder.class.getName()), "Sent"));
        }
    }

    @Test
    void logSourceFindsTheCallerPastTheLoggingFrames() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir)) {
            JulConfig.read(keys(journald.socketPath(), ".level=INFO", KEY + "logSource=true"));
            System.getLogger("src").log(System.Logger.Level.INFO, "plain");
            ResourceBundle bundle = new TestSupport.Messages();
            System.getLogger("src", bundle).log(System.Logger.Level.INFO, "greeting", "you");
            List<JournalRecord> rs = journald.awaitRecords(2, WAIT);
            String here = getClass().getName() + ".logSourceFindsTheCallerPastTheLoggingFrames";
            assertEquals(here, rs.get(0).get("CODE_FUNC"));
            assertEquals(here, rs.get(1).get("CODE_FUNC"), "through the JDK's localized wrapper");
            assertEquals("Hello you", rs.get(1).get("MESSAGE"));
        }
    }

    @Test
    void aNewJulConfigurationIsPickedUp() throws Exception {
        Path first = Files.createDirectory(dir.resolve("first"));
        Path second = Files.createDirectory(dir.resolve("second"));
        try (FakeJournald one = FakeJournald.start(first);
                FakeJournald two = FakeJournald.start(second)) {
            System.Logger log = System.getLogger("reconfigured");
            JulConfig.read(keys(one.socketPath(), ".level=INFO", KEY + "syslogIdentifier=one"));
            log.log(System.Logger.Level.INFO, "to one");
            JulConfig.read(keys(two.socketPath(), ".level=INFO", KEY + "syslogIdentifier=two"));
            log.log(System.Logger.Level.INFO, "to two");
            assertEquals("one", one.awaitRecords(1, WAIT).get(0).get("SYSLOG_IDENTIFIER"));
            assertEquals("to two", two.awaitRecords(1, WAIT).get(0).get("MESSAGE"));
            assertEquals("two", two.records().get(0).get("SYSLOG_IDENTIFIER"));
            assertEquals(1, one.records().size());
        }
    }

    /** Reads the configuration it is given once, while formatting: a reconfiguration mid-publish. */
    public static final class ReconfiguringFormatter extends Formatter {
        static final AtomicReference<String> NEXT = new AtomicReference<>();

        @Override
        public String format(LogRecord record) {
            String next = NEXT.getAndSet(null);
            if (next != null) {
                JulConfig.read(next);
            }
            return "formatted: " + record.getMessage();
        }
    }

    @Test
    void aRecordOnItsWayWhenTheConfigurationIsReReadGoesToTheNewHandler() throws Exception {
        Path first = Files.createDirectory(dir.resolve("first"));
        Path second = Files.createDirectory(dir.resolve("second"));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        // Before the handlers open: their stderr fallback is the System.err of that moment.
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (FakeJournald one = FakeJournald.start(first);
                FakeJournald two = FakeJournald.start(second)) {
            JulConfig.read(
                    keys(one.socketPath(), ".level=INFO", KEY + "formatter=" + ReconfiguringFormatter.class.getName()));
            JournalLoggerFinder finder = (JournalLoggerFinder) System.LoggerFinder.getLoggerFinder();
            JournalHandler old = finder.handler();
            // The old handler's formatter re-reads the configuration, which closes that handler while
            // the record is inside its publish, past its check for close.
            ReconfiguringFormatter.NEXT.set(keys(two.socketPath(), ".level=INFO"));
            System.getLogger("racing").log(System.Logger.Level.INFO, "on its way");

            assertEquals("on its way", two.awaitRecords(1, WAIT).get(0).get("MESSAGE"));
            assertEquals(0, old.getDroppedAfterClose());
            assertEquals(List.of(), RecordingErrorManager.of(old).reports());
            assertEquals(List.of(), RecordingErrorManager.of(finder.handler()).reports());
            assertEquals(1, Delivery.recordsUpToABarrier(one).size(), "only the barrier");
            assertEquals(2, Delivery.recordsUpToABarrier(two).size(), "the record, then the barrier");
        } finally {
            System.setErr(original);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8), "no fallback line");
    }

    @Test
    void julRouteGoesThroughTheJulLoggerOfTheSameName() {
        JulConfig.read(".level=INFO\n");
        Recorder recorder = new Recorder();
        Logger jul = Logger.getLogger("route.jul");
        jul.addHandler(recorder);
        jul.setUseParentHandlers(false);
        System.Logger log =
                new JournalLoggerFinder("jul").getLogger("route.jul", getClass().getModule());
        log.log(System.Logger.Level.INFO, "via jul {0}", 1);
        log.log(System.Logger.Level.DEBUG, "below the JUL level");
        assertEquals(1, recorder.records.size());
        LogRecord r = recorder.records.get(0);
        assertEquals(Level.INFO, r.getLevel());
        assertEquals("via jul {0}", r.getMessage());
        assertEquals(List.of(1), List.of(r.getParameters()));
        assertEquals(getClass().getName(), r.getSourceClassName(), "JUL finds the caller itself");
        assertEquals("julRouteGoesThroughTheJulLoggerOfTheSameName", r.getSourceMethodName());
    }

    @Test
    void levelsMapAsTheJdkDoes() {
        assertEquals(Level.ALL, JournalSystemLogger.toJul(System.Logger.Level.ALL));
        assertEquals(Level.FINER, JournalSystemLogger.toJul(System.Logger.Level.TRACE));
        assertEquals(Level.FINE, JournalSystemLogger.toJul(System.Logger.Level.DEBUG));
        assertEquals(Level.INFO, JournalSystemLogger.toJul(System.Logger.Level.INFO));
        assertEquals(Level.WARNING, JournalSystemLogger.toJul(System.Logger.Level.WARNING));
        assertEquals(Level.SEVERE, JournalSystemLogger.toJul(System.Logger.Level.ERROR));
        assertEquals(Level.OFF, JournalSystemLogger.toJul(System.Logger.Level.OFF));
    }
}
