package io.github.systemd4j.testkit;

import static io.github.systemd4j.testkit.CollectorFinding.Kind.NOT_PRINTABLE;
import static io.github.systemd4j.testkit.CollectorFinding.Kind.REPEATED;
import static io.github.systemd4j.testkit.CollectorFinding.Kind.TOO_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The collector rules at their exact boundaries, on constructed entries. */
class CollectorCheckTest {
    private static final CollectorCheck CHECK = CollectorCheck.defaults();

    @Test
    void nameEqualsValueOf4095BytesIsAStringAnd4096IsNull() {
        // "MESSAGE=" is 8 bytes: 4087 bytes of text make 4095, 4088 make 4096.
        assertEquals(List.of(), CHECK.findings(record("MESSAGE", text(4087))));
        assertEquals(
                List.of(new CollectorFinding("MESSAGE", TOO_LONG, 4096, "MESSAGE=value is 4096 bytes, null from 4096")),
                CHECK.findings(record("MESSAGE", text(4088))));
        assertEquals(4097, CHECK.findings(record("MESSAGE", text(4089))).get(0).size());
    }

    @Test
    void theNameCountsTowardsTheLimit() {
        // Under a one-letter name, NAME=value is the value and 2 bytes.
        assertEquals(List.of(), CHECK.findings(record("A", text(4093))));
        assertEquals(kinds(TOO_LONG), kindsOf(CHECK.findings(record("A", text(4094)))));
        assertEquals(kinds(TOO_LONG), kindsOf(CHECK.findings(record("A", text(4095)))));
    }

    @Test
    void aLongBinaryValueIsNullNotBytes() {
        byte[] value = new byte[5000]; // all NUL
        assertEquals(kinds(TOO_LONG), kindsOf(CHECK.findings(record("BIN", value))));
    }

    @Test
    void tabNewlineAndPrintableUnicodeAreStrings() {
        for (String s :
                List.of("a\tb", "a\nb", "a\u00a0b", "a\u2028b", "a\u200bb", "\ufeffa", "a\ud83d\ude00b", "", "~")) {
            assertEquals(List.of(), CHECK.findings(record("F", s.getBytes(StandardCharsets.UTF_8))), s);
        }
    }

    @Test
    void controlCharactersAreBytes() {
        for (int c : new int[] {0x00, 0x07, 0x0b, 0x0c, 0x0d, 0x1b, 0x1f, 0x7f, 0x80, 0x85, 0x9f}) {
            byte[] value = ("ab" + (char) c).getBytes(StandardCharsets.UTF_8);
            List<CollectorFinding> found = CHECK.findings(record("F", value));
            assertEquals(kinds(NOT_PRINTABLE), kindsOf(found), Integer.toHexString(c));
            assertEquals(
                    String.format("control character U+%04X at byte 2", c),
                    found.get(0).reason());
            assertEquals(value.length, found.get(0).size());
        }
        // The neighbours of the control ranges are printable.
        for (int c : new int[] {0x20, 0x7e, 0xa0}) {
            assertEquals(List.of(), CHECK.findings(record("F", ("ab" + (char) c).getBytes(StandardCharsets.UTF_8))));
        }
    }

