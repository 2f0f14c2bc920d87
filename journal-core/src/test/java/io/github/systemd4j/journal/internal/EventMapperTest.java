package io.github.systemd4j.journal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.JournalEntry;
import io.github.systemd4j.testkit.FakeJournald;
import io.github.systemd4j.testkit.JournalRecord;
import io.github.systemd4j.testkit.NativeProtocolDecoder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mapping template with a minimal framework: every field, switch and failure path. */
class EventMapperTest {
    @TempDir
    Path dir;

    /** A framework event: everything the accessor can be asked for. */
    static final class Event {
        int priority = 6;
        String logger = "com.example.Billing";
        String thread = Thread.currentThread().getName();
        boolean onLoggingThread = true;
        StackTraceElement caller = new StackTraceElement("com.example.Billing", "pay", "Billing.java", 42);
        Map<String, Object> context = new LinkedHashMap<>();
        List<String[]> markers = new ArrayList<>(); // name, then the names it references
        String message = "paid";
        String layout;
        Throwable thrown;
        Runnable whileRendering = () -> {};
    }

    /** Reads {@link Event}; a marker's references are the other entries of its array. */
    static final class Events implements EventAccessor<Event> {
        @Override
        public int priority(Event e) {
            return e.priority;
        }

        @Override
        public String loggerName(Event e) {
            return e.logger;
        }

        @Override
        public String threadName(Event e) {
            return e.thread;
        }

        @Override
        public boolean onLoggingThread(Event e) {
            return e.onLoggingThread;
        }

        @Override
        public StackTraceElement caller(Event e) {
            return e.caller;
        }

        @Override
        public void forEachContextEntry(Event e, ContextVisitor visitor) {
            e.context.forEach(visitor::entry);
        }

        @Override
        public void forEachMarker(Event e, MarkerVisitor visitor) {
            for (String[] marker : e.markers) {
                if (visitor.marker(marker[0])) {
                    for (int i = 1; i < marker.length; i++) {
                        visitor.marker(marker[i]);
                    }
                }
            }
        }

        @Override
        public void message(Event e, RenderedMessage out) {
            e.whileRendering.run();
            if (e.layout != null) {
                out.layout(out.builder().append(e.layout));
            } else {
                out.text(e.message);
            }
        }

        @Override
        public Throwable thrown(Event e) {
            return e.thrown;
        }
    }

    /** Ignores every report. */
    private static final StatusReporter QUIET = new RecordingReporter();

    private final RecordingReporter reporter = new RecordingReporter();

    private static JournalRecord map(JournalSettings settings, Event event) {
        EventMapper<Event> mapper = new EventMapper<>(settings, new Events(), QUIET);
        JournalEntry entry = new JournalEntry();
        EventScratch scratch = new EventScratch();
        mapper.write(event, entry, scratch);
        scratch.end();
        List<String> problems = new ArrayList<>();
        JournalRecord r = NativeProtocolDecoder.decode(entry.toByteArray(), false, problems)
                .get(0);
        assertEquals(List.of(), problems);
        return r;
    }

    private static List<String> names(JournalEntry entry) {
        List<String> names = new ArrayList<>();
        entry.forEachField((name, value) -> names.add(name));
        return names;
    }

    @Test
    void fieldsComeInTheDocumentedOrder() {
        JournalSettings settings = new JournalSettings();
        settings.set(JournalProperty.LOG_SOURCE, "true");
        settings.set(JournalProperty.LOG_STACK_TRACE, "true");
        Event event = new Event();
        event.context.put("DB_HOST", "db1");
        event.markers.add(new String[] {"AUDIT"});
        event.thrown = new IllegalStateException("boom");
        JournalEntry entry = new JournalEntry();
        EventScratch scratch = new EventScratch();
        new EventMapper<>(settings, new Events(), QUIET).write(event, entry, scratch);
        assertEquals(
                List.of(
                        "PRIORITY",
                        "LOGGER",
                        "THREAD_NAME",
                        "TID",
                        "CODE_FILE",
                        "CODE_LINE",
                        "CODE_FUNC",
                        "DB_HOST",
                        "MARKER",
                        "EXCEPTION",
                        "EXCEPTION_MESSAGE",
                        "MESSAGE",
                        "STACK_TRACE"),
                names(entry));
    }

