package io.github.systemd4j.testkit;

import static io.github.systemd4j.testkit.CollectorFinding.Kind.NOT_PRINTABLE;
import static io.github.systemd4j.testkit.CollectorFinding.Kind.REPEATED;
import static io.github.systemd4j.testkit.CollectorFinding.Kind.TOO_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.systemd4j.socket.DatagramSender;
import io.github.systemd4j.socket.SenderOptions;
import io.github.systemd4j.socket.UnixAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * CollectorCheck's predictions against the real thing: one entry with values at and around every
 * boundary goes to a real journald (the host's here, systemd 257 in {@link CollectorCheckTrixieIT}),
 * and what {@code journalctl -o json} without {@code --all} prints for each field must be what the
 * check predicted, for the entry as FakeJournald decoded it and as journald stored it.
 */
@ExtendWith(RealJournaldExtension.class)
class CollectorCheckIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void predictionsEqualWhatJournalctlPrintsWithoutAll(RealJournald journald, @TempDir Path dir) throws Exception {
        verify(
                dir,
                journald.socketPath(),
                id -> journald.await(1, WAIT, "TEST_ID=" + id).get(0),
                match ->
                        run("journalctl", "--namespace=" + journald.namespace(), "--output=json", "--no-pager", match));
    }

    /** Reads one entry back by its TEST_ID. */
    interface Reader {
        JournalRecord stored(String id) throws Exception;
    }

    /** Runs {@code journalctl -o json} without {@code --all}, as such a collector does, with a match. */
    interface JsonPrinter {
        byte[] printWithoutAll(String match) throws Exception;
    }

    /**
     * Sends the cases to FakeJournald and to a real journald's socket, and asserts that what
     * journalctl prints for each field is what the check predicts from both records.
     */
    static void verify(Path dir, String socket, Reader reader, JsonPrinter printer) throws Exception {
        Map<String, List<byte[]>> sent = cases();
        String id = UUID.randomUUID().toString().replace("-", "");
        byte[] wire = encode(id, sent);

        JournalRecord decoded;
        try (FakeJournald fake = FakeJournald.start(dir)) {
            send(fake.socketPath(), wire);
            decoded = fake.awaitRecords(1, WAIT).get(0);
        }
        send(socket, wire);
        JournalRecord stored = reader.stored(id);

        Map<String, List<CollectorFinding.Kind>> printed = shapes(printer.printWithoutAll("TEST_ID=" + id));
        // Every field sent is printed, so a field journald dropped cannot pass for a string.
        assertTrue(printed.keySet().containsAll(sent.keySet()), printed.keySet().toString());
        printed.keySet().retainAll(sent.keySet());
        assertEquals(printed, predicted(CollectorCheck.defaults().findings(decoded), sent), "from FakeJournald");
        assertEquals(printed, predicted(CollectorCheck.defaults().findings(stored), sent), "from journald");
        // The cases cover every kind, including a string-only field, so none of them can go unchecked.
        assertTrue(printed.containsValue(List.of())
                && printed.containsValue(List.of(TOO_LONG))
                && printed.containsValue(List.of(NOT_PRINTABLE))
                && printed.containsValue(List.of(REPEATED)));
    }

    /** Values at and around each boundary, by field name. */
    private static Map<String, List<byte[]>> cases() {
        Map<String, List<byte[]>> c = new LinkedHashMap<>();
        for (int total : new int[] {4095, 4096, 4097}) {
            String name = "TOTAL_" + total; // NAME=value of exactly this many bytes
            c.put(name, List.of(text(total - name.length() - 1)));
        }
        for (int length : new int[] {4095, 4096, 4097}) {
            c.put("VALUE_" + length, List.of(text(length))); // the value alone
        }
        c.put("MESSAGE", List.of(text(4087))); // the longest message that stays a string
        c.put("LONG_BINARY", List.of(withByte(text(5000), 0x1b)));
        c.put("TAB", List.of(utf8("a\tb")));
        c.put("NEWLINE", List.of(utf8("a\nb")));
        c.put("CR", List.of(utf8("a\rb")));
        c.put("ESC", List.of(utf8("a\u001bb")));
        c.put("DEL", List.of(utf8("a\u007fb")));
        c.put("NUL", List.of(bytes('a', 0, 'b')));
        c.put("C1_0080", List.of(utf8("a\u0080b")));
        c.put("C1_0085", List.of(utf8("a\u0085b")));
        c.put("C1_009F", List.of(utf8("a\u009fb")));
        c.put("NBSP", List.of(utf8("a\u00a0b")));
        c.put("LINE_SEPARATOR", List.of(utf8("a\u2028b")));
        c.put("EMOJI", List.of(utf8("a\ud83d\ude00b")));
        c.put("EMPTY", List.of(new byte[0]));
        c.put("INVALID_FF", List.of(bytes('a', 0xff, 'b')));
        c.put("STRAY_CONTINUATION", List.of(bytes('a', 0x80, 'b')));
        c.put("INCOMPLETE", List.of(bytes('a', 0xe2, 0x82)));
        c.put("OVERLONG", List.of(bytes('a', 0xc0, 0xaf, 'b')));
        c.put("SURROGATE", List.of(bytes('a', 0xed, 0xa0, 0x80, 'b')));
        c.put("NONCHARACTER", List.of(utf8("a\ufffeb")));
        c.put("NONCHARACTER_FDD0", List.of(utf8("a\ufdd0b")));
        c.put("REPEATED", List.of(utf8("1"), utf8("2")));
        c.put("REPEATED_MIXED", List.of(utf8("ok"), utf8("a\u001bb"), text(4100)));
        c.put("REPEATED_SAME", List.of(utf8("v"), utf8("v")));
        return c;
    }

    /** The check's findings as field to sorted kinds; fields without findings map to an empty list. */
    private static Map<String, List<CollectorFinding.Kind>> predicted(
            List<CollectorFinding> findings, Map<String, List<byte[]>> sent) {
        Map<String, List<CollectorFinding.Kind>> out = new TreeMap<>();
        sent.keySet().forEach(name -> out.put(name, new ArrayList<>()));
        findings.forEach(
                f -> out.computeIfAbsent(f.field(), k -> new ArrayList<>()).add(f.kind()));
        out.values().forEach(kinds -> kinds.sort(null));
        return out;
    }

    private static byte[] run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor(), new String(out, StandardCharsets.UTF_8));
        return out;
    }

    /** Maps each field of one printed entry to what journalctl printed instead of a string. */
    private static Map<String, List<CollectorFinding.Kind>> shapes(byte[] out) throws IOException {
        Map<String, List<CollectorFinding.Kind>> printed = new TreeMap<>();
        try (JsonParser parser = new JsonFactory().createParser(out)) {
            assertEquals(JsonToken.START_OBJECT, parser.nextToken());
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                List<CollectorFinding.Kind> kinds = new ArrayList<>();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_ARRAY) {
                    JsonToken first = parser.nextToken();
                    if (first == JsonToken.VALUE_NUMBER_INT) {
                        kinds.add(NOT_PRINTABLE);
                        skipBytes(parser, first);
                    } else {
                        kinds.add(REPEATED);
                        for (JsonToken t = first; t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                            single(parser, t, kinds);
                        }
                    }
                } else {
                    single(parser, value, kinds);
                }
                kinds.sort(null);
                printed.put(name, kinds);
            }
            assertNull(parser.nextToken(), "one entry");
        }
        return printed;
    }

    /** One value: a string (nothing to add), null, or an array of byte numbers. */
    private static void single(JsonParser parser, JsonToken t, List<CollectorFinding.Kind> kinds) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            kinds.add(TOO_LONG);
        } else if (t == JsonToken.START_ARRAY) {
            kinds.add(NOT_PRINTABLE);
            skipBytes(parser, parser.nextToken());
        } else {
            assertEquals(JsonToken.VALUE_STRING, t);
        }
    }

    /** Consumes byte numbers up to the closing bracket; the first is the current token. */
    private static void skipBytes(JsonParser parser, JsonToken first) throws IOException {
        for (JsonToken t = first; t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            assertEquals(JsonToken.VALUE_NUMBER_INT, t);
        }
    }

    /** The native protocol's binary framing for every field: NAME, newline, 64-bit length, value, newline. */
    private static byte[] encode(String id, Map<String, List<byte[]>> fields) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(utf8("TEST_ID=" + id + "\n"));
        fields.forEach((name, values) -> {
            for (byte[] v : values) {
                wire.writeBytes(utf8(name + "\n"));
                wire.writeBytes(ByteBuffer.allocate(8)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(v.length)
                        .array());
                wire.writeBytes(v);
                wire.write('\n');
            }
        });
        return wire.toByteArray();
    }

    private static void send(String socket, byte[] wire) throws IOException {
        try (DatagramSender sender = DatagramSender.open(UnixAddress.parse(socket), SenderOptions.defaults())) {
            sender.send(ByteBuffer.wrap(wire));
        }
    }

    private static byte[] text(int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    private static byte[] withByte(byte[] value, int b) {
        value[value.length / 2] = (byte) b;
        return value;
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
}
