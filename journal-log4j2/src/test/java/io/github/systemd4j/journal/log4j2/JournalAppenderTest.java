package io.github.systemd4j.journal.log4j2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.contract.Captured;
import io.github.systemd4j.socket.DatagramReceiver;
import io.github.systemd4j.socket.UnixAddress;
import io.github.systemd4j.testkit.FakeJournald;
import io.github.systemd4j.testkit.JournalRecord;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractManager;
import org.apache.logging.log4j.core.appender.AppenderLoggingException;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.AsynchronouslyFormattable;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.SimpleMessage;
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

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "<Field name='app_version' value='1'/>    | | invalid journal field name \"app_version\"",
                "<Field name='MESSAGE' value='1'/>        | | reserved",
                "<Field value='1'/>                       | | invalid journal field name \"null\"",
                "| sendTimeoutMillis='-1'                   | sendTimeoutMillis=-1: must be a duration",
            })
    void badConfigurationIsReportedAndEveryEventGoesToTheFallback(String children, String attributes, String expected)
            throws Exception {
        String extra = attributes == null ? "" : attributes;
        try (FakeJournald journald = FakeJournald.start(dir);
                Captured err = Captured.stderr()) {
            try (Log4jHarness h = harness(
                    "socketPath='@SOCKET@' " + extra, children == null ? "" : children, journald.socketPath())) {
                assertTrue(h.appender().isStarted());
                h.logger("x").info("to the fallback, not thrown");
                List<String> errors = h.status(Level.ERROR);
                assertEquals(
                        1, errors.stream().filter(m -> m.contains(expected)).count(), errors.toString());
                assertEquals(
                        1,
                        errors.stream()
                                .filter(m -> m.equals("Journal appender [journal]: journald is not used: the"
                                        + " configuration has 1 error; every entry goes to stderr until it is fixed."))
                                .count(),
                        errors.toString());
                assertEquals(2, errors.size(), errors.toString());
            }
            assertTrue(err.text().contains(" INFO [" + Thread.currentThread().getName() + "] x - "), err.text());
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
    void aLargePlainMessageIsEncodedFromTheApplicationsStringWithoutACopy() throws Exception {
        // A SimpleMessage is what Log4j hands over without its thread-local events (web applications,
        // where log4j2.enableThreadlocals is off by default). Rendered into the mapping's builder, a
        // 1 MiB message cost about twice its size in builder growth on top of the entry's own buffer;
        // used as it is, an event allocates about the entry.
        String large = "x".repeat(1 << 20);
        LogEvent event = Log4jLogEvent.newBuilder()
                .setLoggerName("large")
                .setLevel(Level.INFO)
                .setMessage(new SimpleMessage(large))
                .build();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (FakeJournald journald = FakeJournald.start(dir);
                Log4jHarness h = harness("socketPath='@SOCKET@'", "", journald.socketPath())) {
            JournalAppender appender = h.appender();
            appender.append(event); // first use: class loading, caches
            int calls = 4;
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < calls; i++) {
                appender.append(event);
            }
            long perCall = (threads.getCurrentThreadAllocatedBytes() - before) / calls;
            assertTrue(perCall < large.length() * 3L / 2, perCall + " bytes allocated per 1 MiB message");
            List<JournalRecord> records = journald.awaitRecords(calls + 1, WAIT);
            assertEquals(large, records.get(calls).get("MESSAGE"));
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
     * Changed settings open the new manager's socket before the old one closes, so for a moment two
     * managers of the appender's name are registered: afterwards the new one has the plain name.
     */
    @Test
    void aReconfigurationWithChangedSettingsLeavesTheNewManagersMXBeanUnderThePlainName() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName plain = new ObjectName("io.github.systemd4j:type=Journal,name=journal");
        try (FakeJournald journald = FakeJournald.start(dir)) {
            String xml = "<Configuration status='off'><Appenders>"
                    + "<Journal name='journal' socketPath='" + journald.socketPath() + "' syslogIdentifier='@ID@'/>"
                    + "</Appenders><Loggers><Root level='INFO'><AppenderRef ref='journal'/></Root></Loggers>"
                    + "</Configuration>";
            try (Log4jHarness h = new Log4jHarness(xml, Map.of("ID", "first"))) {
                h.logger("x").info("one");
                h.logger("x").info("two");
                assertEquals(2L, server.getAttribute(plain, "Sent"));
                h.reconfigure(xml, Map.of("ID", "second"));
                h.logger("x").info("three");
                assertEquals(1L, server.getAttribute(plain, "Sent"), "the new manager's counters");
                assertEquals(
                        Set.of(plain),
                        server.queryNames(new ObjectName("io.github.systemd4j:type=Journal,name=journal,*"), null));
                assertEquals(
                        List.of(),
                        h.status(Level.WARN).stream()
                                .filter(m -> m.contains("MXBean"))
                                .toList());
            }
            assertFalse(server.isRegistered(plain), "removed with the last manager");
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
    void stoppingWithATimeoutDrainsTheAsyncQueueNoLongerThanThat() throws Exception {
        Path socket = dir.resolve("socket");
        // Bound but never read: after the few datagrams the kernel queues, the sender thread waits in send.
        try (DatagramReceiver unread = DatagramReceiver.bind(UnixAddress.ofPath(socket))) {
            Log4jHarness h = new Log4jHarness(
                    Log4jHarness.journalConfig("socketPath='@SOCKET@' async='true' sendTimeout='60s'", ""),
                    Map.of("SOCKET", socket.toString()));
            try {
                // More than the kernel queues for a socket (10 datagrams by default, at most a few hundred).
                for (int i = 0; i < 2000; i++) {
                    h.logger("x").info("entry {}", i);
                }
                h.context.stop(150, TimeUnit.MILLISECONDS);
                List<String> status = h.status(Level.WARN);
                assertTrue(
                        status.stream().anyMatch(m -> m.contains(" were dropped: not sent within 150 ms.")),
                        status.toString());
            } finally {
                h.close();
            }
        }
    }
}