    @Test
    void defaultsWriteTheTraceIntoTheMessageAndNotAsItsOwnField() {
        Event event = new Event();
        event.thrown = new IllegalStateException("boom", new java.io.IOException("root"));
        JournalRecord r = map(new JournalSettings(), event);
        assertEquals("6", r.get("PRIORITY"));
        assertEquals("com.example.Billing", r.get("LOGGER"));
        assertEquals(event.thread, r.get("THREAD_NAME"));
        assertTrue(Integer.parseInt(r.get("TID")) > 0);
        assertFalse(r.has("CODE_FILE"), "logSource is off by default");
        assertEquals("java.lang.IllegalStateException", r.get("EXCEPTION"));
        assertEquals("boom", r.get("EXCEPTION_MESSAGE"));
        String message = r.get("MESSAGE");
        assertTrue(message.startsWith("paid\njava.lang.IllegalStateException: boom\n\tat "), message);
        assertTrue(message.contains("\nCaused by: java.io.IOException: root"), message);
        assertFalse(message.endsWith("\n"));
        assertFalse(r.has("STACK_TRACE"));
    }

    @Test
    void everySwitchOffLeavesOnlyPriorityAndMessage() {
        JournalSettings settings = new JournalSettings();
        for (JournalProperty p : List.of(
                JournalProperty.LOG_LOGGER_NAME,
                JournalProperty.LOG_THREAD_NAME,
                JournalProperty.LOG_TID,
                JournalProperty.LOG_CONTEXT,
                JournalProperty.LOG_MARKERS,
                JournalProperty.STACK_TRACE_IN_MESSAGE)) {
            settings.set(p, "false");
        }
        Event event = new Event();
        event.context.put("DB_HOST", "db1");
        event.markers.add(new String[] {"AUDIT"});
        event.thrown = new IllegalStateException("boom");
        JournalRecord r = map(settings, event);
        assertEquals("paid", r.get("MESSAGE"));
        assertEquals("6", r.get("PRIORITY"));
        assertEquals("java.lang.IllegalStateException", r.get("EXCEPTION"));
        for (String absent : List.of("LOGGER", "THREAD_NAME", "TID", "DB_HOST", "MARKER", "STACK_TRACE")) {
            assertFalse(r.has(absent), absent);
        }
    }

    @Test
    void aLayoutDecidesAboutTheTraceAndLosesItsTrailingLineBreaks() {
        Event event = new Event();
        event.layout = "[main] paid\r\n\n";
        event.thrown = new IllegalStateException("boom");
        JournalRecord r = map(new JournalSettings(), event);
        assertEquals("[main] paid", r.get("MESSAGE"));
        assertEquals("java.lang.IllegalStateException", r.get("EXCEPTION"));
    }

    @Test
    void tidOnlyOnTheLoggingThreadAndCallerWithoutFileOrMethod() {
        JournalSettings settings = new JournalSettings();
        settings.set(JournalProperty.LOG_SOURCE, "true");
        Event event = new Event();
        event.onLoggingThread = false;
        event.caller = new StackTraceElement("com.example.Job", "", null, -1);
        event.message = null;
        JournalRecord r = map(settings, event);
        assertFalse(r.has("TID"));
        assertFalse(r.has("CODE_FILE"));
        assertFalse(r.has("CODE_LINE"));
        assertEquals("com.example.Job", r.get("CODE_FUNC"));
        assertEquals("", r.get("MESSAGE"), "no message is an empty one");
    }

    @Test
    void markersAreWrittenOnceEachEvenInACycle() {
        Event event = new Event();
        event.markers.add(new String[] {"BILLING", "AUDIT", "BILLING"});
        event.markers.add(new String[] {"AUDIT", "BILLING"});
        event.markers.add(new String[] {"SECURITY"});
        assertEquals(
                List.of("BILLING", "AUDIT", "SECURITY"),
                map(new JournalSettings(), event).getAll("MARKER"));
    }

    @Test
    void thousandsOfContextEntriesLeaveRoomForTheMessageFields() {
        JournalSettings settings = new JournalSettings();
        settings.set(JournalProperty.LOG_STACK_TRACE, "true");
        Event event = new Event();
        for (int i = 0; i < 2000; i++) {
            event.context.put("K" + i, i);
        }
        event.thrown = new Error("boom");
        JournalRecord r = map(settings, event);
        assertTrue(r.get("MESSAGE").startsWith("paid\njava.lang.Error: boom"));
        assertEquals("boom", r.get("EXCEPTION_MESSAGE"));
        assertTrue(r.get("STACK_TRACE").startsWith("java.lang.Error: boom"));
        assertTrue(Integer.parseInt(r.get("JOURNAL_DROPPED_FIELDS")) > 900);
    }

