package io.github.systemd4j.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Predicts, field by field, what a log collector that reads {@code journalctl -o json} without
 * {@code --all} would get instead of a plain string, and asserts that it gets strings only. The
 * OpenTelemetry Collector's journald receiver reads the journal that way by default, and so did
 * Filebeat before mid-2025; such a collector loses long values and receives non-printable ones as
 * numbers.
 *
 * <pre>{@code
 * JournalRecord entry = journald.awaitRecords(1, Duration.ofSeconds(5)).get(0);
 * CollectorCheck.defaults().ignoring("IMAGE_PNG").assertSafe(entry);
 * }</pre>
 *
 * <p>The rules mirror systemd's JSON output ({@code src/shared/logs-show.c}, its {@code
 * JSON_THRESHOLD} of 4096, and {@code utf8_is_printable()} of {@code src/basic/utf8.c}); they were
 * measured with journald and journalctl of systemd 252 (Debian 12) and 257 (Debian 13), which print the
 * same; the testkit's {@code CollectorCheckIT} and {@code CollectorCheckTrixieIT} compare them with
 * the real journalctl of both on every build:
 *
 * <ul>
 *   <li>{@link CollectorFinding.Kind#TOO_LONG}, printed as {@code null}: when {@code NAME=value}, the
 *       name, the {@code =} and the value in bytes, is {@value #JSON_THRESHOLD} bytes or more. {@code
 *       MESSAGE} (7 bytes and {@code =}) keeps at most 4087 bytes of text; a value of 4095 bytes is
 *       {@code null} whatever its name. This is checked first: a long binary value is {@code null} too.
 *   <li>{@link CollectorFinding.Kind#NOT_PRINTABLE}, printed as an array of byte numbers: when the
 *       value is not valid UTF-8 (a stray continuation byte, a truncated or overlong sequence, a
 *       surrogate, above U+10FFFF), holds a Unicode noncharacter (U+FDD0–U+FDEF, U+xxFFFE, U+xxFFFF),
 *       or holds a control character: U+0000–U+001F except TAB and newline (so NUL, CR, ESC, vertical
 *       tab and form feed all count), DEL (U+007F) or a C1 control (U+0080–U+009F, such as NEL
 *       U+0085). TAB, newline, U+00A0, U+2028, U+200B, a byte order mark, emoji and an empty value are
 *       printed as strings.
 *   <li>{@link CollectorFinding.Kind#REPEATED}, printed as a JSON array of the values (each printed by
 *       the rules above): when a field has more than one distinct value. journald stores a value that
 *       repeats with the same bytes only once, so {@code TAG=a} twice is the string {@code "a"}; the
 *       order of the values in the array is journald's, not necessarily the order they were sent in.
 * </ul>
 *
 * <p>By default only the fields an application writes are checked: those not starting with {@code
 * _}. journald adds the others ({@code _PID}, {@code _CMDLINE}, …) to entries read from a {@link
 * RealJournald}, and journalctl adds {@code __CURSOR} and the timestamps; a JVM's {@code _CMDLINE}
 * with a long class path alone is often over the limit. {@link #includingJournaldFields()} checks
 * them too. Instances are immutable.
 *
 * @see <a href="https://systemd.io/JOURNAL_EXPORT_FORMATS/#journal-json-format">Journal JSON format</a>
 */
public final class CollectorCheck {
    /**
     * journalctl's limit: a field whose {@code NAME=value} has this many bytes or more is printed as
     * {@code null} without {@code --all}.
     */
    public static final int JSON_THRESHOLD = 4096;

    private static final CollectorCheck DEFAULTS = new CollectorCheck(Set.of(), false);

    private final Set<String> ignored;
    private final boolean journaldFields;

    private CollectorCheck(Set<String> ignored, boolean journaldFields) {
        this.ignored = ignored;
        this.journaldFields = journaldFields;
    }

    /**
     * The check of every field an application writes (names not starting with {@code _}), none
     * ignored.
     *
     * @return the default check
     */
    public static CollectorCheck defaults() {
        return DEFAULTS;
    }

    /**
     * A check that also skips the named fields, such as a deliberately binary one.
     *
     * @param fields field names, such as {@code "IMAGE_PNG"}
     * @return a new check; this one is unchanged
     */
    public CollectorCheck ignoring(String... fields) {
        Set<String> names = new TreeSet<>(ignored);
        names.addAll(Arrays.asList(fields));
        return new CollectorCheck(Set.copyOf(names), journaldFields);
    }

    /**
     * A check that also covers the fields journald and journalctl add (names starting with {@code
     * _}), still skipping the {@linkplain #ignoring(String...) ignored} ones.
     *
     * @return a new check; this one is unchanged
     */
    public CollectorCheck includingJournaldFields() {
        return new CollectorCheck(ignored, true);
    }

    /**
     * What a collector would not get as a string from one entry, in field order; for a repeated field,
     * its {@link CollectorFinding.Kind#REPEATED} finding and then those of its values.
     *
     * @param record the entry, from {@link FakeJournald}, {@link RealJournald} or {@link RealSystemd}
     * @return the findings, empty if every checked field is a string
     */
    public List<CollectorFinding> findings(JournalRecord record) {
        List<CollectorFinding> out = new ArrayList<>();
        record.fields().forEach((name, values) -> {
            if (ignored.contains(name) || (!journaldFields && name.startsWith("_"))) {
                return;
            }
            List<byte[]> distinct = distinct(values);
            if (distinct.size() > 1) {
                out.add(new CollectorFinding(
                        name,
                        CollectorFinding.Kind.REPEATED,
                        distinct.size(),
                        distinct.size() + " distinct values (" + values.size() + " sent)"));
            }
            for (int i = 0; i < distinct.size(); i++) {
                String which = distinct.size() > 1 ? "value " + (i + 1) + " of " + distinct.size() + ": " : "";
                byte[] value = distinct.get(i);
                long entrySize = name.getBytes(StandardCharsets.UTF_8).length + 1L + value.length;
                if (entrySize >= JSON_THRESHOLD) {
                    out.add(new CollectorFinding(
                            name,
                            CollectorFinding.Kind.TOO_LONG,
                            entrySize,
                            which + name + "=value is " + entrySize + " bytes, null from " + JSON_THRESHOLD));
                    continue;
                }
                String unprintable = unprintable(value);
                if (unprintable != null) {
                    out.add(new CollectorFinding(
                            name, CollectorFinding.Kind.NOT_PRINTABLE, value.length, which + unprintable));
                }
            }
        });
        return out;
    }

    /**
     * Asserts that a collector would get every checked field of every entry as a string.
     *
     * @param records the entries
     * @throws AssertionError listing every finding of every entry
     */
    public void assertSafe(JournalRecord... records) {
        assertSafe(Arrays.asList(records));
    }

    /**
     * Asserts that a collector would get every checked field of every entry as a string.
     *
     * @param records the entries
     * @throws AssertionError listing every finding of every entry
     */
    public void assertSafe(Collection<? extends JournalRecord> records) {
        List<String> lines = new ArrayList<>();
        int index = 0;
        for (JournalRecord record : records) {
            index++;
            for (CollectorFinding finding : findings(record)) {
                lines.add("entry " + index + " of " + records.size() + ": " + finding);
            }
        }
        if (!lines.isEmpty()) {
            throw new AssertionError(lines.size()
                    + " finding(s): a collector reading journalctl -o json without --all would not get these"
                    + " fields as strings:\n  " + String.join("\n  ", lines));
        }
    }

    /** The values without repeats of the same bytes, in first-seen order (journald stores each once). */
    private static List<byte[]> distinct(List<byte[]> values) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] v : values) {
            if (out.stream().noneMatch(seen -> Arrays.equals(seen, v))) {
                out.add(v);
            }
        }
        return out;
    }

    /**
     * Why journalctl would print the value as bytes, or null if it prints a string: strict UTF-8 with
     * no noncharacter and no control character but TAB and newline.
     */
    private static String unprintable(byte[] value) {
        int i = 0;
        while (i < value.length) {
            int lead = value[i] & 0xFF;
            int length;
            int cp;
            if (lead < 0x80) {
                length = 1;
                cp = lead;
            } else if ((lead & 0xE0) == 0xC0) {
                length = 2;
                cp = lead & 0x1F;
            } else if ((lead & 0xF0) == 0xE0) {
                length = 3;
                cp = lead & 0x0F;
            } else if ((lead & 0xF8) == 0xF0) {
                length = 4;
                cp = lead & 0x07;
            } else {
                return String.format(Locale.ROOT, "invalid UTF-8 byte 0x%02X at byte %d", lead, i);
            }
            if (i + length > value.length) {
                return "incomplete UTF-8 sequence at byte " + i;
            }
            for (int k = 1; k < length; k++) {
                int next = value[i + k] & 0xFF;
                if ((next & 0xC0) != 0x80) {
                    return "incomplete UTF-8 sequence at byte " + i;
                }
                cp = (cp << 6) | (next & 0x3F);
            }
            if (length != encodedLength(cp)) {
                return String.format(Locale.ROOT, "overlong UTF-8 for U+%04X at byte %d", cp, i);
            }
            if (cp > 0x10FFFF) {
                return String.format(Locale.ROOT, "code point 0x%X beyond U+10FFFF at byte %d", cp, i);
            }
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                return String.format(Locale.ROOT, "surrogate U+%04X at byte %d", cp, i);
            }
            if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) {
                return String.format(Locale.ROOT, "noncharacter U+%04X at byte %d", cp, i);
            }
            if ((cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F)) {
                return String.format(Locale.ROOT, "control character U+%04X at byte %d", cp, i);
            }
            i += length;
        }
        return null;
    }

    private static int encodedLength(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }
}
