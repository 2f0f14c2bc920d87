package io.github.systemd4j.journal.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.journal.JournalEntry;
import io.github.systemd4j.testkit.JournalRecord;
import io.github.systemd4j.testkit.NativeProtocolDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MappingTest {
    private static JournalRecord decode(JournalEntry e) {
        List<String> problems = new ArrayList<>();
        JournalRecord r =
                NativeProtocolDecoder.decode(e.toByteArray(), false, problems).get(0);
        assertEquals(List.of(), problems);
        return r;
    }

    @Test
    void messageIdsAreNormalisedToLowercaseHex() {
        UUID uuid = UUID.fromString("0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9");
        assertEquals("0a1b2c3d4e5f60718293a4b5c6d7e8f9", MessageIds.normalize(uuid.toString()));
        assertEquals("0a1b2c3d4e5f60718293a4b5c6d7e8f9", MessageIds.normalize("0A1B2C3D4E5F60718293A4B5C6D7E8F9"));
        assertNull(MessageIds.normalize("not-an-id"));
        assertNull(MessageIds.normalize("0a1b2c3d4e5f60718293a4b5c6d7e8fz"));
        assertNull(MessageIds.normalize("0a1b2c3d-4e5f-6071-8293a-4b5c6d7e8f9"));
        assertNull(MessageIds.normalize(null));
        StringBuilder out = new StringBuilder("kept:");
        assertTrue(MessageIds.normalize("0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9", out));
        assertEquals("kept:0a1b2c3d4e5f60718293a4b5c6d7e8f9", out.toString());
        assertFalse(MessageIds.normalize("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8fz", out));
        assertEquals("kept:0a1b2c3d4e5f60718293a4b5c6d7e8f9", out.toString(), "invalid input leaves the builder");
    }

    @Test
    void priorityDefaultsAndOverrides() {
        assertEquals(3, PriorityMap.SLF4J_STYLE.priorityOf("ERROR", 6));
        assertEquals(2, PriorityMap.SLF4J_STYLE.priorityOf("FATAL", 6));
        assertEquals(7, PriorityMap.SLF4J_STYLE.priorityOf("TRACE", 6));
        assertEquals(6, PriorityMap.JUL_STYLE.priorityOf("CONFIG", 0));
        assertEquals(5, PriorityMap.SLF4J_STYLE.priorityOf("NOTICE", 5));
        PriorityMap custom = PriorityMap.SLF4J_STYLE.withOverrides(" info=5 , DEBUG=6");
        assertEquals(5, custom.priorityOf("INFO", 0));
        assertEquals(6, custom.priorityOf("DEBUG", 0));
        assertEquals(3, custom.priorityOf("ERROR", 0));
        assertThrows(IllegalArgumentException.class, () -> PriorityMap.SLF4J_STYLE.withOverrides("INFO=8"));
        assertThrows(IllegalArgumentException.class, () -> PriorityMap.SLF4J_STYLE.withOverrides("INFO"));
        assertThrows(IllegalArgumentException.class, () -> PriorityMap.SLF4J_STYLE.withOverrides("=3"));
    }

    @Test
    void contextFieldsFilterPrefixAndMessageId() {
        List<String> reported = new ArrayList<>();
        ContextFields fields = new ContextFields("ctx_", Set.of(), Set.of("password"), reported::add);
        JournalEntry e = new JournalEntry();
        fields.write(e, "db.host", "db1");
        fields.write(e, "password", "secret");
        fields.write(e, "MESSAGE_ID", "0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9");
        fields.write(e, "MESSAGE_ID", "bogus");
        fields.write(e, "MESSAGE_ID", "bogus again");
        JournalRecord r = decode(e);
        assertEquals("db1", r.get("CTX_DB_HOST"));
        assertFalse(r.has("CTX_PASSWORD"));
        assertEquals("0a1b2c3d4e5f60718293a4b5c6d7e8f9", r.get("MESSAGE_ID"));
        assertEquals(List.of("bogus", "bogus again"), r.getAll("CTX_MESSAGE_ID"));
        assertEquals(List.of("bogus"), reported, "reported once");
    }

    @Test
    void contextFieldsWithoutPrefixCannotTakeReservedNames() {
        ContextFields fields = new ContextFields("", Set.of("message", "DB_HOST"), Set.of(), v -> {});
        JournalEntry e = new JournalEntry();
        fields.write(e, "message", "x");
        fields.write(e, "DB_HOST", "db1");
        fields.write(e, "other", "dropped: not included");
        JournalRecord r = decode(e);
        assertEquals("x", r.get("ESCAPED_MESSAGE"));
        assertFalse(r.has("MESSAGE"));
        assertEquals("db1", r.get("DB_HOST"));
        assertFalse(r.has("OTHER"));
        assertTrue(fields.includes("DB_HOST"));
    }

    @Test
    void eventWriterKeepsTheMessageWhenContextOverflows() {
        EventFieldWriter writer = EventFieldWriter.builder().logStackTrace(true).build();
        JournalEntry e = new JournalEntry();
        writer.header(e, 3, "logger", "main", false);
        for (int i = 0; i < 2000; i++) {
            writer.context().write(e, "K" + i, "v");
        }
        writer.message(e, "the message", "java.lang.Error", "boom", "java.lang.Error: boom\n\tat x");
        JournalRecord r = decode(e);
        assertEquals("the message\njava.lang.Error: boom\n\tat x", r.get("MESSAGE"));
        assertEquals("java.lang.Error", r.get("EXCEPTION"));
        assertEquals("boom", r.get("EXCEPTION_MESSAGE"));
        assertEquals("java.lang.Error: boom\n\tat x", r.get("STACK_TRACE"));
        assertEquals("3", r.get("PRIORITY"));
        assertTrue(Integer.parseInt(r.get("JOURNAL_DROPPED_FIELDS")) > 900);
    }

    @Test
    void eventWriterSwitches() {
        EventFieldWriter off = EventFieldWriter.builder()
                .logLoggerName(false)
                .logThreadName(false)
                .logTid(false)
                .stackTraceInMessage(false)
                .build();
        JournalEntry e = new JournalEntry();
        off.header(e, 6, "logger", "main", true);
        off.message(e, "m", "java.lang.Error", null, "trace");
        JournalRecord r = decode(e);
        assertEquals("m", r.get("MESSAGE"));
        assertFalse(r.has("LOGGER") || r.has("THREAD_NAME") || r.has("TID") || r.has("STACK_TRACE"));

        EventFieldWriter on = EventFieldWriter.builder().build();
        JournalEntry e2 = new JournalEntry();
        on.header(e2, 6, "logger", "main", true);
        on.source(e2, "A.java", 12, "A.run");
        on.marker(e2, "M");
        JournalRecord r2 = decode(e2.message("x"));
        assertEquals("logger", r2.get("LOGGER"));
        assertEquals("main", r2.get("THREAD_NAME"));
        assertTrue(Integer.parseInt(r2.get("TID")) > 0);
        assertEquals("A.java", r2.get("CODE_FILE"));
        assertEquals("12", r2.get("CODE_LINE"));
        assertEquals("A.run", r2.get("CODE_FUNC"));
        assertEquals("M", r2.get("MARKER"));
    }

    @Test
    void throwableRendersLikePrintStackTraceWithoutCarriageReturnsOrTrailingNewline() {
        IllegalStateException cause = new IllegalStateException("root cause");
        RuntimeException top = new RuntimeException("top", cause);
        top.addSuppressed(new IllegalArgumentException("suppressed one"));
        StringBuilder out = ThrowableFields.render(top, new StringBuilder("prefix:"));
        String s = out.toString();
        assertTrue(s.startsWith("prefix:java.lang.RuntimeException: top\n\tat "), s);
        assertTrue(s.contains("\tSuppressed: java.lang.IllegalArgumentException: suppressed one"), s);
        assertTrue(s.contains("Caused by: java.lang.IllegalStateException: root cause"), s);
        assertFalse(s.contains("\r"));
        assertFalse(s.endsWith("\n"));

        JournalEntry e = new JournalEntry();
        ThrowableFields.write(e, top.getClass().getName(), top.getMessage(), s);
        JournalRecord r = decode(e);
        assertEquals("java.lang.RuntimeException", r.get("EXCEPTION"));
        assertEquals("top", r.get("EXCEPTION_MESSAGE"));
        assertEquals(s, r.get("STACK_TRACE"));

        JournalEntry noTrace = new JournalEntry();
        ThrowableFields.write(noTrace, "java.lang.Error", null, null);
        JournalRecord r2 = decode(noTrace);
        assertFalse(r2.has("EXCEPTION_MESSAGE"));
        assertFalse(r2.has("STACK_TRACE"));
    }
}
