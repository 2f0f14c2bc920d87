package io.github.systemd4j.journal;

import java.nio.charset.StandardCharsets;

/**
 * A journal field name that journald accepts: 1 to 64 characters from {@code A-Z}, {@code 0-9} and
 * {@code _}, not starting with a digit or {@code _}. Holds the encoded bytes so that writing it
 * costs one array copy.
 *
 * <p>Create constants with {@link #of(String)} (which rejects invalid names) and turn arbitrary keys
 * into names with {@link FieldNames#forKey(String)}.
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/systemd.journal-fields.html">systemd.journal-fields(7)</a>
 */
public final class FieldName {
    private final String name;
    private final byte[] bytes;

    private FieldName(String name) {
        this.name = name;
        this.bytes = name.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A name that is already valid.
     *
     * @param name the field name
     * @return the name
     * @throws IllegalArgumentException if journald would drop a field of that name
     */
    public static FieldName of(String name) {
        String problem = FieldNames.problem(name);
        if (problem != null) {
            throw new IllegalArgumentException("invalid journal field name \"" + name + "\": " + problem);
        }
        return new FieldName(name);
    }

    /** For names the sanitiser produced, which are valid by construction. */
    static FieldName trusted(String name) {
        return new FieldName(name);
    }

    byte[] bytes() {
        return bytes;
    }

    /**
     * The name's length in bytes.
     *
     * @return 1 to 64
     */
    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldName && ((FieldName) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    /** Returns the name. */
    @Override
    public String toString() {
        return name;
    }
}
