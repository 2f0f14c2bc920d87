package io.github.systemd4j.journal.logback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.status.Status;
import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.JournalEntry;
import io.github.systemd4j.journal.contract.Captured;
import io.github.systemd4j.testkit.FakeJournald;
import io.github.systemd4j.testkit.JournalRecord;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;

/** Configuration and failure behaviour, against {@link FakeJournald} or no journal at all. */
class JournalAppenderTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private String socket() {
        return dir.resolve("socket").toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "<field><name>app_version</name><value>1</value></field> | invalid journal field name \"app_version\"",
                "<field><name>MESSAGE</name><value>1</value></field>     | reserved",
                "<mdcInclude> </mdcInclude><logTid>maybe</logTid>        | logTid=maybe: must be true or false",
                "<layout class=\"ch.qos.logback.classic.PatternLayout\"><pattern>%m</pattern></layout>"
                        + "<encoder><pattern>%m</pattern></encoder> | set either <layout> or <encoder>",
            })
    void badConfigurationIsAnErrorAndEveryEventGoesToTheFallback(String element, String expected) throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir);
                Captured err = Captured.stderr()) {
            String xml = "<configuration><appender name='JOURNAL' class='" + JournalAppender.class.getName() + "'>"
                    + "<socketPath>${JOURNAL_SOCKET}</socketPath>" + element
                    + "</appender><root level='INFO'><appender-ref ref='JOURNAL'/></root></configuration>";
            try (LogbackHarness h = new LogbackHarness(xml, Map.of("JOURNAL_SOCKET", journald.socketPath()))) {
                assertTrue(h.appender().isStarted());
                h.logger("x").info("to the fallback, not thrown");
                List<String> errors = h.status(Status.ERROR);
                assertEquals(
                        1, errors.stream().filter(m -> m.contains(expected)).count(), errors.toString());
                assertEquals(
                        1,
                        errors.stream()
                                .filter(m -> m.equals("Appender [JOURNAL]: journald is not used: the configuration"
                                        + " has 1 error; every entry goes to stderr until it is fixed."))
                                .count(),
                        errors.toString());
                assertEquals(2, errors.size(), errors.toString());
            }
            assertTrue(err.text().contains(" INFO [" + Thread.currentThread().getName() + "] x - "), err.text());
            assertNothingSent(journald);
        }
    }

    /** A barrier from a client of its own: FakeJournald receives in order, so nothing came before it. */
    private static void assertNothingSent(FakeJournald journald) throws Exception {
        try (JournalClient barrier =
                JournalClient.builder().socketPath(journald.socketPath()).build()) {
            barrier.send(barrier.entry().message("barrier"));
        }
        List<JournalRecord> records = journald.awaitRecords(1, WAIT);
        assertEquals(
                List.of("barrier"), records.stream().map(r -> r.get("MESSAGE")).toList());
    }

    @Test
    void withoutAStatusListenerAnOutageAndItsEndArePrintedOnceEach() throws Exception {
        String xml = config(dir.resolve("socket").toString(), "");
        try (Captured err = Captured.stderr()) {
            try (FakeJournald journald = FakeJournald.start(dir);
                    LogbackHarness h = new LogbackHarness(xml, Map.of())) {
                h.logger("x").info("sent");
                journald.awaitRecords(1, WAIT);
                journald.close();
                for (int i = 0; i < 3; i++) {
                    h.logger("x").info("diverted " + i);
                }
                try (FakeJournald again = FakeJournald.start(dir)) {
                    logUntilReceived(h, again);
                }
                List<String> status = h.status(Status.INFO).stream()
                        .filter(m -> m.contains(" is "))
                        .toList();
                assertEquals(2, status.size(), "kept in Logback's status, as information: " + status);
            }
            List<String> notices =
                    err.text().lines().filter(l -> l.startsWith("systemd4j: ")).toList();
            String socket = dir.resolve("socket").toString();
            assertEquals(2, notices.size(), err.text());
            assertEquals(
                    "systemd4j: Logback Appender [JOURNAL]: journald at " + socket
                            + " is unavailable (NOT_FOUND); entries go to stderr until it is back.",
                    notices.get(0));
            assertTrue(
                    notices.get(1)
                            .matches("systemd4j: Logback Appender \\[JOURNAL\\]: journald at " + Pattern.quote(socket)
                                    + " is reachable again; \\d+ entries went to stderr meanwhile\\."),
                    notices.get(1));
        }
    }

    /**
     * Logs until journald has an entry: after it is back the client tries its socket again at most
     * every 100 ms, so the first events may still go to the fallback.
     */
    private static void logUntilReceived(LogbackHarness h, FakeJournald journald) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int i = 0; journald.records().isEmpty(); i++) {
            assertTrue(System.nanoTime() < deadline, "journald got nothing within " + WAIT);
            h.logger("x").info("sent again " + i);
            long attempt = System.nanoTime() + 200_000_000L;
            while (journald.records().isEmpty() && System.nanoTime() < attempt) {
                Thread.sleep(10);
            }
        }
    }

    @Test
    void startingAStartedAppenderAgainKeepsItsClient() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir)) {
            JournalAppender appender = new JournalAppender();
            appender.setContext(new LoggerContext());
            appender.setName("TWICE");
            appender.setSocketPath(journald.socketPath());
            appender.start();
            JournalClient first = appender.getClient();
            appender.start();
            assertSame(first, appender.getClient(), "a second client was opened, the first left open");
            appender.stop();
            assertNull(appender.getClient());
        }
    }

    @Test
    void withAStatusListenerANoticeGoesToTheStatusOnly() throws Exception {
        String xml = "<configuration><statusListener class='ch.qos.logback.core.status.NopStatusListener'/>"
                + "<appender name='JOURNAL' class='" + JournalAppender.class.getName() + "'>"
                + "<socketPath>" + dir.resolve("absent") + "</socketPath>"
                + "</appender><root level='INFO'><appender-ref ref='JOURNAL'/></root></configuration>";
        try (Captured err = Captured.stderr()) {
            try (LogbackHarness h = new LogbackHarness(xml, Map.of())) {
                h.logger("x").info("diverted");
                List<String> warnings = h.status(Status.WARN);
                assertEquals(1, warnings.size(), warnings.toString());
                assertTrue(warnings.get(0).startsWith("Appender [JOURNAL]: No journal socket at "), warnings.get(0));
            }
            assertEquals(1, err.text().lines().count(), "the entry only: " + err.text());
        }
    }

    /** Two Logback contexts in one JVM with an appender of the same name: both start, each has its MXBean. */
    @Test
    void twoContextsWithAnAppenderOfTheSameNameEachHaveAnMXBean() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName plain = new ObjectName("io.github.systemd4j:type=Journal,name=JOURNAL");
        ObjectName second = new ObjectName("io.github.systemd4j:type=Journal,name=JOURNAL,instance=2");
        String xml = "<configuration><statusListener class='ch.qos.logback.core.status.NopStatusListener'/>"
                + "<appender name='JOURNAL' class='" + JournalAppender.class.getName() + "'>"
                + "<socketPath>${JOURNAL_SOCKET}</socketPath><fallback>none</fallback>"
                + "</appender><root level='INFO'><appender-ref ref='JOURNAL'/></root></configuration>";
        try (FakeJournald journald = FakeJournald.start(dir)) {
            try (LogbackHarness first = new LogbackHarness(xml, Map.of("JOURNAL_SOCKET", journald.socketPath()));
                    LogbackHarness other = new LogbackHarness(
                            xml, Map.of("JOURNAL_SOCKET", dir.resolve("absent").toString()))) {
                assertTrue(first.appender().isStarted());
                assertTrue(other.appender().isStarted());
                first.logger("x").info("sent");
                other.logger("x").info("dropped");
                assertEquals(1L, server.getAttribute(plain, "Sent"));
                assertEquals(1L, server.getAttribute(second, "Dropped"));
                assertEquals(List.of(), first.status(Status.WARN));
                assertEquals(1, other.status(Status.WARN).size(), "the outage only: " + other.status(Status.WARN));
            }
            assertEquals(
                    Set.of(),
                    server.queryNames(new ObjectName("io.github.systemd4j:type=Journal,name=JOURNAL,*"), null));
        }
    }

    /** A layout that logs while rendering, as a careless toString() or a bridged library might. */
    public static final class LoggingLayout extends LayoutBase<ILoggingEvent> {
        @Override
        public String doLayout(ILoggingEvent event) {
            org.slf4j.LoggerFactory.getLogger("inner").info("logged from inside the appender");
            getContext();
            ((ch.qos.logback.classic.LoggerContext) getContext())
                    .getLogger("inner")
                    .info("inner");
            return "rendered: " + event.getFormattedMessage();
        }
    }

    @Test
    void loggingFromInsideTheAppenderDoesNotRecurse() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir)) {
            String xml = "<configuration><appender name='JOURNAL' class='" + JournalAppender.class.getName() + "'>"
                    + "<socketPath>" + journald.socketPath() + "</socketPath>"
                    + "<layout class='" + LoggingLayout.class.getName() + "'/>"
                    + "</appender><root level='INFO'><appender-ref ref='JOURNAL'/></root></configuration>";
            try (LogbackHarness h = new LogbackHarness(xml, Map.of())) {
                h.logger("outer").info("outer event");
                // A barrier through the same appender: what the first event caused arrives ahead of it.
                h.logger("outer").info("barrier");
                journald.awaitRecords(r -> "rendered: barrier".equals(r.get("MESSAGE")), 1, WAIT);
                List<JournalRecord> records = journald.records();
                assertEquals(2, records.size(), records.toString());
                assertEquals("rendered: outer event", records.get(0).get("MESSAGE"));
            }
        }
    }

    /** A layout that fails for one message, as a buggy user layout might. */
    public static final class FailingLayout extends LayoutBase<ILoggingEvent> {
        @Override
        public String doLayout(ILoggingEvent event) {
            if (event.getFormattedMessage().equals("fail")) {
                throw new IllegalStateException("layout failed");
            }
            return event.getFormattedMessage();
        }
    }

    @Test
    void aFailingLayoutGivesTheThreadsEntryBack() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir)) {
            String xml = "<configuration><appender name='JOURNAL' class='" + JournalAppender.class.getName() + "'>"
                    + "<socketPath>" + journald.socketPath() + "</socketPath>"
                    + "<layout class='" + FailingLayout.class.getName() + "'/>"
                    + "</appender><root level='INFO'><appender-ref ref='JOURNAL'/></root></configuration>";
            try (LogbackHarness h = new LogbackHarness(xml, Map.of())) {
                Logger log = h.logger("x");
                log.info("fail");
                List<String> warnings = h.status(Status.WARN);
                assertTrue(
                        warnings.stream()
                                .anyMatch(
                                        m -> m.contains("Appender [JOURNAL]: Writing an event failed; it was not sent")
                                                && m.contains("layout failed")),
                        warnings.toString());
                log.info("the next event is fine");
                assertEquals(
                        "the next event is fine",
                        journald.awaitRecords(1, WAIT).get(0).get("MESSAGE"));
                // The thread's reused entry is free again: entry() hands out the same one each time,
                // where a still-taken entry would make it allocate a fresh entry per call.
                JournalClient client = h.appender().getClient();
                JournalEntry first = client.entry();
                first.clear();
                JournalEntry second = client.entry();
                second.clear();
                assertSame(first, second);
            }
        }
    }

    @Test
    void anEventThatRacesWithStopIsDroppedNotAnNpe() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir);
                LogbackHarness h = new LogbackHarness(
                        LogbackHarness.resource("logback-defaults.xml"),
                        Map.of("JOURNAL_SOCKET", journald.socketPath()))) {
            JournalAppender a = h.appender();
            ch.qos.logback.classic.Logger logger = h.logger("x");
            LoggingEvent event = new LoggingEvent(
                    ch.qos.logback.classic.Logger.class.getName(), logger, Level.INFO, "after stop", null, null);
            a.stop();
            // What a thread sees that passed Logback's isStarted() check just before stop() ran.
            a.append(event);
            assertNull(a.getClient());
            assertTrue(h.status(Status.WARN).isEmpty(), h.status(Status.WARN).toString());
        }
    }

    private static String config(String socket, String properties) {
        return "<configuration><appender name='JOURNAL' class='" + JournalAppender.class.getName() + "'>"
                + "<socketPath>" + socket + "</socketPath>" + properties
                + "</appender><root level='TRACE'><appender-ref ref='JOURNAL'/></root></configuration>";
    }

    @Test
    void mdcOffWritesNoMdcFields() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir);
                LogbackHarness h =
                        new LogbackHarness(config(journald.socketPath(), "<logMdc>false</logMdc>"), Map.of())) {
            org.slf4j.MDC.put("DB_HOST", "db1");
            org.slf4j.MDC.put("MESSAGE_ID", "fc2e22bc6ee647b6b90729ab34a250b1");
            try {
                h.logger("x").atInfo().addKeyValue("KV", "still written").log("no MDC");
            } finally {
                org.slf4j.MDC.clear();
            }
            JournalRecord r = journald.awaitRecords(1, WAIT).get(0);
            assertEquals("no MDC", r.get("MESSAGE"));
            assertFalse(r.has("DB_HOST"));
            assertFalse(r.has("MESSAGE_ID"));
            assertEquals("still written", r.get("KV"), "key-values have their own switch");
        }
    }
}