    @Test
    void invalidUtf8AndNoncharactersAreBytes() {
        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("invalid UTF-8 byte 0xFF at byte 1", bytes('a', 0xff));
        cases.put("invalid UTF-8 byte 0x80 at byte 1", bytes('a', 0x80));
        cases.put("incomplete UTF-8 sequence at byte 1", bytes('a', 0xe2, 0x82));
        cases.put("incomplete UTF-8 sequence at byte 0", bytes(0xc3, 'a'));
        cases.put("overlong UTF-8 for U+002F at byte 1", bytes('a', 0xc0, 0xaf));
        cases.put("surrogate U+D800 at byte 0", bytes(0xed, 0xa0, 0x80));
        cases.put("code point 0x110000 beyond U+10FFFF at byte 0", bytes(0xf4, 0x90, 0x80, 0x80));
        cases.put("noncharacter U+FFFE at byte 0", "\ufffe".getBytes(StandardCharsets.UTF_8));
        cases.put("noncharacter U+FDD0 at byte 0", "\ufdd0".getBytes(StandardCharsets.UTF_8));
        cases.put("noncharacter U+10FFFF at byte 0", bytes(0xf4, 0x8f, 0xbf, 0xbf));
        cases.forEach((reason, value) -> assertEquals(
                List.of(new CollectorFinding("F", NOT_PRINTABLE, value.length, reason)),
                CHECK.findings(record("F", value)),
                reason));
        // Just inside: U+FDCF and U+FDF0 are ordinary characters.
        assertEquals(List.of(), CHECK.findings(record("F", "\ufdcf\ufdf0".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aRepeatedFieldIsAnArrayAndEachValueIsCheckedOnItsOwn() {
        Map<String, List<byte[]>> fields = new LinkedHashMap<>();
        fields.put("TAG", List.of(utf8("ok"), utf8("a\u001bb"), text(4100)));
        List<CollectorFinding> found = CHECK.findings(new JournalRecord(fields, false));
        assertEquals(kinds(REPEATED, NOT_PRINTABLE, TOO_LONG), kindsOf(found));
        assertEquals(3, found.get(0).size());
        assertEquals(
                "value 2 of 3: control character U+001B at byte 1", found.get(1).reason());
    }

    @Test
    void aValueRepeatedWithTheSameBytesIsOneValue() {
        Map<String, List<byte[]>> fields = new LinkedHashMap<>();
        fields.put("TAG", List.of(utf8("v"), utf8("v")));
        fields.put("LONG", List.of(text(4100), text(4100)));
        assertEquals(
                List.of(new CollectorFinding("LONG", TOO_LONG, 4105, "LONG=value is 4105 bytes, null from 4096")),
                CHECK.findings(new JournalRecord(fields, false)));
    }

    @Test
    void journaldFieldsAreCheckedOnlyWhenAsked() {
        Map<String, List<byte[]>> fields = new LinkedHashMap<>();
        fields.put("_CMDLINE", List.of(text(5000)));
        fields.put("__CURSOR", List.of(utf8("s=1\u0001")));
        fields.put("MESSAGE", List.of(utf8("m")));
        JournalRecord r = new JournalRecord(fields, false);
        assertEquals(List.of(), CHECK.findings(r));
        assertEquals(
                kinds(TOO_LONG, NOT_PRINTABLE),
                kindsOf(CHECK.includingJournaldFields().findings(r)));
        assertEquals(
                kinds(NOT_PRINTABLE),
                kindsOf(CHECK.includingJournaldFields().ignoring("_CMDLINE").findings(r)));
    }

    @Test
    void ignoredFieldsAreSkippedAndTheCheckItselfIsUnchanged() {
        Map<String, List<byte[]>> fields = new LinkedHashMap<>();
        fields.put("IMAGE_PNG", List.of(bytes(0x89, 'P', 'N', 'G')));
        fields.put("CSV", List.of(utf8("a\rb")));
        JournalRecord r = new JournalRecord(fields, false);
        CollectorCheck ignoring = CHECK.ignoring("IMAGE_PNG");
        assertEquals(
                List.of("CSV"),
                ignoring.findings(r).stream().map(CollectorFinding::field).toList());
        assertEquals(2, CHECK.findings(r).size());
        ignoring.ignoring("CSV").assertSafe(r);
    }

    @Test
    void assertSafeListsEveryFindingOfEveryEntry() {
        JournalRecord clean = record("MESSAGE", utf8("fine"));
        JournalRecord bad =
                new JournalRecord(Map.of("MESSAGE", List.of(text(5000)), "DUP", List.of(utf8("1"), utf8("2"))), false);
        CHECK.assertSafe(clean, clean);
        AssertionError e = assertThrows(AssertionError.class, () -> CHECK.assertSafe(List.of(clean, bad)));
        String message = e.getMessage();
        assertTrue(message.startsWith("2 finding(s)"), message);
        assertTrue(message.contains("entry 2 of 2: MESSAGE: TOO_LONG (MESSAGE=value is 5008 bytes"), message);
        assertTrue(message.contains("entry 2 of 2: DUP: REPEATED (2 distinct values (2 sent))"), message);
        assertTrue(!message.contains("entry 1 of 2"), message);
    }

    private static JournalRecord record(String name, byte[] value) {
        Map<String, List<byte[]>> fields = new LinkedHashMap<>();
        fields.put(name, List.of(value));
        return new JournalRecord(fields, false);
    }

    private static byte[] text(int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static List<CollectorFinding.Kind> kinds(CollectorFinding.Kind... kinds) {
        return List.of(kinds);
    }

    private static List<CollectorFinding.Kind> kindsOf(List<CollectorFinding> findings) {
        List<CollectorFinding.Kind> out = new ArrayList<>();
        findings.forEach(f -> out.add(f.kind()));
        return out;
    }
}
