package io.github.systemd4j.journal.internal;

import io.github.systemd4j.journal.FieldName;
import io.github.systemd4j.journal.JournalEntry;
import io.github.systemd4j.journal.JournalFields;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collector-safe output ({@code collectorSafe=true}): rewrites an event's fields so that {@code
 * journalctl -o json} without {@code --all}, which collectors read, prints every one of them as one
 * JSON string. Measured with systemd 252 and 257:
 *
 * <ul>
 *   <li>a field whose {@code NAME=value} has {@value #JSON_FIELD_LIMIT} bytes or more is printed as
 *       {@code null};
 *   <li>a value with a C0 control character other than TAB and LF, DEL, a C1 control character
 *       (U+0080 to U+009F), a Unicode non-character (U+FDD0 to U+FDEF, U+xFFFE, U+xFFFF) or invalid
 *       UTF-8 is printed as an array of byte numbers;
 *   <li>a field written more than once is printed as an array of its distinct values.
 * </ul>
 *
 * The rewrite therefore writes each field once, its values joined with {@value #SEPARATOR} (equal
 * values once), escapes those characters as {@code \}{@code uXXXX} (per UTF-16 unit), and cuts a value
 * that is too long at a character boundary with the marker {@code [... N bytes cut]}. {@code
 * STACK_TRACE} is split instead: TABs become {@value #TAB_WIDTH} spaces, the text is cut beyond {@code
 * maxStackTraceSize} bytes with a last line {@code [... N bytes of the stack trace cut]}, and the rest
 * goes into {@code STACK_TRACE}, {@code STACK_TRACE_2}, {@code STACK_TRACE_3}, …, each ending after a
 * line break where one fits, so that the parts concatenated in order are the trace. A field named
 * {@code STACK_TRACE_<n>} from elsewhere (a context key) becomes {@code ESCAPED_STACK_TRACE_<n>}.
 * Costs a copy of the event's fields and some allocation per event. Immutable and thread-safe.
 */
public final class CollectorSafe {
    /**
     * The size of {@code NAME=value} in bytes from which {@code journalctl -o json} without {@code
     * --all} prints {@code null} (systemd's {@code JSON_THRESHOLD}, measured as {@code >=}).
     */
    public static final int JSON_FIELD_LIMIT = 4096;

    /** Joins the values of a field written more than once. */
    public static final String SEPARATOR = ",";

    /**
     * Spaces per TAB in {@code STACK_TRACE} (journalctl prints TAB as text; spaces make the frames line
     * up the same in every collector's UI).
     */
    public static final int TAB_WIDTH = 4;

    /** The default of {@code maxStackTraceSize}, in bytes. */
    public static final int DEFAULT_MAX_STACK_TRACE_SIZE = 64 * 1024;

    /** The smallest {@code maxStackTraceSize}: room for a few lines and the cut marker. */
    public static final int MIN_MAX_STACK_TRACE_SIZE = 1024;

    private static final String MESSAGE = JournalFields.MESSAGE.toString();
    private static final String STACK_TRACE = JournalFields.STACK_TRACE.toString();
    private static final String TRACE_PART_PREFIX = STACK_TRACE + "_";
    private static final String TAB_SPACES = " ".repeat(TAB_WIDTH);

    private final int maxStackTraceSize;

    /**
     * A rewrite.
     *
     * @param maxStackTraceSize the largest {@code STACK_TRACE} text in bytes, all parts together and
     *     the cut marker included; at least {@value #MIN_MAX_STACK_TRACE_SIZE}
     */
    public CollectorSafe(int maxStackTraceSize) {
        if (maxStackTraceSize < MIN_MAX_STACK_TRACE_SIZE) {
            throw new IllegalArgumentException("maxStackTraceSize must be at least " + MIN_MAX_STACK_TRACE_SIZE);
        }
        this.maxStackTraceSize = maxStackTraceSize;
    }

    /**
     * The longest value a field of this name may have for {@code journalctl -o json} to print it.
     *
     * @param name the field name
     * @return bytes
     */
    public static int maxValueBytes(String name) {
        return JSON_FIELD_LIMIT - 1 - (name.length() + 1);
    }

    /**
     * Writes the fields of {@code raw}, in the order of each name's first appearance, into {@code out}
     * as described above.
     *
     * @param raw the event's fields as the mapping wrote them
     * @param out the entry that is sent
     */
    void copy(JournalEntry raw, JournalEntry out) {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        raw.forEachField((name, bytes) -> {
            String key = isTracePart(name) ? "ESCAPED_" + name : name;
            List<String> values = byName.computeIfAbsent(key, k -> new ArrayList<>(1));
            String value = new String(bytes, StandardCharsets.UTF_8);
            if (!values.contains(value)) {
                values.add(value);
            }
        });
        for (Map.Entry<String, List<String>> field : byName.entrySet()) {
            String name = field.getKey();
            String value = String.join(SEPARATOR, field.getValue());
            if (name.equals(STACK_TRACE)) {
                writeTrace(value, out);
            } else {
                out.add(FieldName.of(name), cut(escape(value), maxValueBytes(name)));
            }
        }
    }

    /**
     * The static fields of a client ({@code fields}, {@code <field>}) made collector-safe the same
     * way: each name once, values joined, escaped and cut.
     *
     * @param fields name and value pairs, in order; a name may repeat
     * @return the pairs to configure instead
     */
    static List<String[]> staticFields(List<String[]> fields) {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        for (String[] field : fields) {
            List<String> values = byName.computeIfAbsent(field[0], k -> new ArrayList<>(1));
            if (!values.contains(field[1])) {
                values.add(field[1]);
            }
        }
        List<String[]> safe = new ArrayList<>(byName.size());
        byName.forEach((name, values) ->
                safe.add(new String[] {name, cut(escape(String.join(SEPARATOR, values)), maxValueBytes(name))}));
        return safe;
    }

    /**
     * {@code MESSAGE} for an event with a throwable: the message, a line break and the throwable's
     * first line, escaped; a message too long for both is cut before the line, so that the line stays
     * (itself cut to half the field if it is that long).
     *
     * @param message the message, possibly empty
     * @param firstLine the trace's first line ({@code class: message})
     * @return the value, which {@link #copy} leaves as it is
     */
    static String messageWithFirstLine(CharSequence message, CharSequence firstLine) {
        int limit = maxValueBytes(MESSAGE);
        String line = cut(escape(firstLine.toString()), limit / 2);
        if (message.length() == 0) {
            return line;
        }
        // Escaping is idempotent (its output prints), so copy() finds this short enough and clean.
        String head = cut(escape(message.toString()), limit - utf8Length(line, line.length()) - 1);
        return head + "\n" + line;
    }

    private static boolean isTracePart(String name) {
        if (!name.startsWith(TRACE_PART_PREFIX) || name.length() == TRACE_PART_PREFIX.length()) {
            return false;
        }
        for (int i = TRACE_PART_PREFIX.length(); i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Whether journalctl prints a value with this code point as bytes (see the class comment). */
    static boolean unprintable(int cp) {
        return (cp < 0x20 && cp != '\t' && cp != '\n')
                || (cp >= 0x7F && cp <= 0x9F)
                || (cp >= 0xFDD0 && cp <= 0xFDEF)
                || (cp & 0xFFFE) == 0xFFFE;
    }

    /**
     * A value with every character that makes journalctl print bytes written as {@code \}{@code
     * uXXXX}, one per UTF-16 unit: ESC becomes {@code \}{@code u001b}. A lone surrogate is left: the
     * entry stores it as U+FFFD, which prints.
     *
     * @param value the text
     * @return the text, the same object when nothing needs escaping
     */
    static String escape(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            int units = Character.charCount(cp);
            if (unprintable(cp)) {
                if (out == null) {
                    out = new StringBuilder(value.length() + 16).append(value, 0, i);
                }
                for (int k = 0; k < units; k++) {
                    out.append(String.format("\\u%04x", (int) value.charAt(i + k)));
                }
            } else if (out != null) {
                out.append(value, i, i + units);
            }
            i += units;
        }
        return out == null ? value : out.toString();
    }

    /**
     * A value cut to {@code maxBytes} of UTF-8, at a character boundary, ending with {@code [... N
     * bytes cut]}, N the bytes of the value left out.
     *
     * @param value the text
     * @param maxBytes the most bytes of the result
     * @return the value itself when it fits
     */
    static String cut(String value, int maxBytes) {
        int total = utf8Length(value, value.length());
        if (total <= maxBytes) {
            return value;
        }
        // N has at most as many digits as the total: reserve that much, then the marker fits.
        int budget = maxBytes - marker(total).length();
        int end = prefixWithin(value, 0, budget);
        int kept = utf8Length(value, end);
        return value.substring(0, end) + marker(total - kept);
    }

    private static String marker(int cutBytes) {
        return " [... " + cutBytes + " bytes cut]";
    }

    private void writeTrace(String trace, JournalEntry out) {
        String text = escape(trace.replace("\t", TAB_SPACES));
        int total = utf8Length(text, text.length());
        if (total > maxStackTraceSize) {
            String marker = traceMarker(total);
            int end = prefixWithin(text, 0, maxStackTraceSize - marker.length() - 1);
            int lineEnd = text.lastIndexOf('\n', end - 1);
            if (lineEnd > 0) {
                end = lineEnd; // whole lines where there are any
            }
            int kept = utf8Length(text, end);
            text = text.substring(0, end) + "\n" + traceMarker(total - kept);
        }
        int start = 0;
        for (int part = 1; start < text.length(); part++) {
            String name = part == 1 ? STACK_TRACE : TRACE_PART_PREFIX + part;
            int end = prefixWithin(text, start, maxValueBytes(name));
            if (end < text.length()) {
                int lineEnd = text.lastIndexOf('\n', end - 1);
                if (lineEnd >= start) {
                    end = lineEnd + 1; // the part ends with its line break
                }
            }
            out.add(FieldName.of(name), text.substring(start, end));
            start = end;
        }
    }

    private static String traceMarker(int cutBytes) {
        return "[... " + cutBytes + " bytes of the stack trace cut]";
    }

    /** The end of the longest run from {@code start} of at most {@code maxBytes} UTF-8, pairs kept whole. */
    private static int prefixWithin(String value, int start, int maxBytes) {
        int bytes = 0;
        int i = start;
        while (i < value.length()) {
            int cp = value.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > maxBytes) {
                break;
            }
            bytes += n;
            i += Character.charCount(cp);
        }
        return i;
    }

    /** UTF-8 bytes of the first {@code end} chars; a lone surrogate counts as U+FFFD's three. */
    static int utf8Length(String value, int end) {
        int bytes = 0;
        for (int i = 0; i < end; ) {
            int cp = value.codePointAt(i);
            bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            i += Character.charCount(cp);
        }
        return bytes;
    }
}