    @Test
    void contextPrefixFiltersAndMessageIdApply() {
        JournalSettings settings = new JournalSettings();
        settings.set(JournalProperty.CONTEXT_PREFIX, "ctx_");
        settings.set(JournalProperty.CONTEXT_EXCLUDE, "password");
        Event event = new Event();
        event.context.put("db.host", "db1");
        event.context.put("password", "secret");
        event.context.put("MESSAGE_ID", "0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9");
        event.context.put("limits", Map.of("max", 5));
        EventMapper<Event> mapper = new EventMapper<>(settings, new Events(), reporter);
        JournalEntry entry = new JournalEntry();
        mapper.write(event, entry, new EventScratch());
        JournalRecord r = NativeProtocolDecoder.decode(entry.toByteArray(), false, new ArrayList<>())
                .get(0);
        assertEquals("db1", r.get("CTX_DB_HOST"));
        assertFalse(r.has("CTX_PASSWORD"));
        assertEquals("0a1b2c3d4e5f60718293a4b5c6d7e8f9", r.get("MESSAGE_ID"));
        assertEquals("{\"max\":5}", r.get("CTX_LIMITS"));
        assertEquals(List.of(), reporter.reports(), "a valid id is not reported");

        Event invalid = new Event();
        invalid.context.put("MESSAGE_ID", "not-an-id");
        for (int i = 0; i < 2; i++) {
            mapper.write(invalid, new JournalEntry(), new EventScratch());
        }
        assertEquals(
                List.of("WARN MESSAGE_ID \"not-an-id\" is neither a UUID nor 32 hex digits; written as an ordinary"
                        + " field. Further invalid ids are not reported."),
                reporter.reports());
    }

    private JournalSink sink(ByteArrayOutputStream captured) {
        JournalClient client = JournalClient.builder()
                .socketPath(dir.resolve("socket").toString())
                .reconnectInterval(Duration.ZERO)
                .build();
        return new JournalSink(
                client,
                JournalFallback.STDERR,
                reporter,
                new PrintStream(captured, true, StandardCharsets.UTF_8),
                false,
                System::nanoTime);
    }

    @Test
    void anEventThatCannotBeWrittenIsReportedAndItsEntryGivenBack() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir);
                JournalSink sink = sink(new ByteArrayOutputStream())) {
            EventSender<Event> sender =
                    new EventSender<>(new EventMapper<>(new JournalSettings(), new Events(), QUIET), sink);
            Event broken = new Event();
            broken.whileRendering = () -> {
                throw new NoClassDefFoundError("com/example/Gone");
            };
            assertEquals(JournalSink.Delivery.FAILED, sender.send(broken));
            assertTrue(
                    reporter.reports()
                            .get(0)
                            .startsWith("WARN Writing an event failed; it was not sent: com/example/Gone"),
                    reporter.reports().toString());
            JournalEntry reused = sink.entry();
            reused.clear();
            assertSame(reused, sink.entry(), "the thread's entry is free again");
            sink.entry().clear();

            Event fine = new Event();
            assertEquals(JournalSink.Delivery.SENT, sender.send(fine));
            assertEquals(
                    "paid",
                    journald.awaitRecords(1, Duration.ofSeconds(10)).get(0).get("MESSAGE"));
        }
    }

    @Test
    void anEventLoggedWhileAnotherIsWrittenIsDroppedNotRecursedInto() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir);
                JournalSink sink = sink(new ByteArrayOutputStream())) {
            EventSender<Event> sender =
                    new EventSender<>(new EventMapper<>(new JournalSettings(), new Events(), QUIET), sink);
            List<JournalSink.Delivery> inner = new ArrayList<>();
            Event outer = new Event();
            outer.whileRendering = () -> inner.add(sender.send(new Event()));
            assertEquals(JournalSink.Delivery.SENT, sender.send(outer));
            assertEquals(List.of(JournalSink.Delivery.REENTERED), inner);
            assertEquals(1, journald.awaitRecords(1, Duration.ofSeconds(10)).size());
        }
    }

    @Test
    void aVirtualMachineErrorIsNotSwallowed() throws Exception {
        try (JournalSink sink = sink(new ByteArrayOutputStream())) {
            EventSender<Event> sender =
                    new EventSender<>(new EventMapper<>(new JournalSettings(), new Events(), QUIET), sink);
            Event event = new Event();
            event.whileRendering = () -> {
                throw new OutOfMemoryError("simulated");
            };
            assertThrows(OutOfMemoryError.class, () -> sender.send(event));
        }
    }
}
