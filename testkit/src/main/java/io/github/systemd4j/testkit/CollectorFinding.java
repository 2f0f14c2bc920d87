package io.github.systemd4j.testkit;

import java.util.Objects;

/**
 * One field that a log collector reading {@code journalctl -o json} without {@code --all} would not
 * get as a plain JSON string, as found by {@link CollectorCheck}.
 */
public final class CollectorFinding {
    /** What journalctl prints instead of a string. */
    public enum Kind {
        /**
         * {@code null}: {@code NAME=value} is {@value CollectorCheck#JSON_THRESHOLD} bytes or more; the
         * value is lost to the collector.
         */
        TOO_LONG,
        /**
         * An array of byte numbers, such as {@code [97,27,98]}: the value is not valid UTF-8 or holds a
         * control character other than TAB and newline.
         */
        NOT_PRINTABLE,
        /**
         * A JSON array of values: the field has more than one distinct value; each value is printed by
         * the rules above and may be a finding of its own.
         */
        REPEATED
    }

    private final String field;
    private final Kind kind;
    private final long size;
    private final String reason;

    /**
     * Creates a finding.
     *
     * @param field the field name
     * @param kind what journalctl prints
     * @param size for {@link Kind#TOO_LONG} the bytes of {@code NAME=value}, for {@link
     *     Kind#NOT_PRINTABLE} the bytes of the value, for {@link Kind#REPEATED} the number of distinct
     *     values
     * @param reason why, for people: the offending byte or character and its offset, the size and the
     *     limit
     */
    public CollectorFinding(String field, Kind kind, long size, String reason) {
        this.field = Objects.requireNonNull(field, "field");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.size = size;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * The field name.
     *
     * @return the name, such as {@code MESSAGE}
     */
    public String field() {
        return field;
    }

    /**
     * What journalctl prints instead of a string.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The size that matters for the kind: bytes of {@code NAME=value} ({@link Kind#TOO_LONG}), bytes of
     * the value ({@link Kind#NOT_PRINTABLE}) or the number of distinct values ({@link Kind#REPEATED}).
     *
     * @return the size
     */
    public long size() {
        return size;
    }

    /**
     * Why, for people.
     *
     * @return the reason, such as {@code "control character U+001B at byte 3"}
     */
    public String reason() {
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CollectorFinding
                && field.equals(((CollectorFinding) o).field)
                && kind == ((CollectorFinding) o).kind
                && size == ((CollectorFinding) o).size
                && reason.equals(((CollectorFinding) o).reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(field, kind, size, reason);
    }

    /** Returns {@code FIELD: KIND (reason)}. */
    @Override
    public String toString() {
        return field + ": " + kind + " (" + reason + ")";
    }
}
