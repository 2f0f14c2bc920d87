package io.github.systemd4j.journal;

import java.util.ArrayList;
import java.util.List;

/**
 * The fields a {@link JournalClient} appends to every entry ({@code SYSLOG_IDENTIFIER}, {@code
 * SYSLOG_FACILITY}, static fields), encoded once. A field the entry wrote itself replaces every value
 * the client has under that name, as libsystemd keeps the caller's {@code SYSLOG_IDENTIFIER} instead
 * of adding its own. Immutable.
 */
final class ClientFields {
    static final ClientFields NONE = new ClientFields(new byte[0], new FieldName[0], new int[0]);

    private final byte[] encoded;
    /** Per encoded field, in order: its name's index in {@link #names}, and where it ends. */
    private final int[] nameOfField;

    private final int[] fieldEnds;
    /** The distinct names. */
    private final FieldName[] names;
    /** Bit n set: a name of n bytes is among them (names have 1 to 64 bytes). */
    private final long nameLengths;

    private ClientFields(byte[] encoded, FieldName[] fieldNames, int[] fieldEnds) {
        this.encoded = encoded;
        this.fieldEnds = fieldEnds;
        List<FieldName> distinct = new ArrayList<>();
        this.nameOfField = new int[fieldNames.length];
        for (int i = 0; i < fieldNames.length; i++) {
            int index = distinct.indexOf(fieldNames[i]);
            if (index < 0) {
                index = distinct.size();
                distinct.add(fieldNames[i]);
            }
            nameOfField[i] = index;
        }
        this.names = distinct.toArray(new FieldName[0]);
        long lengths = 0;
        for (FieldName name : names) {
            lengths |= 1L << name.length();
        }
        this.nameLengths = lengths;
    }

    /** Encodes the fields, in order (a name may repeat). */
    static ClientFields of(List<FieldName> fieldNames, List<String> values) {
        JournalEntry entry = new JournalEntry();
        int[] ends = new int[fieldNames.size()];
        for (int i = 0; i < ends.length; i++) {
            entry.add(fieldNames.get(i), values.get(i));
            ends[i] = entry.size();
        }
        return new ClientFields(entry.toByteArray(), fieldNames.toArray(new FieldName[0]), ends);
    }

    int size() {
        return encoded.length;
    }

    int distinctNames() {
        return names.length;
    }

    /** The index of a name among the distinct names, or -1. Called for every field an entry writes. */
    int indexOf(FieldName name) {
        if ((nameLengths & (1L << name.length())) == 0) {
            return -1; // most fields: no client name has their length
        }
        int hash = name.hashCode();
        for (int i = 0; i < names.length; i++) {
            FieldName n = names[i];
            if (n == name || (n.hashCode() == hash && n.equals(name))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Copies the fields whose names the entry did not write itself.
     *
     * @param buf the entry's buffer, with room for all fields
     * @param pos where to write
     * @param replaced per distinct name, whether the entry wrote it; null when it wrote none
     * @return the position after the last byte written
     */
    int appendTo(byte[] buf, int pos, boolean[] replaced) {
        if (replaced == null) {
            System.arraycopy(encoded, 0, buf, pos, encoded.length);
            return pos + encoded.length;
        }
        int start = 0;
        for (int i = 0; i < fieldEnds.length; i++) {
            if (!replaced[nameOfField[i]]) {
                int length = fieldEnds[i] - start;
                System.arraycopy(encoded, start, buf, pos, length);
                pos += length;
            }
            start = fieldEnds[i];
        }
        return pos;
    }

    /** The number of fields {@link #appendTo} writes for the same {@code replaced}. */
    int fieldCount(boolean[] replaced) {
        if (replaced == null) {
            return fieldEnds.length;
        }
        int count = 0;
        for (int i = 0; i < fieldEnds.length; i++) {
            if (!replaced[nameOfField[i]]) {
                count++;
            }
        }
        return count;
    }
}
