package io.github.systemd4j.journal.internal;

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

    private static void write(ContextFields fields, JournalEntry e, String key, Object value) {
        fields.write(e, key, value, new StringBuilder(), new StringBuilder());
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
        write(fields, e, "db.host", "db1");
        write(fields, e, "password", "secret");
        write(fields, e, "MESSAGE_ID", UUID.fromString("0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9"));
        write(fields, e, "MESSAGE_ID", "bogus");
        write(fields, e, "MESSAGE_ID", "bogus again");
        write(fields, e, null, "null key");
        write(fields, e, "NOTHING", null);
        JournalRecord r = decode(e);
        assertEquals("db1", r.get("CTX_DB_HOST"));
        assertFalse(r.has("CTX_PASSWORD"));
        assertEquals("0a1b2c3d4e5f60718293a4b5c6d7e8f9", r.get("MESSAGE_ID"));
        assertEquals(List.of("bogus", "bogus again"), r.getAll("CTX_MESSAGE_ID"));
        assertEquals(List.of("bogus"), reported, "reported once");
        assertEquals("null key", r.get("CTX_NULL"));
        assertEquals("null", r.get("CTX_NOTHING"));
    }

    @Test
    void contextFieldsWithoutPrefixCannotTakeReservedNames() {
        ContextFields fields = new ContextFields("", Set.of("message", "DB_HOST"), Set.of(), v -> {});
        JournalEntry e = new JournalEntry();
        write(fields, e, "message", "x");
        write(fields, e, "DB_HOST", "db1");
        write(fields, e, "other", "dropped: not included");
        JournalRecord r = decode(e);
        assertEquals("x", r.get("ESCAPED_MESSAGE"));
        assertFalse(r.has("MESSAGE"));
        assertEquals("db1", r.get("DB_HOST"));
        assertFalse(r.has("OTHER"));
        assertTrue(fields.includes("DB_HOST"));
    }

    @Test
    void stackTraceTextIsPrintStackTraceWithoutCarriageReturnsOrTrailingNewline() {
        IllegalStateException cause = new IllegalStateException("root cause");
        RuntimeException top = new RuntimeException("top", cause);
        top.addSuppressed(new IllegalArgumentException("suppressed one"));
        StringBuilder out = new StringBuilder("prefix:");
        StackTraceText.append(top, out);
        out.append("\r\n\n");
        StackTraceText.clean(out, 7);
        String s = out.toString();
        assertTrue(s.startsWith("prefix:java.lang.RuntimeException: top\n\tat "), s);
        assertTrue(s.contains("\tSuppressed: java.lang.IllegalArgumentException: suppressed one"), s);
        assertTrue(s.contains("Caused by: java.lang.IllegalStateException: root cause"), s);
        assertFalse(s.contains("\r"));
        assertFalse(s.endsWith("\n"));
    }
}
