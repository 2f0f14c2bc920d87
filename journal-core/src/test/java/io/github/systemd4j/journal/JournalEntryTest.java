package io.github.systemd4j.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.testkit.JournalRecord;
import io.github.systemd4j.testkit.NativeProtocolDecoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden byte vectors for the encoder. */
class JournalEntryTest {
    private static final FieldName X = FieldName.of("X");

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String) {
                out.writeBytes(((String) p).getBytes(StandardCharsets.UTF_8));
            } else if (p instanceof byte[]) {
                out.writeBytes((byte[]) p);
            } else if (p instanceof Character) {
                out.write((Character) p);
            } else {
                out.write((Integer) p);
            }
        }
        return out.toByteArray();
    }

    private static byte[] le64(long n) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (n >>> (8 * i));
        }
        return b;
    }

    private static byte[] encode(String value) {
        return new JournalEntry().add(X, value).toByteArray();
    }

    @Test
    void plainValueUsesTextForm() {
        assertArrayEquals(
                bytes("MESSAGE=hello\n"), new JournalEntry().message("hello").toByteArray());
    }

    @Test
    void newlineSwitchesToLengthFraming() {
        assertArrayEquals(bytes("X\n", le64(3), "a\nb", "\n"), encode("a\nb"));
    }

    @Test
    void specExampleFromJournalNativeProtocol() {
        // The document's example: FOO, then the value "BAR\nBAZ" with its 64-bit length.
        byte[] expected = bytes("FOO\n", 7, 0, 0, 0, 0, 0, 0, 0, "BAR\nBAZ\n");
        assertArrayEquals(
                expected,
                new JournalEntry().add(FieldName.of("FOO"), "BAR\nBAZ").toByteArray());
    }

    @Test
    void newlineAfterMultibyteCharactersKeepsTheWholePrefix() {
        assertArrayEquals(bytes("X\n", le64(8), "äöü\nx", "\n"), encode("äöü\nx"));
    }

    @Test
    void leadingAndTrailingNewlinesAreKept() {
        assertArrayEquals(bytes("X\n", le64(3), "\nab", "\n"), encode("\nab"));
        assertArrayEquals(bytes("X\n", le64(3), "ab\n", "\n"), encode("ab\n"));
    }

    @Test
    void nulAndWhitespaceAreKeptInTextForm() {
        assertArrayEquals(bytes("X=", 'a', 0, 'b', "  \t\n"), encode("a\0b  \t"));
    }

    @Test
    void utf8ForEveryPlane() {
        assertArrayEquals(bytes("X=", 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, "\n"), encode("é€😀"));
    }

    @Test
    void loneSurrogatesBecomeReplacementCharacter() {
        byte[] fffd = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};
        assertArrayEquals(bytes("X=a", fffd, "b\n"), encode("a\uD83Db"));
        assertArrayEquals(bytes("X=a", fffd, "\n"), encode("a\uD83D"));
        assertArrayEquals(bytes("X=", fffd, "a\n"), encode("\uDE00a"));
        assertArrayEquals(encode("x\uFFFDy"), encode("x\uD800y"));
    }

    @Test
    void longValuesAcrossChunksAreEncodedLikeTheJdk() {
        // Surrogate pairs, lone surrogates and newlines at every position around the 512-char chunks.
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            s.append(i % 7 == 0 ? "😀" : i % 11 == 0 ? "é" : i % 13 == 0 ? "€" : i % 97 == 0 ? "\n" : "a");
        }
        String value = s.toString();
        byte[] expected = value.getBytes(StandardCharsets.UTF_8);
        JournalRecord r = NativeProtocolDecoder.decode(
                        new JournalEntry().add(X, value).add(X, s).toByteArray(), false, new ArrayList<>())
                .get(0);
        assertArrayEquals(expected, r.fields().get("X").get(0), "String");
        assertArrayEquals(expected, r.fields().get("X").get(1), "StringBuilder");
        String lone = "b".repeat(511) + "\uD83D" + "c";
        assertArrayEquals(
                ("b".repeat(511) + "\uFFFD" + "c").getBytes(StandardCharsets.UTF_8),
                NativeProtocolDecoder.decode(new JournalEntry().add(X, lone).toByteArray(), false, new ArrayList<>())
                        .get(0)
                        .bytes("X"));
    }

    /** What the encoder must write for a value: UTF-8, an unpaired surrogate as U+FFFD. */
    private static byte[] utf8WithReplacement(String value) {
        StringBuilder fixed = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                fixed.append(c).append(value.charAt(++i));
            } else {
                fixed.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return fixed.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Random values built from runs of ASCII (long enough for the encoder's bulk path, which checks
     * whole runs at once) broken by the characters that need the general path: newlines, non-ASCII
     * of 2, 3 and 4 bytes, unpaired surrogates, and characters whose low byte is a newline or ASCII.
     */
    @Test
    void randomValuesAreEncodedLikeTheJdkWhateverTheMixOfRunsAndSpecialCharacters() {
        String[] specials = {"\n", "é", "€", "😀", "\uD800", "\uDC00", "\u010A", "\u0141", "\u0000", "\u007F", "\u0080"
        };
        java.util.Random random = new java.util.Random(18);
        for (int round = 0; round < 400; round++) {
            StringBuilder s = new StringBuilder();
            int target = random.nextInt(round % 4 == 0 ? 20_000 : 2_000);
            while (s.length() < target) {
                int ascii = random.nextInt(random.nextBoolean() ? 8 : 1_100);
                for (int k = 0; k < ascii; k++) {
                    s.append((char) (' ' + random.nextInt(95)));
                }
                if (random.nextInt(3) > 0) {
                    s.append(specials[random.nextInt(round % 2 == 0 ? specials.length : 1)]);
                }
            }
            String value = s.toString();
            byte[] wire = new JournalEntry().add(X, value).add(X, s).toByteArray();
            byte[] expected = utf8WithReplacement(value);
            JournalRecord r =
                    NativeProtocolDecoder.decode(wire, false, new ArrayList<>()).get(0);
            assertArrayEquals(expected, r.fields().get("X").get(0), "String, round " + round);
            assertArrayEquals(expected, r.fields().get("X").get(1), "StringBuilder, round " + round);
            boolean framed = value.indexOf('\n') >= 0;
            assertEquals(framed ? '\n' : '=', wire[1], "length framing only with a newline, round " + round);
        }
    }

    @Test
    void randomOversizedValuesAreCutAtACharacterBoundary() {
        String[] specials = {"\n", "é", "€", "😀", "\uD800"};
        java.util.Random random = new java.util.Random(19);
        for (int round = 0; round < 200; round++) {
            StringBuilder s = new StringBuilder();
            while (s.length() < 6_000) {
                int ascii = random.nextInt(700);
                for (int k = 0; k < ascii; k++) {
                    s.append((char) ('a' + random.nextInt(26)));
                }
                s.append(specials[random.nextInt(specials.length)]);
            }
            String value = s.toString();
            int maxSize = 1_024 + random.nextInt(4_000);
            byte[] wire = new JournalEntry(maxSize, 256, 8192, ClientFields.NONE)
                    .add(X, value)
                    .toByteArray();
            assertTrue(wire.length <= maxSize, "size " + wire.length + " of " + maxSize);
            List<String> problems = new ArrayList<>();
            JournalRecord r =
                    NativeProtocolDecoder.decode(wire, false, problems).get(0);
            assertEquals(List.of(), problems);
            byte[] written = r.bytes("X");
            byte[] whole = utf8WithReplacement(value);
            assertArrayEquals(java.util.Arrays.copyOf(whole, written.length), written, "a prefix, round " + round);
            assertTrue(
                    written.length == whole.length || (whole[written.length] & 0xC0) != 0x80,
                    "cut before a character, not inside one, round " + round);
            assertEquals("X", r.get("JOURNAL_TRUNCATED"));
            boolean framed = new String(written, StandardCharsets.UTF_8).indexOf('\n') >= 0;
            assertEquals(framed ? '\n' : '=', wire[1], "length framing only with a newline, round " + round);
        }
    }

    @Test
    void emptyAndNullValues() {
        assertArrayEquals(bytes("X=\n"), encode(""));
        assertArrayEquals(
                bytes("X=\n"), new JournalEntry().add(X, (CharSequence) null).toByteArray());
    }

    @Test
    void numbersAreDecimalText() {
        JournalEntry e = new JournalEntry()
                .add(X, 0L)
                .add(X, -5L)
                .add(X, Long.MAX_VALUE)
                .add(X, Long.MIN_VALUE)
                .priority(3);
        assertArrayEquals(
                bytes("X=0\nX=-5\nX=9223372036854775807\nX=-9223372036854775808\nPRIORITY=3\n"), e.toByteArray());
    }

    @Test
    void rawBytesPickTheFramingByContent() {
        assertArrayEquals(
                bytes("X=", 0, 0xFF, "\n"),
                new JournalEntry().add(X, new byte[] {0, (byte) 0xFF}).toByteArray());
        assertArrayEquals(
                bytes("X\n", le64(2), 0x0A, 0x00, "\n"),
                new JournalEntry().add(X, new byte[] {'\n', 0}).toByteArray());
    }

    @Test
    void userKeysAreSanitisedAndReservedNamesEscaped() {
        JournalEntry e =
                new JournalEntry().add("db.host", "a").add("message", "b").add("A\nPRIORITY", "c");
        assertArrayEquals(bytes("DB_HOST=a\nESCAPED_MESSAGE=b\nA_PRIORITY=c\n"), e.toByteArray());
    }

    @Test
    void injectionInAValueStaysInsideTheValue() {
        List<String> problems = new ArrayList<>();
        byte[] wire = new JournalEntry()
                .priority(6)
                .message("hi\nPRIORITY=0\nSYSLOG_IDENTIFIER=evil\n")
                .toByteArray();
        List<JournalRecord> records = NativeProtocolDecoder.decode(wire, false, problems);
        assertEquals(List.of(), problems);
        assertEquals(1, records.size());
        assertEquals(List.of("6"), records.get(0).getAll("PRIORITY"));
        assertFalse(records.get(0).has("SYSLOG_IDENTIFIER"));
        assertEquals("hi\nPRIORITY=0\nSYSLOG_IDENTIFIER=evil\n", records.get(0).get("MESSAGE"));
    }

    @Test
    void priorityOutsideZeroToSevenIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new JournalEntry().priority(8));
        assertThrows(IllegalArgumentException.class, () -> new JournalEntry().priority(-1));
    }

    @Test
    void fieldCountIsCappedAndMarked() {
        JournalEntry e = new JournalEntry();
        for (int i = 0; i < 2000; i++) {
            e.add(X, i);
        }
        List<String> problems = new ArrayList<>();
        JournalRecord r =
                NativeProtocolDecoder.decode(e.toByteArray(), false, problems).get(0);
        int total = r.fields().values().stream().mapToInt(List::size).sum();
        assertTrue(total <= JournalEntry.MAX_FIELDS, "fields: " + total);
        assertEquals(JournalEntry.MAX_FIELDS - 2 - 4, r.getAll("X").size(), "two markers, four message fields");
        assertEquals(String.valueOf(2000 - (JournalEntry.MAX_FIELDS - 2 - 4)), r.get("JOURNAL_DROPPED_FIELDS"));
        assertTrue(e.isTruncated());
    }

    @Test
    void theLastFieldSlotsAreKeptForTheMessageFields() {
        JournalEntry e = new JournalEntry().priority(6);
        for (int i = 0; i < 2000; i++) {
            e.add(X, i);
        }
        e.add(JournalFields.EXCEPTION, "E")
                .add(JournalFields.EXCEPTION_MESSAGE, "boom")
                .message("still here")
                .add(JournalFields.STACK_TRACE, "trace")
                .add(X, "no room left");
        JournalRecord r = NativeProtocolDecoder.decode(e.toByteArray(), false, new ArrayList<>())
                .get(0);
        assertEquals("still here", r.get("MESSAGE"));
        assertEquals("E", r.get("EXCEPTION"));
        assertEquals("boom", r.get("EXCEPTION_MESSAGE"));
        assertEquals("trace", r.get("STACK_TRACE"));
        assertEquals(JournalEntry.MAX_FIELDS - 2 - 4 - 1, r.getAll("X").size());
    }

    @Test
    void oversizedValueIsCutAtACharacterBoundaryAndMarked() {
        ClientFields client = ClientFields.of(List.of(JournalFields.SYSLOG_IDENTIFIER), List.of("app"));
        JournalEntry e = new JournalEntry(4096, 256, 8192, client);
        String big = "ä".repeat(5000); // 10,000 bytes
        e.priority(4).message(big).add(FieldName.of("AFTER"), "x");
        byte[] wire = e.toByteArray();
        assertTrue(wire.length <= 4096, "size " + wire.length);
        List<String> problems = new ArrayList<>();
        JournalRecord r = NativeProtocolDecoder.decode(wire, false, problems).get(0);
        assertEquals(List.of(), problems);
        String message = r.get("MESSAGE");
        assertTrue(message.length() > 1000 && big.startsWith(message), "message is a prefix, whole characters");
        assertFalse(message.contains("\uFFFD"));
        assertEquals("4", r.get("PRIORITY"));
        assertEquals("app", r.get("SYSLOG_IDENTIFIER"));
        assertEquals("MESSAGE", r.get("JOURNAL_TRUNCATED"));
        assertEquals("1", r.get("JOURNAL_DROPPED_FIELDS"));
        assertFalse(r.has("AFTER"));
    }

    @Test
    void aFieldTheEntryWritesReplacesTheClientsFieldsOfThatName() {
        FieldName dc = FieldName.of("DC");
        ClientFields client = ClientFields.of(
                List.of(JournalFields.SYSLOG_IDENTIFIER, dc, FieldName.of("APP"), dc),
                List.of("app", "eu-1", "billing", "eu-2"));
        JournalEntry e = new JournalEntry(4096, 256, 8192, client);
        e.message("own").add(FieldName.of("SYSLOG_IDENTIFIER"), "mine").add("dc", "us-1");
        assertArrayEquals(
                bytes("MESSAGE=own\nSYSLOG_IDENTIFIER=mine\nDC=us-1\nAPP=billing\n"),
                e.toByteArray(),
                "the entry's own values, the client's other fields");
        assertEquals(4, e.fieldCount());
        e.clear();
        e.message("plain");
        assertArrayEquals(
                bytes("MESSAGE=plain\nSYSLOG_IDENTIFIER=app\nDC=eu-1\nAPP=billing\nDC=eu-2\n"),
                e.toByteArray(),
                "cleared: every client field again");
    }

    @Test
    void oversizedMultilineValueStaysWellFramed() {
        JournalEntry e = new JournalEntry(4096, 256, 8192, ClientFields.NONE);
        e.message("line\n".repeat(2000));
        byte[] wire = e.toByteArray();
        assertTrue(wire.length <= 4096);
        List<String> problems = new ArrayList<>();
        JournalRecord r = NativeProtocolDecoder.decode(wire, false, problems).get(0);
        assertEquals(List.of(), problems);
        assertTrue(r.get("MESSAGE").startsWith("line\nline\n"));
        assertEquals("MESSAGE", r.get("JOURNAL_TRUNCATED"));
    }

    @Test
    void bufferShrinksBackAfterAnOversizedEntry() {
        JournalEntry e = new JournalEntry(JournalEntry.DEFAULT_MAX_SIZE, 1024, 4096, ClientFields.NONE);
        e.message("x".repeat(100_000));
        assertTrue(e.capacity() >= 100_000);
        e.clear();
        assertEquals(1024, e.capacity());
        e.message("y".repeat(3000));
        int grown = e.capacity();
        assertTrue(grown > 1024 && grown <= 4096, "grown to " + grown);
        e.clear();
        assertEquals(grown, e.capacity(), "a buffer within the retained size is kept");
    }

    @Test
    void finishedEntryRefusesMoreFields() {
        JournalEntry e = new JournalEntry().message("a");
        e.toByteArray();
        assertThrows(IllegalStateException.class, () -> e.message("b"));
        e.clear();
        assertArrayEquals(bytes("MESSAGE=b\n"), e.message("b").toByteArray());
    }
}
