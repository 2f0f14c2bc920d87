package io.github.systemd4j.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One journal entry, encoded in the native protocol as fields are added: straight into a reusable
 * byte buffer, UTF-8 without an intermediate {@code String} or {@code byte[]} per field.
 *
 * <h2>Wire format</h2>
 *
 * A value without a newline is written {@code NAME=value\n}. A value containing a newline is written
 * in the length-framed form {@code NAME\n}, 64-bit little-endian length, value, {@code \n}. Every
 * byte is kept exactly: NUL bytes, leading and trailing whitespace, characters outside the BMP.
 * Unpaired surrogates in a {@link CharSequence} (which have no UTF-8 encoding) become U+FFFD.
 *
 * <h2>Limits</h2>
 *
 * journald drops a whole entry, silently, if it has more than 1024 fields or exceeds its size limit.
 * An entry therefore never grows beyond its {@linkplain JournalClient.Builder#maxEntrySize maximum
 * size} or 1024 fields. A value that does not fit is cut (at a character boundary) and the entry gets
 * {@code JOURNAL_TRUNCATED=<name of the cut field>}; fields that do not fit at all are left out and
 * counted in {@code JOURNAL_DROPPED_FIELDS=<n>}. The last four field slots are kept for {@code
 * MESSAGE}, {@code EXCEPTION}, {@code EXCEPTION_MESSAGE} and {@code STACK_TRACE}, so that an event with
 * thousands of context fields keeps its message. Room for these two markers and for the client's own
 * fields (syslog identifier, static fields) is reserved up front, so they are always written. A
 * field the entry writes itself under one of the client's names (its own {@code SYSLOG_IDENTIFIER},
 * say) replaces the client's: journald gets one value, the entry's. Add the
 * small, important fields first (priority, identifiers) and large ones (message, stack trace) last.
 *
 * <h2>Use</h2>
 *
 * Obtain an entry from {@link JournalClient#entry()}, add fields, and pass it to {@link
 * JournalClient#send}. Not thread-safe; an entry belongs to one thread at a time.
 *
 * @see <a href="https://systemd.io/JOURNAL_NATIVE_PROTOCOL/">Native Journal Protocol</a>
 */
public final class JournalEntry {
    /** Most fields journald accepts in one entry (it drops the entry when more than 1024 arrive). */
    public static final int MAX_FIELDS = 1024;

    /** Default maximum encoded size: below half of journald's 770 MiB, its limit for unsealed files. */
    public static final int DEFAULT_MAX_SIZE = 384 * 1024 * 1024;

    static final int DEFAULT_INITIAL_CAPACITY = 1024;
    static final int DEFAULT_RETAINED_CAPACITY = 64 * 1024;

    /** Room kept for {@code JOURNAL_TRUNCATED=<64-byte name>\n} and {@code JOURNAL_DROPPED_FIELDS=<n>\n}. */
    static final int MARKER_RESERVE = 128;

    private static final int MARKER_FIELDS = 2;
    /**
     * The fields an event's text goes into: the last field slots are kept for them, so that an entry
     * with thousands of context fields still has its message.
     */
    private static final Set<FieldName> MESSAGE_FIELDS = Set.of(
            JournalFields.MESSAGE, JournalFields.EXCEPTION, JournalFields.EXCEPTION_MESSAGE, JournalFields.STACK_TRACE);

    /** A value may switch to the length-framed form (+8 bytes) and ends with a newline (+1). */
    private static final int VALUE_OVERHEAD = 9;

    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    /** Characters encoded per chunk: large enough to amortise the copy, small enough to keep per thread. */
    private static final int CHAR_CHUNK = 512;

    private final int maxSize;
    private final int initialCapacity;
    private final int retainedCapacity;
    private final ClientFields clientFields;
    /** Per name of {@link #clientFields}: whether this entry wrote a field of that name itself. */
    private final boolean[] replaced;

    private boolean anyReplaced;
    private final int contentLimit;
    private final int fieldLimit;

    private byte[] buf;
    private final char[] chars = new char[CHAR_CHUNK];
    private ByteBuffer view;
    private int pos;
    private int fields;
    private boolean exhausted;
    private FieldName truncatedField;
    private int droppedFields;
    private boolean finished;
    boolean inUse;

    /** An entry with the default limits and no client fields, for encoding without a client. */
    public JournalEntry() {
        this(DEFAULT_MAX_SIZE, DEFAULT_INITIAL_CAPACITY, DEFAULT_RETAINED_CAPACITY, ClientFields.NONE);
    }

    JournalEntry(int maxSize, int initialCapacity, int retainedCapacity, ClientFields clientFields) {
        if (maxSize < clientFields.size() + MARKER_RESERVE + 64) {
            throw new IllegalArgumentException("maximum entry size " + maxSize + " leaves no room for fields");
        }
        this.maxSize = maxSize;
        this.initialCapacity = Math.min(initialCapacity, maxSize);
        this.retainedCapacity = Math.max(retainedCapacity, this.initialCapacity);
        this.clientFields = clientFields;
        this.replaced = new boolean[clientFields.distinctNames()];
        this.contentLimit = maxSize - clientFields.size() - MARKER_RESERVE;
        this.fieldLimit = MAX_FIELDS - clientFields.fieldCount(null) - MARKER_FIELDS;
        this.buf = new byte[this.initialCapacity];
    }

    /**
     * Adds {@code MESSAGE}.
     *
     * @param message the message, any characters
     * @return this entry
     */
    public JournalEntry message(CharSequence message) {
        return add(JournalFields.MESSAGE, message);
    }

    /**
     * Adds {@code PRIORITY}.
     *
     * @param priority 0 (emerg) to 7 (debug)
     * @return this entry
     * @throws IllegalArgumentException if out of range: journald only honours a single digit 0-7
     */
    public JournalEntry priority(int priority) {
        if (priority < 0 || priority > 7) {
            throw new IllegalArgumentException("syslog priority must be 0..7: " + priority);
        }
        return add(JournalFields.PRIORITY, priority);
    }

    /**
     * Adds a field under a user-supplied key, sanitised by {@link FieldNames#forKey(String)}.
     *
     * @param key any key, such as an MDC key
     * @param value the value
     * @return this entry
     */
    public JournalEntry add(String key, CharSequence value) {
        return add(FieldNames.forKey(key), value);
    }

    /**
     * Adds a text field.
     *
     * @param name the field name
     * @param value the value; {@code null} is written as an empty value
     * @return this entry
     */
    public JournalEntry add(FieldName name, CharSequence value) {
        if (!beginField(name, 0)) {
            return this;
        }
        int n = value == null ? 0 : value.length();
        int valueStart = pos;
        boolean framed = false;
        int valueLimit = contentLimit - VALUE_OVERHEAD;
        // Characters are copied a chunk at a time into a reused char[] (String.getChars is an
        // intrinsic) and encoded from there on locals, with one room check per character: a
        // charAt call per character through the CharSequence interface cost half the time.
        char[] chunk = chars;
        byte[] b = buf;
        int p = pos;
        int room = Math.min(b.length, valueLimit);
        int i = 0;
        outer:
        while (i < n) {
            int base = i;
            int end = Math.min(n, base + chunk.length);
            copyChars(value, base, end, chunk);
            while (i < end) {
                // The common case: a run of ASCII without a newline, one byte per character, as far
                // as the room allows; everything else takes the general path one character at a time.
                int run = Math.min(end - i, room - p);
                int off = i - base;
                int k = 0;
                for (; k < run; k++) {
                    char a = chunk[off + k];
                    if (a >= 0x80 || a == '\n') {
                        break;
                    }
                    b[p + k] = (byte) a;
                }
                p += k;
                i += k;
                if (i >= end) {
                    break;
                }
                char c = chunk[i - base];
                if (p + 4 > room) {
                    int needed = c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isHighSurrogate(c) ? 4 : 3;
                    if (p + needed > valueLimit) {
                        truncated(name);
                        break outer;
                    }
                    pos = p;
                    // Grow for the rest of the value at once (capped by the limit), not 4 bytes at a time.
                    ensure((int) Math.min((long) p + n - i + 16, (long) valueLimit + 16));
                    b = buf;
                    room = Math.min(b.length, valueLimit);
                }
                if (c < 0x80) {
                    if (c == '\n' && !framed) {
                        pos = p;
                        valueStart = switchToLengthFraming(valueStart);
                        framed = true;
                        b = buf;
                        p = pos;
                        room = Math.min(b.length, valueLimit);
                        continue; // the newline goes through the room check again
                    }
                    b[p++] = (byte) c;
                } else if (c < 0x800) {
                    b[p++] = (byte) (0xC0 | (c >> 6));
                    b[p++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isSurrogate(c)) {
                    char low = i + 1 < end ? chunk[i + 1 - base] : i + 1 < n ? value.charAt(i + 1) : 0;
                    if (Character.isHighSurrogate(c) && Character.isLowSurrogate(low)) {
                        int cp = Character.toCodePoint(c, low);
                        b[p++] = (byte) (0xF0 | (cp >> 18));
                        b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                        b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                        b[p++] = (byte) (0x80 | (cp & 0x3F));
                        i += 2; // a pair across the chunk's end skips the next chunk's first char
                        continue;
                    }
                    // An unpaired surrogate has no UTF-8 form; U+FFFD says a character was lost.
                    b[p++] = REPLACEMENT[0];
                    b[p++] = REPLACEMENT[1];
                    b[p++] = REPLACEMENT[2];
                } else {
                    b[p++] = (byte) (0xE0 | (c >> 12));
                    b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    b[p++] = (byte) (0x80 | (c & 0x3F));
                }
                i++;
            }
        }
        pos = p;
        endField(valueStart, framed);
        return this;
    }

    private static void copyChars(CharSequence value, int from, int to, char[] into) {
        if (value instanceof String) {
            ((String) value).getChars(from, to, into, 0);
        } else if (value instanceof StringBuilder) {
            ((StringBuilder) value).getChars(from, to, into, 0);
        } else {
            for (int i = from; i < to; i++) {
                into[i - from] = value.charAt(i);
            }
        }
    }

    /**
     * Adds a field with raw bytes, for values that are not text. Any byte is kept.
     *
     * @param name the field name
     * @param value the bytes
     * @return this entry
     */
    public JournalEntry add(FieldName name, byte[] value) {
        if (!beginField(name, 0)) {
            return this;
        }
        int length = value.length;
        int available = contentLimit - VALUE_OVERHEAD - pos;
        if (length > available) {
            length = Math.max(available, 0);
            truncated(name);
        }
        boolean framed = indexOfNewline(value, length) >= 0;
        int valueStart = pos;
        if (framed) {
            valueStart = switchToLengthFraming(valueStart);
        }
        ensure(pos + length + 1);
        System.arraycopy(value, 0, buf, pos, length);
        pos += length;
        endField(valueStart, framed);
        return this;
    }

    /**
     * Adds a decimal number, such as {@code CODE_LINE} or {@code TID}.
     *
     * @param name the field name
     * @param value the number
     * @return this entry
     */
    public JournalEntry add(FieldName name, long value) {
        if (!beginField(name, 20)) {
            return this;
        }
        int valueStart = pos;
        ensure(pos + 21);
        if (value == Long.MIN_VALUE) {
            byte[] min = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(min, 0, buf, pos, min.length);
            pos += min.length;
        } else {
            if (value < 0) {
                buf[pos++] = '-';
                value = -value;
            }
            int digits = 1;
            for (long v = value; v >= 10; v /= 10) {
                digits++;
            }
            for (int i = pos + digits - 1; i >= pos; i--) {
                buf[i] = (byte) ('0' + (value % 10));
                value /= 10;
            }
            pos += digits;
        }
        endField(valueStart, false);
        return this;
    }

    /**
     * Writes {@code NAME=} if the field, with at least {@code minValue} value bytes, fits; counts it
     * as dropped otherwise.
     */
    private boolean beginField(FieldName name, int minValue) {
        if (finished) {
            throw new IllegalStateException("entry already encoded for sending; clear() it first");
        }
        byte[] nameBytes = name.bytes();
        if (exhausted
                || (fields >= fieldLimit - MESSAGE_FIELDS.size()
                        && (fields >= fieldLimit || !MESSAGE_FIELDS.contains(name)))
                || pos + nameBytes.length + 1 + minValue + VALUE_OVERHEAD > contentLimit) {
            droppedFields++;
            return false;
        }
        ensure(pos + nameBytes.length + 1 + VALUE_OVERHEAD);
        System.arraycopy(nameBytes, 0, buf, pos, nameBytes.length);
        pos += nameBytes.length;
        buf[pos++] = '=';
        fields++;
        if (replaced.length > 0) {
            int client = clientFields.indexOf(name);
            if (client >= 0) {
                replaced[client] = true;
                anyReplaced = true;
            }
        }
        return true;
    }

    /**
     * Turns {@code NAME=<value so far>} into {@code NAME\n<8-byte length><value so far>}: the value
     * has turned out to contain a newline. Returns the new start of the value.
     */
    private int switchToLengthFraming(int valueStart) {
        ensure(pos + 8 + 4);
        System.arraycopy(buf, valueStart, buf, valueStart + 8, pos - valueStart);
        buf[valueStart - 1] = '\n';
        pos += 8;
        return valueStart + 8;
    }

    private void endField(int valueStart, boolean framed) {
        if (framed) {
            long length = pos - valueStart;
            for (int i = 0; i < 8; i++) {
                buf[valueStart - 8 + i] = (byte) (length >>> (8 * i));
            }
        }
        ensure(pos + 1);
        buf[pos++] = '\n';
    }

    private void truncated(FieldName name) {
        exhausted = true;
        if (truncatedField == null) {
            truncatedField = name;
        }
    }

    private static int indexOfNewline(byte[] value, int length) {
        for (int i = 0; i < length; i++) {
            if (value[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void ensure(int capacity) {
        if (capacity > buf.length) {
            // Leave room for what finish() appends, so that a large entry grows once, not twice.
            long wanted = (long) capacity + clientFields.size() + MARKER_RESERVE;
            long grown = Math.max(wanted, Math.min((long) buf.length * 2, (long) maxSize + 64));
            byte[] bigger = new byte[(int) Math.min(grown, Integer.MAX_VALUE - 8)];
            System.arraycopy(buf, 0, bigger, 0, pos);
            buf = bigger;
            view = null;
        }
    }

    /**
     * Appends the client's own fields and the truncation markers. Idempotent.
     *
     * @return the encoded size in bytes
     */
    int finish() {
        if (!finished) {
            finished = true;
            ensure(pos + clientFields.size() + MARKER_RESERVE);
            boolean[] own = anyReplaced ? replaced : null;
            fields += clientFields.fieldCount(own);
            pos = clientFields.appendTo(buf, pos, own);
            if (truncatedField != null) {
                writeMarker(JournalFields.JOURNAL_TRUNCATED, truncatedField.bytes());
            }
            if (droppedFields > 0) {
                writeMarker(
                        JournalFields.JOURNAL_DROPPED_FIELDS,
                        Integer.toString(droppedFields).getBytes(StandardCharsets.US_ASCII));
            }
        }
        return pos;
    }

    private void writeMarker(FieldName name, byte[] value) {
        byte[] nameBytes = name.bytes();
        System.arraycopy(nameBytes, 0, buf, pos, nameBytes.length);
        pos += nameBytes.length;
        buf[pos++] = '=';
        System.arraycopy(value, 0, buf, pos, value.length);
        pos += value.length;
        buf[pos++] = '\n';
        fields++;
    }

    /** The encoded bytes after {@link #finish()}, as a reused buffer view: position 0, limit = size. */
    ByteBuffer encoded() {
        if (view == null) {
            view = ByteBuffer.wrap(buf);
        }
        view.clear().limit(pos);
        return view;
    }

    /**
     * The complete encoded entry, as it goes on the wire (client fields and markers included).
     * Finishes the entry: no fields can be added until {@link #clear()}.
     *
     * @return a copy of the bytes
     */
    public byte[] toByteArray() {
        finish();
        byte[] copy = new byte[pos];
        System.arraycopy(buf, 0, copy, 0, pos);
        return copy;
    }

    /**
     * Fields written so far (client fields and markers are counted once finished).
     *
     * @return the count
     */
    public int fieldCount() {
        return fields;
    }

    /**
     * Bytes written so far.
     *
     * @return the size
     */
    public int size() {
        return pos;
    }

    /**
     * Whether a value was cut or fields were left out to respect the limits.
     *
     * @return true if the entry carries (or will carry) a truncation marker
     */
    public boolean isTruncated() {
        return truncatedField != null || droppedFields > 0;
    }

    /**
     * Fields left out because no room was left.
     *
     * @return the count
     */
    public int droppedFields() {
        return droppedFields;
    }

    /**
     * Decodes the fields written so far, in order, as journald will read them (for output elsewhere
     * than the journal, and tests; allocates). The client's fields and the truncation markers are
     * included once the entry is finished.
     *
     * @param visitor receives each field's name and value bytes
     */
    public void forEachField(BiConsumer<String, byte[]> visitor) {
        int p = 0;
        while (p < pos) {
            int nameEnd = p;
            while (buf[nameEnd] != '=' && buf[nameEnd] != '\n') {
                nameEnd++;
            }
            String name = new String(buf, p, nameEnd - p, StandardCharsets.US_ASCII);
            if (buf[nameEnd] == '=') {
                int end = nameEnd + 1;
                while (buf[end] != '\n') {
                    end++;
                }
                visitor.accept(name, Arrays.copyOfRange(buf, nameEnd + 1, end));
                p = end + 1;
            } else {
                long length = 0;
                for (int i = 0; i < 8; i++) {
                    length |= (buf[nameEnd + 1 + i] & 0xFFL) << (8 * i);
                }
                int start = nameEnd + 9;
                visitor.accept(name, Arrays.copyOfRange(buf, start, start + (int) length));
                p = start + (int) length + 1;
            }
        }
    }

    /** The current buffer capacity, for tests of buffer trimming. */
    int capacity() {
        return buf.length;
    }

    /**
     * The largest encoded size this entry may reach.
     *
     * @return bytes
     */
    public int maxSize() {
        return maxSize;
    }

    /**
     * Empties the entry for reuse, and gives an entry from {@link JournalClient#entry()} back to its
     * thread (as sending it does), so that an entry abandoned half-built is reused rather than replaced
     * on every later call. A buffer that grew beyond the retained capacity (64 KiB by default) after an
     * oversized entry is released.
     */
    public void clear() {
        inUse = false;
        if (buf.length > retainedCapacity) {
            buf = new byte[initialCapacity];
            view = null;
        }
        pos = 0;
        fields = 0;
        exhausted = false;
        truncatedField = null;
        droppedFields = 0;
        finished = false;
        if (anyReplaced) {
            Arrays.fill(replaced, false);
            anyReplaced = false;
        }
    }
}
