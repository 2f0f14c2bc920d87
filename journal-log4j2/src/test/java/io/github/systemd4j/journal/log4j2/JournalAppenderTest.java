package io.github.systemd4j.journal.log4j2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.socket.DatagramReceiver;
import io.github.systemd4j.socket.UnixAddress;
import io.github.systemd4j.testkit.FakeJournald;
import io.github.systemd4j.testkit.JournalRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractManager;
import org.apache.logging.log4j.core.appender.AppenderLoggingException;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.message.AsynchronouslyFormattable;
import org.apache.logging.log4j.message.MapMessage;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.StringMapMessage;
import org.apache.logging.log4j.util.StringBuilderFormattable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Configuration, failure behaviour and reconfiguration, against {@link FakeJournald} or no journal. */
class JournalAppenderTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @AfterEach
    void clearContext() {
        ThreadContext.clearAll();
    }

    private Log4jHarness harness(String attributes, String children, String socket) {
        return new Log4jHarness(Log4jHarness.journalConfig(attributes, children), Map.of("SOCKET", socket));
    }

    @Test
    void pluginIsFoundWithoutPackagesAttributeAndItsDescriptorIsGenerated() throws Exception {
        List<URL> descriptors = Collections.list(getClass()
                .getClassLoader()
                .getResources("META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat"));
        assertTrue(
                descriptors.stream().anyMatch(u -> u.toString().contains("journal-log4j2")),
                "descriptor generated into journal-log4j2: " + descriptors);
        try (FakeJournald journald = FakeJournald.start(dir);
                Log4jHarness h = harness("socketPath='@SOCKET@'", "", journald.socketPath())) {
            assertNotNull(h.appender(), h.status(Level.WARN).toString());
            assertTrue(h.appender().isStarted());
            h.logger("plain").info("hello");
            JournalRecord r = journald.awaitRecords(1, WAIT).get(0);
            assertEquals("hello", r.get("MESSAGE"));
            assertEquals("6", r.get("PRIORITY"));
        }
    }

    @Test
    void everyConfigurationErrorIsReportedNotOnlyTheFirst() {
        try (Log4jHarness h = harness(
                "socketPath='@SOCKET@' sendTimeout='soon' maxEntrySize='huge' fallback='file'",
                "",
                dir.resolve("s").toString())) {
            assertNull(h.appender());
            List<String> errors = h.status(Level.ERROR).stream()
                    .filter(m -> m.startsWith("Journal appender [journal]: "))
                    .toList();
            assertEquals(3, errors.size(), errors.toString());
            assertTrue(errors.get(0).contains("sendTimeout=soon"), errors.get(0));
            assertTrue(errors.get(1).contains("maxEntrySize=huge"), errors.get(1));
            assertTrue(errors.get(2).contains("fallback=file"), errors.get(2));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "<Field name='app_version' value='1'/>    | | invalid journal field name \"app_version\"",
                "<Field name='MESSAGE' value='1'/>        | | reserved",
                "<Field value='1'/>                       | | invalid journal field name \"null\"",
                "| fallback='file'                          | fallback=file: fallback must be stderr, json or none",
                "| syslogFacility='local9'                  | syslogFacility=local9: syslog facility must be 0..23 or a name",
                "| syslogFacility='NTP'                     | syslogFacility=NTP: syslog facility must be 0..23 or a name",
                "| syslogFacility='24'                      | syslog facility must be 0..23",
                "| namespace='x'                            | set either socketPath or namespace, not both",
                "| priorityMapping='INFO=9'                 | priorityMapping=INFO=9: priority for INFO must be 0..7",
                "| sendTimeoutMillis='-1'                   | sendTimeoutMillis=-1: must be a duration",
                "| sendTimeout='soon'                       | sendTimeout=soon: must be a duration",
                "| logTid='maybe'                           | logTid=maybe: must be true or false",
                "| maxEntrySize='lots'                      | maxEntrySize=lots: must be a size such as 32MB",
                "| maxEntrySize='1KB'                       | maximum entry size must be at least 4096",
            })
    void badConfigurationIsReportedAndNoAppenderIsCreated(String children, String attributes, String expected) {
        String extra = attributes == null ? "" : attributes;
        try (Log4jHarness h = harness(
                "socketPath='@SOCKET@' " + extra,
                children == null ? "" : children,
                dir.resolve("s").toString())) {
            assertNull(h.appender());
            List<String> errors = h.status(Level.ERROR);
            assertTrue(errors.stream().anyMatch(m -> m.contains(expected)), errors.toString());
            h.logger("x").info("nowhere to go, and not thrown");
        }
    }

    private String captureWhileLogging(boolean stdout, String fallback) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = stdout ? System.out : System.err;
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        if (stdout) {
            System.setOut(capture);
        } else {
            System.setErr(capture);
        }
        try (Log4jHarness h = harness(
                "socketPath='@SOCKET@' syslogIdentifier='app' fallback='" + fallback + "'",
                "",
                dir.resolve("absent").toString())) {
            ThreadContext.put("DB_HOST", "db1");
            h.logger("com.example.Billing").warn("disk almost full\nsecond line");
        } finally {
            if (stdout) {
                System.setOut(original);
            } else {
                System.setErr(original);
            }
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void stderrFallbackIsOneReadableLinePerEvent() {
        String err = captureWhileLogging(false, "stderr");
        String thread = Thread.currentThread().getName();
        assertTrue(
                err.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN \\[" + thread
                        + "\\] com\\.example\\.Billing - disk almost full\n\tsecond line\n"),
                err);
    }

    @Test
    void jsonFallbackIsOneObjectPerLineOnStdout() {
        String out = captureWhileLogging(true, "json");
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.startsWith("{\"__REALTIME_TIMESTAMP\":\""), out);
        assertTrue(out.contains("\"PRIORITY\":\"4\""), out);
        assertTrue(out.contains("\"DB_HOST\":\"db1\""), out);
        assertTrue(out.contains("\"MESSAGE\":\"disk almost full\\nsecond line\""), out);
        assertTrue(out.contains("\"SYSLOG_IDENTIFIER\":\"app\""), out);
    }

    @Test
    void noneFallbackWritesNothing() {
        assertEquals("", captureWhileLogging(true, "none"));
        assertEquals("", captureWhileLogging(false, "none"));
    }

    @Test
    void missingJournalIsWarnedOnceAndNothingIsThrownByDefault() {
        try (Log4jHarness h = harness(
                "socketPath='@SOCKET@' fallback='none'",
                "",
                dir.resolve("absent").toString())) {
            assertNotNull(h.appender(), "starts without a journal");
            for (int i = 0; i < 5; i++) {
                h.logger("x").info("dropped " + i);
            }
            List<String> warnings = h.status(Level.WARN);
            assertEquals(
                    1,
                    warnings.stream()
                            .filter(w -> w.contains("Journal appender [journal]: No journal socket at"))
                            .count(),
                    warnings.toString());
            assertEquals(5, h.appender().getClient().counters().dropped());
        }
    }

    @Test
    void ignoreExceptionsFalseThrowsWhenJournaldDidNotTakeTheEntry() {
        try (Log4jHarness h = harness(
                "socketPath='@SOCKET@' fallback='none' ignoreExceptions='false'",
                "",
                dir.resolve("absent").toString())) {
            AppenderLoggingException e = assertThrows(
                    AppenderLoggingException.class, () -> h.logger("x").info("not delivered"));
            assertTrue(e.getMessage().contains("did not take the entry"), e.getMessage());
        }
    }

    @Test
    void ignoreExceptionsFalseLetsAMappingFailureThrough() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir);
                Log4jHarness h = harness("socketPath='@SOCKET@' ignoreExceptions='false'", "", journald.socketPath())) {
            Logger log = h.logger("x");
            AppenderLoggingException e = assertThrows(
                    AppenderLoggingException.class,
                    () -> log.info(new RenderedByTheAppender(text -> {
                        throw new IllegalStateException("cannot render");
                    })));
            assertTrue(e.getMessage().endsWith("did not take the entry (FAILED)"), e.getMessage());
            List<String> warnings = h.status(Level.WARN);
            assertTrue(
                    warnings.stream()
                            .anyMatch(m -> m.contains("Writing an event failed; it was not sent: cannot render")),
                    warnings.toString());
            log.info("the next event is fine");
            assertEquals(
                    "the next event is fine",
                    journald.awaitRecords(1, WAIT).get(0).get("MESSAGE"));
        }
    }

    @Test
    void aMappingFailureIsReportedButNotThrownByDefault() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir);
                Log4jHarness h = harness("socketPath='@SOCKET@'", "", journald.socketPath())) {
            h.logger("x").info(new RenderedByTheAppender(text -> {
                throw new IllegalStateException("cannot render");
            }));
            List<String> warnings = h.status(Level.WARN);
            assertTrue(
                    warnings.stream()
                            .anyMatch(
                                    m -> m.contains(
                                            "Journal appender [journal]: Writing an event failed; it was not sent: cannot render")),
                    warnings.toString());
            h.logger("x").info("the next event is fine");
            assertEquals(
                    "the next event is fine",
                    journald.awaitRecords(1, WAIT).get(0).get("MESSAGE"));
        }
    }

    @Test
    void zeroSendTimeoutNeverWaitsForAFullQueue() throws Exception {
        Path socket = dir.resolve("full");
        // A receiver that never reads: its queue fills after net.unix.max_dgram_qlen datagrams.
        try (DatagramReceiver receiver = DatagramReceiver.bind(UnixAddress.ofPath(socket));
                Log4jHarness h =
                        harness("socketPath='@SOCKET@' sendTimeoutMillis='0' fallback='none'", "", socket.toString())) {
            Logger log = h.logger("x");
            for (int i = 0; i < 1000; i++) {
                log.info("event {}", i);
            }
            assertTrue(
                    h.appender().getClient().counters().dropped() > 0,
                    h.appender().getClient().counters().toString());
        }
    }

    @Test
    void maxEntrySizeCutsAndMarks() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir);
                Log4jHarness h = harness("socketPath='@SOCKET@' maxEntrySize='4 KB'", "", journald.socketPath())) {
            h.logger("x").info("y".repeat(10_000));
            JournalRecord r = journald.awaitRecords(1, WAIT).get(0);
            assertEquals("MESSAGE", r.get("JOURNAL_TRUNCATED"));
            assertTrue(r.get("MESSAGE").length() < 4096);
        }
    }

    @Test
    void aMapValueWhoseToStringThrowsCostsNothingButItself() throws Exception {
        Object hostile = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("boom");
            }
        };
        try (FakeJournald journald = FakeJournald.start(dir);
                Log4jHarness h = harness("socketPath='@SOCKET@'", "", journald.socketPath())) {
            h.logger("x").info(new ObjectMapMessage().with("HOSTILE", hostile).with("FINE", 1));
            JournalRecord r = journald.awaitRecords(1, WAIT).get(0);
            assertEquals("1", r.get("FINE"));
            assertTrue(r.get("HOSTILE").startsWith("[FAILED toString() of "), r.get("HOSTILE"));
        }
    }

    @Test
    void loggingFromInsideTheAppenderDoesNotRecurse() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir);
                Log4jHarness h = harness("socketPath='@SOCKET@'", "", journald.socketPath())) {
            Logger log = h.logger("outer");
            log.info(new RenderedByTheAppender(text -> {
                log.info("logged while the outer event is rendered");
                text.append("outer event");
            }));
            log.info("last");
            journald.awaitRecords(r -> "last".equals(r.get("MESSAGE")), 1, WAIT);
            List<String> messages =
                    journald.records().stream().map(r -> r.get("MESSAGE")).toList();
            assertEquals(List.of("outer event", "last"), messages);
        }
    }

    @Test
    void stackTraceOutOfMessageWithoutALayout() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir);
                Log4jHarness h =
                        harness("socketPath='@SOCKET@' stackTraceInMessage='false'", "", journald.socketPath())) {
            h.logger("x").error("failed", new IllegalStateException("top failure"));
            JournalRecord r = journald.awaitRecords(1, WAIT).get(0);
            assertEquals("failed", r.get("MESSAGE"));
            assertEquals("java.lang.IllegalStateException", r.get("EXCEPTION"));
            assertEquals("top failure", r.get("EXCEPTION_MESSAGE"));
            assertFalse(r.has("STACK_TRACE"));
        }
    }

    @Test
    void aNonPatternLayoutRendersMessageToo() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir);
                Log4jHarness h =
                        harness("socketPath='@SOCKET@'", "<SyslogLayout facility='LOCAL0'/>", journald.socketPath())) {
            h.logger("x").warn("through a string layout");
            JournalRecord r = journald.awaitRecords(1, WAIT).get(0);
            String message = r.get("MESSAGE");
            assertTrue(message.startsWith("<132>"), message);
            assertTrue(message.endsWith(" through a string layout"), message);
        }
    }

    @Test
    void reconfigurationByMonitorIntervalKeepsTheSocket() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir)) {
            Path file = dir.resolve("log4j2.xml");
            String xml = "<Configuration status='off' monitorInterval='1'><Appenders>"
                    + "<Journal name='journal' socketPath='" + journald.socketPath() + "' syslogIdentifier='app'/>"
                    + "</Appenders><Loggers><Logger name='noise' level='@LEVEL@'/>"
                    + "<Root level='INFO'><AppenderRef ref='journal'/></Root></Loggers></Configuration>";
            Files.writeString(file, xml.replace("@LEVEL@", "ERROR"));
            LoggerContext context = new LoggerContext("monitored", null, file.toUri());
            try {
                context.start();
                Configuration first = context.getConfiguration();
                JournalAppender before = first.getAppender("journal");
                context.getLogger("x").info("before");

                Files.writeString(file, xml.replace("@LEVEL@", "WARN"));
                // The watcher compares modification times with one-second resolution on some file systems.
                Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 2000));
                long deadline = System.nanoTime() + WAIT.multipliedBy(3).toNanos();
                while (context.getConfiguration() == first && System.nanoTime() < deadline) {
                    context.getLogger("x").info("polling");
                    Thread.sleep(50);
                }
                Configuration second = context.getConfiguration();
                assertNotSame(first, second, "monitorInterval reloaded the file");
                JournalAppender after = second.getAppender("journal");
                assertNotSame(before, after);
                assertSame(before.getManager(), after.getManager(), "one manager, one socket");
                assertTrue(before.isStopped());
                context.getLogger("x").info("after");
                journald.awaitRecords(r -> "after".equals(r.get("MESSAGE")), 1, WAIT);
                assertEquals(
                        0,
                        after.getClient().counters().dropped()
                                + after.getClient().counters().failed());
            } finally {
                context.stop();
            }
        }
    }

    @Test
    void changedSettingsGetANewManagerAndTheOldOneIsReleased() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir)) {
            String xml = "<Configuration status='off'><Appenders>"
                    + "<Journal name='journal' socketPath='" + journald.socketPath() + "' syslogIdentifier='@ID@'/>"
                    + "</Appenders><Loggers><Root level='INFO'><AppenderRef ref='journal'/></Root></Loggers>"
                    + "</Configuration>";
            try (Log4jHarness h = new Log4jHarness(xml, Map.of("ID", "first"))) {
                JournalManager old = h.appender().getManager();
                h.reconfigure(xml, Map.of("ID", "second"));
                JournalManager fresh = h.appender().getManager();
                assertNotSame(old, fresh);
                assertFalse(AbstractManager.hasManager(old.getName()), "released with the old configuration");
                assertTrue(AbstractManager.hasManager(fresh.getName()));
                h.logger("x").info("from the new configuration");
                assertEquals("second", journald.awaitRecords(1, WAIT).get(0).get("SYSLOG_IDENTIFIER"));
            }
        }
    }

    /**
     * A message that Log4j leaves unformatted until an appender renders it, so that the appender runs
     * the given code.
     */
    @AsynchronouslyFormattable
    @SuppressWarnings("deprecation") // Message.getFormat() must still be implemented
    static final class RenderedByTheAppender implements Message, StringBuilderFormattable {
        private static final long serialVersionUID = 1L;
        private final transient Consumer<StringBuilder> render;

        RenderedByTheAppender(Consumer<StringBuilder> render) {
            this.render = render;
        }

        @Override
        public void formatTo(StringBuilder buffer) {
            render.accept(buffer);
        }

        @Override
        public String getFormattedMessage() {
            StringBuilder text = new StringBuilder();
            formatTo(text);
            return text.toString();
        }

        @Override
        public String getFormat() {
            return "";
        }

        @Override
        public Object[] getParameters() {
            return new Object[0];
        }

        @Override
        public Throwable getThrowable() {
            return null;
        }
    }

    /** A {@code MapMessage} with values of any type. */
    static final class ObjectMapMessage extends MapMessage<ObjectMapMessage, Object> {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void behindAnAsyncAppenderTheThreadNameStaysButNoTidIsWritten() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir)) {
            String xml = "<Configuration status='off'><Appenders>"
                    + "<Journal name='journal' socketPath='@SOCKET@'/>"
                    + "<Async name='async'><AppenderRef ref='journal'/></Async>"
                    + "</Appenders><Loggers><Root level='INFO'><AppenderRef ref='async'/></Root></Loggers>"
                    + "</Configuration>";
            try (Log4jHarness h = new Log4jHarness(xml, Map.of("SOCKET", journald.socketPath()))) {
                h.logger("x").info("through the async appender's thread");
                JournalRecord r = journald.awaitRecords(1, WAIT).get(0);
                assertEquals(Thread.currentThread().getName(), r.get("THREAD_NAME"));
                assertFalse(r.has("TID"), "TID would name the async appender's thread");
            }
        }
    }

    @Test
    void stringMapMessageEntriesAreFields() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir);
                Log4jHarness h = harness("socketPath='@SOCKET@'", "", journald.socketPath())) {
            h.logger("x").info(new StringMapMessage().with("order.id", "o-1").with("amount", "12"));
            JournalRecord r = journald.awaitRecords(1, WAIT).get(0);
            assertEquals("o-1", r.get("ORDER_ID"));
            assertEquals("12", r.get("AMOUNT"));
        }
    }
}
