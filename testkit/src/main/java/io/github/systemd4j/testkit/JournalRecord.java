package io.github.systemd4j.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One journal entry as received or read back: every field with all its values, byte-exact, in the
 * order they came. Fields may repeat.
 */
public final class JournalRecord {
    private final Map<String, List<byte[]>> fields;
    private final boolean viaFileDescriptor;

    /**
     * Creates a record.
     *
     * @param fields field name to values, in order
     * @param viaFileDescriptor whether the entry arrived in a passed file rather than a datagram
     */
    public JournalRecord(Map<String, List<byte[]>> fields, boolean viaFileDescriptor) {
        Map<String, List<byte[]>> copy = new LinkedHashMap<>();
        fields.forEach((k, v) -> copy.put(k, Collections.unmodifiableList(new ArrayList<>(v))));
        this.fields = Collections.unmodifiableMap(copy);
        this.viaFileDescriptor = viaFileDescriptor;
    }

    /**
     * All fields.
     *
     * @return field name to values
     */
    public Map<String, List<byte[]>> fields() {
        return fields;
    }

    /**
     * Whether the field is present.
     *
     * @param name the field name
     * @return true if it has at least one value
     */
    public boolean has(String name) {
        return fields.containsKey(name);
    }

    /**
     * The first value of a field as UTF-8 text.
     *
     * @param name the field name
     * @return the value, or null if absent
     */
    public String get(String name) {
        List<byte[]> values = fields.get(name);
        return values == null ? null : new String(values.get(0), StandardCharsets.UTF_8);
    }

    /**
     * All values of a field as UTF-8 text.
     *
     * @param name the field name
     * @return the values, empty if absent
     */
    public List<String> getAll(String name) {
        List<String> out = new ArrayList<>();
        for (byte[] v : fields.getOrDefault(name, List.of())) {
            out.add(new String(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    /**
     * The first value of a field, byte-exact.
     *
     * @param name the field name
     * @return the bytes, or null if absent
     */
    public byte[] bytes(String name) {
        List<byte[]> values = fields.get(name);
        return values == null ? null : values.get(0).clone();
    }

    /**
     * Whether the entry arrived through a passed file descriptor ({@link FakeJournald} only).
     *
     * @return true for the large-entry path
     */
    public boolean viaFileDescriptor() {
        return viaFileDescriptor;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("JournalRecord{");
        fields.forEach((k, vs) -> {
            for (byte[] v : vs) {
                String text = new String(v, StandardCharsets.UTF_8);
                s.append(k)
                        .append('=')
                        .append(text.length() > 200 ? text.substring(0, 200) + "…(" + v.length + " bytes)" : text)
                        .append(", ");
            }
        });
        return s.append('}').toString();
    }
}
