package io.github.systemd4j.journal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.journal.JournalEntry;
import io.github.systemd4j.testkit.JournalRecord;
import io.github.systemd4j.testkit.NativeProtocolDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code collectorSafe}: what the mapping writes so that {@code journalctl -o json} without {@code
 * --all} prints every field as one string (the rules measured with systemd 252 and 257 are in {@link
 * CollectorSafe}; the contract suite checks them against the real journalctl).
 */
class CollectorSafeTest {
    private static final Pattern CUT = Pattern.compile(" \\[\\.\\.\\. (\\d+) bytes cut]$");

    private static JournalSettings collectorSafe() {
        JournalSettings settings = new JournalSettings();
        settings.set(JournalProperty.COLLECTOR_SAFE, "true");
        return settings;
    }

    /** The mapped event, every field in the order written (a repeated name would show twice). */
    private static List<String[]> fields(JournalSettings settings, EventMapperTest.Event event) {
        assertEquals(List.of(), settings.problems());
        EventMapper<EventMapperTest.Event> mapper =
                new EventMapper<>(settings, new EventMapperTest.Events(), new RecordingReporter());
        JournalEntry entry = new JournalEntry();
        EventScratch scratch = new EventScratch();
        mapper.write(event, entry, scratch);
        scratch.end();
        List<String[]> fields = new ArrayList<>();
        entry.forEachField((name, value) -> fields.add(new String[] {name, new String(value, StandardCharsets.UTF_8)}));
        return fields;
    }

    private static JournalRecord record(JournalSettings settings, EventMapperTest.Event event) {
        EventMapper<EventMapperTest.Event> mapper =
                new EventMapper<>(settings, new EventMapperTest.Events(), new RecordingReporter());
        JournalEntry entry = new JournalEntry();
        EventScratch scratch = new EventScratch();
        mapper.write(event, entry, scratch);
        scratch.end();
        return NativeProtocolDecoder.decode(entry.toByteArray(), false, new ArrayList<>())
                .get(0);
    }

    /** What journalctl's JSON output needs of every field: once, a string, below 4096 bytes. */
    private static void assertCollectorSafe(List<String[]> fields) {
        List<String> names = new ArrayList<>();
        for (String[] field : fields) {
            assertFalse(names.contains(field[0]), field[0] + " written twice");
            names.add(field[0]);
            int size = (field[0] + "=" + field[1]).getBytes(StandardCharsets.UTF_8).length;
            assertTrue(size < CollectorSafe.JSON_FIELD_LIMIT, field[0] + " has " + size + " bytes");
            field[1].codePoints()
                    .forEach(cp ->
                            assertFalse(CollectorSafe.unprintable(cp), field[0] + " has U+" + Integer.toHexString(cp)));
        }
    }

    private static String value(List<String[]> fields, String name) {
        return fields.stream()
                .filter(f -> f[0].equals(name))
                .map(f -> f[1])
                .findFirst()
                .orElse(null);
    }

    /** The trace parts concatenated in order: STACK_TRACE, STACK_TRACE_2, … */
    private static String reassembled(List<String[]> fields) {
        StringBuilder trace = new StringBuilder(value(fields, "STACK_TRACE"));
        for (int part = 2; value(fields, "STACK_TRACE_" + part) != null; part++) {
            trace.append(value(fields, "STACK_TRACE_" + part));
        }
        return trace.toString();
    }

