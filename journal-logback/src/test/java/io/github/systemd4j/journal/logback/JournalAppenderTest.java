package io.github.systemd4j.journal.logback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.status.Status;
import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.JournalEntry;
import io.github.systemd4j.testkit.FakeJournald;
import io.github.systemd4j.testkit.JournalRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    void badConfigurationIsAnErrorAndTheAppenderStaysStopped(String element, String expected) {
        String xml = "<configuration><appender name='JOURNAL' class='" + JournalAppender.class.getName() + "'>"
                + "<socketPath>${JOURNAL_SOCKET}</socketPath>" + element
                + "</appender><root level='INFO'><appender-ref ref='JOURNAL'/></root></configuration>";
        try (LogbackHarness h = new LogbackHarness(xml, Map.of("JOURNAL_SOCKET", socket()))) {
            assertFalse(h.appender().isStarted());
            List<String> errors = h.status(Status.ERROR);
            assertTrue(errors.stream().anyMatch(m -> m.contains(expected)), errors.toString());
            h.logger("x").info("dropped by a stopped appender, not thrown"); // must not throw
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
