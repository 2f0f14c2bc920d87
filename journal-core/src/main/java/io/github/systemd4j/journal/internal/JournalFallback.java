package io.github.systemd4j.journal.internal;

import io.github.systemd4j.journal.JournalEntry;
import io.github.systemd4j.journal.JournalStream;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where an entry goes when journald cannot take it (no journal socket on a developer's laptop or in
 * a container, journald down, the transport unusable). Adapters expose it as the {@code fallback}
 * property: {@code stderr} (default), {@code json} or {@code none}.
 *
 * <ul>
 *   <li>{@link #STDERR}: one readable line per entry on standard error, {@code 2026-11-22
 *       10:15:30.123 WARN [main] com.example.Billing - message}, continuation lines indented. When
 *       stderr is itself connected to the journal ({@link JournalStream}), each line is written with a
 *       {@code <N>} priority prefix instead, so journald's stream reader keeps the priority.
 *   <li>{@link #JSON}: one JSON object per line on standard output, with the same field names as in
 *       the journal plus {@code __REALTIME_TIMESTAMP} (microseconds), as {@code journalctl -o json}
 *       prints them: a repeated field becomes an array, a value that is not UTF-8 an array of bytes.
 *   <li>{@link #NONE}: nothing; the entry is counted as dropped.
 * </ul>
 */
public enum JournalFallback {
    /** Readable lines on standard error. */
    STDERR,
    /** JSON objects on standard output. */
    JSON,
    /** Drop. */
    NONE;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneId.systemDefault());
    private static final String[] LEVELS = {"EMERG", "ALERT", "CRIT", "ERROR", "WARN", "NOTICE", "INFO", "DEBUG"};

    /**
     * Parses a configuration value.
     *
     * @param value {@code stderr}, {@code json} or {@code none}, any case
     * @return the fallback
     * @throws IllegalArgumentException for anything else
     */
    public static JournalFallback parse(String value) {
        if (value != null) {
            for (JournalFallback f : values()) {
                if (f.name().equalsIgnoreCase(value.strip())) {
                    return f;
                }
            }
        }
        throw new IllegalArgumentException("fallback must be stderr, json or none: " + value);
    }

    /**
     * Writes a finished entry in this format.
     *
     * @param entry the entry, as it would have been sent
     * @param out standard error for {@link #STDERR}, standard output for {@link #JSON}
     * @param journalStream whether {@code out} is connected to the journal (STDERR only)
     */
    void write(JournalEntry entry, PrintStream out, boolean journalStream) {
        if (this == NONE) {
            return;
        }
        Map<String, List<byte[]>> fields = new LinkedHashMap<>();
        entry.forEachField((name, value) ->
                fields.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value));
        String line = this == JSON ? json(fields) : readable(fields, journalStream);
        // One print call per entry, so concurrent entries do not interleave within a line.
        out.print(line);
        out.flush();
    }

    private static String text(Map<String, List<byte[]>> fields, String name) {
        List<byte[]> values = fields.get(name);
        return values == null ? null : new String(values.get(0), StandardCharsets.UTF_8);
    }

    private static String readable(Map<String, List<byte[]>> fields, boolean journalStream) {
        String message = text(fields, "MESSAGE");
        message = message == null ? "" : message;
        String priority = text(fields, "PRIORITY");
        int p = priority != null && priority.length() == 1 && priority.charAt(0) >= '0' && priority.charAt(0) <= '7'
                ? priority.charAt(0) - '0'
                : 6;
        StringBuilder s = new StringBuilder(message.length() + 96);
        if (journalStream) {
            for (String line : message.split("\n", -1)) {
                s.append('<').append(p).append('>').append(line).append('\n');
            }
            return s.toString();
        }
        s.append(TIME.format(Instant.now())).append(' ').append(LEVELS[p]);
        String thread = text(fields, "THREAD_NAME");
        if (thread != null) {
            s.append(" [").append(thread).append(']');
        }
        String logger = text(fields, "LOGGER");
        s.append(' ').append(logger != null ? logger : String.valueOf(text(fields, "SYSLOG_IDENTIFIER")));
        s.append(" - ").append(message.replace("\n", "\n\t")).append('\n');
        return s.toString();
    }

    private static String json(Map<String, List<byte[]>> fields) {
        StringBuilder s = new StringBuilder(256);
        long micros = Instant.now().toEpochMilli() * 1000;
        s.append("{\"__REALTIME_TIMESTAMP\":\"").append(micros).append('"');
        fields.forEach((name, values) -> {
            s.append(",\"").append(name).append("\":");
            if (values.size() == 1) {
                jsonValue(s, values.get(0));
            } else {
                s.append('[');
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) {
                        s.append(',');
                    }
                    jsonValue(s, values.get(i));
                }
                s.append(']');
            }
        });
        return s.append("}\n").toString();
    }

    private static void jsonValue(StringBuilder s, byte[] value) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException notText) {
            s.append('[');
            for (int i = 0; i < value.length; i++) {
                s.append(i > 0 ? "," : "").append(value[i] & 0xFF);
            }
            s.append(']');
            return;
        }
        JsonText.appendString(s, text);
    }
}