    /** A throwable whose trace is far beyond 4 KiB, with a cause. */
    private static Throwable deep() {
        StackTraceElement[] frames = new StackTraceElement[120];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new StackTraceElement("com.example.deep.Layer" + i, "call", "Layer" + i + ".java", i + 1);
        }
        StackTraceElement[] causeFrames = new StackTraceElement[60];
        for (int i = 0; i < causeFrames.length; i++) {
            causeFrames[i] = new StackTraceElement("com.example.db.Driver" + i, "io", "Driver" + i + ".java", i + 1);
        }
        Exception cause = new java.io.IOException("root\u001bcause");
        cause.setStackTrace(causeFrames);
        IllegalStateException top = new IllegalStateException("boom", cause);
        top.setStackTrace(frames);
        return top;
    }

    private static String printed(Throwable t) {
        StringBuilder trace = new StringBuilder();
        StackTraceText.append(t, trace);
        StackTraceText.clean(trace, 0);
        return trace.toString();
    }

    @Test
    void theMessageShowsTheFirstLineAndTheWholeTraceIsInPartsThatReassemble() {
        EventMapperTest.Event event = new EventMapperTest.Event();
        event.thrown = deep();
        List<String[]> fields = fields(collectorSafe(), event);
        assertCollectorSafe(fields);
        assertEquals("paid\njava.lang.IllegalStateException: boom", value(fields, "MESSAGE"));
        String expected = printed(event.thrown).replace("\t", "    ").replace("\u001b", "\\u001b");
        assertTrue(expected.length() > 2 * 4096, "the trace needs three parts or more");
        assertEquals(expected, reassembled(fields));
        assertTrue(value(fields, "STACK_TRACE").endsWith("\n"), "a part ends with its line break");
        assertEquals(
                List.of("EXCEPTION", "EXCEPTION_MESSAGE", "MESSAGE", "STACK_TRACE", "STACK_TRACE_2"),
                fields.stream()
                        .map(f -> f[0])
                        .filter(n -> n.startsWith("EXC") || n.startsWith("MESS") || n.startsWith("STACK"))
                        .limit(5)
                        .toList());
    }

    @Test
    void aLongMessageIsCutBeforeTheThrowablesLineWhichStays() {
        EventMapperTest.Event event = new EventMapperTest.Event();
        event.message = "m\u001b" + "é".repeat(3000);
        event.thrown = new IllegalStateException("boom");
        List<String[]> fields = fields(collectorSafe(), event);
        assertCollectorSafe(fields);
        String message = value(fields, "MESSAGE");
        assertTrue(message.startsWith("m\\u001bééé"), message);
        assertTrue(message.endsWith(" bytes cut]\njava.lang.IllegalStateException: boom"), message);
        assertTrue(("MESSAGE=" + message).getBytes(StandardCharsets.UTF_8).length >= 4090, "cut at the limit");
    }

    @Test
    void aLineLongerThanAPartIsSplitInsideTheLine() {
        EventMapperTest.Event event = new EventMapperTest.Event();
        event.thrown = new IllegalStateException("ü".repeat(5000) + "€".repeat(2000));
        List<String[]> fields = fields(collectorSafe(), event);
        assertCollectorSafe(fields);
        assertEquals(printed(event.thrown).replace("\t", "    "), reassembled(fields));
        String message = value(fields, "MESSAGE");
        Matcher cut = CUT.matcher(message);
        assertTrue(cut.find(), message);
    }

    @Test
    void theTraceIsCutWithAMarkerLineBeyondMaxStackTraceSize() {
        JournalSettings settings = collectorSafe();
        settings.set(JournalProperty.MAX_STACK_TRACE_SIZE, "5KB");
        EventMapperTest.Event event = new EventMapperTest.Event();
        event.thrown = deep();
        List<String[]> fields = fields(settings, event);
        assertCollectorSafe(fields);
        String full = printed(event.thrown).replace("\t", "    ").replace("\u001b", "\\u001b");
        String trace = reassembled(fields);
        assertTrue(trace.getBytes(StandardCharsets.UTF_8).length <= 5 * 1024, trace);
        int lastLine = trace.lastIndexOf('\n');
        String kept = trace.substring(0, lastLine);
        assertTrue(full.startsWith(kept + "\n"), "whole lines are kept");
        int cutBytes = full.getBytes(StandardCharsets.UTF_8).length - kept.getBytes(StandardCharsets.UTF_8).length;
        assertEquals("[... " + cutBytes + " bytes of the stack trace cut]", trace.substring(lastLine + 1));
        assertEquals(null, value(fields, "STACK_TRACE_3"), "5 KiB fit in two parts");
    }

    @Test
    void aValueIsCutAtTheLimitOfItsNameOnACharacterBoundary() {
        EventMapperTest.Event fits = new EventMapperTest.Event();
        fits.message = "m".repeat(4096 - 1 - "MESSAGE=".length());
        assertEquals(fits.message, value(fields(collectorSafe(), fits), "MESSAGE"), "4095 bytes print");

        EventMapperTest.Event tooLong = new EventMapperTest.Event();
        tooLong.message = "m" + "é".repeat(5000); // 10001 bytes
        tooLong.context.put("LONG_VALUE", "v".repeat(4096));
        List<String[]> fields = fields(collectorSafe(), tooLong);
        assertCollectorSafe(fields);
        String message = value(fields, "MESSAGE");
        Matcher cut = CUT.matcher(message);
        assertTrue(cut.find(), message);
        String kept = message.substring(0, cut.start());
        assertTrue(tooLong.message.startsWith(kept));
        assertEquals(10001 - kept.getBytes(StandardCharsets.UTF_8).length, Integer.parseInt(cut.group(1)));
        assertTrue(("MESSAGE=" + message).getBytes(StandardCharsets.UTF_8).length >= 4090, "cut at the limit");
        assertTrue(CUT.matcher(value(fields, "LONG_VALUE")).find());
    }

    @Test
    void controlCharactersInTextAreEscapedTabsAndLineBreaksKept() {
        EventMapperTest.Event event = new EventMapperTest.Event();
        event.message = "a\u001b[31mred\tb\r\nc\u0000\u007f\u0085\ufffe\ufdd0\u00a0é😀";
        event.logger = "log\u0007ger";
        event.thread = "thread\u001b";
        event.context.put("VALUE", "tab\there\u001bthere");
        event.markers.add(new String[] {"MARK\u0001ER"});
        List<String[]> fields = fields(collectorSafe(), event);
        assertCollectorSafe(fields);
        assertEquals(
                "a\\u001b[31mred\tb\\u000d\nc\\u0000\\u007f\\u0085\\ufffe\\ufdd0\u00a0é😀", value(fields, "MESSAGE"));
        assertEquals("log\\u0007ger", value(fields, "LOGGER"));
        assertEquals("thread\\u001b", value(fields, "THREAD_NAME"));
        assertEquals("tab\there\\u001bthere", value(fields, "VALUE"));
        assertEquals("MARK\\u0001ER", value(fields, "MARKER"));
    }

    @Test
    void everyUnprintableCodePointIsTheMeasuredOne() {
        for (int cp = 0; cp <= 0x10FFFF; cp++) {
            boolean measured = (cp < 0x20 && cp != 0x09 && cp != 0x0A)
                    || (cp >= 0x7F && cp <= 0x9F)
                    || (cp >= 0xFDD0 && cp <= 0xFDEF)
                    || (cp & 0xFFFF) >= 0xFFFE;
            assertEquals(measured, CollectorSafe.unprintable(cp), Integer.toHexString(cp));
        }
    }

    @Test
    void repeatedFieldsAreWrittenOnceJoined() {
        EventMapperTest.Event event = new EventMapperTest.Event();
        event.markers.add(new String[] {"BILLING", "AUDIT", "SECURITY"});
        event.context.put("db.host", "db1");
        event.context.put("db-host", "db2");
        event.context.put("DB_HOST", "db1"); // an equal value is written once, as journald stores it
        event.context.put("stack_trace_2", "not a part");
        event.thrown = new IllegalStateException("boom");
        List<String[]> fields = fields(collectorSafe(), event);
        assertCollectorSafe(fields);
        assertEquals("BILLING,AUDIT,SECURITY", value(fields, "MARKER"));
        assertEquals("db1,db2", value(fields, "DB_HOST"));
        assertEquals("not a part", value(fields, "ESCAPED_STACK_TRACE_2"));
        assertEquals(printed(event.thrown).replace("\t", "    "), reassembled(fields));
    }

    @Test
    void aLayoutKeepsItsMessageAndTheTraceStillGoesToStackTrace() {
        EventMapperTest.Event event = new EventMapperTest.Event();
        event.layout = "[main] paid\n";
        event.thrown = new IllegalStateException("boom");
        event.thrown.setStackTrace(new StackTraceElement[] {new StackTraceElement("com.example.A", "b", "A.java", 1)});
        JournalRecord r = record(collectorSafe(), event);
        assertEquals("[main] paid", r.get("MESSAGE"));
        assertEquals(printed(event.thrown).replace("\t", "    "), r.get("STACK_TRACE"));
    }

    @Test
    void logStackTraceOffStillWritesTheTraceAndMessageWithoutThrowableIsUnchanged() {
        JournalSettings settings = collectorSafe();
        settings.set(JournalProperty.LOG_STACK_TRACE, "false");
        settings.set(JournalProperty.STACK_TRACE_IN_MESSAGE, "true");
        EventMapperTest.Event event = new EventMapperTest.Event();
        event.thrown = new IllegalStateException("boom");
        assertTrue(record(settings, event).has("STACK_TRACE"));
        JournalRecord plain = record(settings, new EventMapperTest.Event());
        assertEquals("paid", plain.get("MESSAGE"));
        assertFalse(plain.has("STACK_TRACE"));
    }

    @Test
    void staticFieldsAreWrittenOnceEscapedAndCut() {
        List<String[]> safe = CollectorSafe.staticFields(List.of(
                new String[] {"DC", "eu"},
                new String[] {"ESC", "a\u001bb"},
                new String[] {"DC", "us"},
                new String[] {"DC", "eu"},
                new String[] {"BIG", "x".repeat(5000)}));
        assertEquals(3, safe.size());
        assertEquals(List.of("DC", "eu,us"), List.of(safe.get(0)));
        assertEquals(List.of("ESC", "a\\u001bb"), List.of(safe.get(1)));
        assertTrue(CUT.matcher(safe.get(2)[1]).find());
        assertCollectorSafe(safe);

        JournalSettings settings = collectorSafe();
        settings.set(JournalProperty.FIELDS, "DC=eu,DC=us");
        assertTrue(settings.sharingKey().contains(" field DC=eu,us "), settings.sharingKey());
        JournalSettings off = new JournalSettings();
        off.set(JournalProperty.FIELDS, "DC=eu,DC=us");
        assertTrue(off.sharingKey().contains(" field DC=eu field DC=us "), off.sharingKey());
    }

    @Test
    void maxStackTraceSizeIsASizeOfAtLeastOneKilobyte() {
        JournalSettings settings = collectorSafe();
        settings.set(JournalProperty.MAX_STACK_TRACE_SIZE, "512");
        assertEquals(List.of("maxStackTraceSize=512: must be at least 1KB"), settings.problems());
        assertEquals(CollectorSafe.DEFAULT_MAX_STACK_TRACE_SIZE, 64 * 1024);
        assertEquals(
                Map.of("collectorSafe", "`false`", "maxStackTraceSize", "`64KB`"),
                Map.of(
                        "collectorSafe", JournalProperty.COLLECTOR_SAFE.defaultValue(),
                        "maxStackTraceSize", JournalProperty.MAX_STACK_TRACE_SIZE.defaultValue()));
    }
}
