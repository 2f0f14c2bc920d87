package io.github.systemd4j.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the journal native protocol the way journald 252 parses it ({@code
 * manager_process_entry}): {@code NAME=value\n} lines, length-framed fields ({@code NAME\n}, 64-bit
 * little-endian length, value, {@code \n}), an empty line ending one entry and starting the next,
 * lines starting with {@code .} or {@code #} ignored. Where journald would silently drop something
 * (an invalid field name, a malformed frame), the decoder keeps what it can and describes the
 * problem, so tests can assert that a client never relies on journald's leniency.
 *
 * @see <a href="https://systemd.io/JOURNAL_NATIVE_PROTOCOL/">Native Journal Protocol</a>
 */
public final class NativeProtocolDecoder {
    private NativeProtocolDecoder() {}

    /**
     * Decodes one datagram or passed file.
     *
     * @param data the bytes
     * @param viaFileDescriptor whether they came in a passed file
     * @param problems receives a description of each protocol violation
     * @return the entries, usually one
     */
    public static List<JournalRecord> decode(byte[] data, boolean viaFileDescriptor, List<String> problems) {
        List<JournalRecord> entries = new ArrayList<>();
        Map<String, List<byte[]>> fields = new LinkedHashMap<>();
        int p = 0;
        while (p < data.length) {
            int nl = indexOf(data, (byte) '\n', p);
            if (nl < 0) {
                problems.add("trailing bytes without newline at offset " + p + " (journald ignores them)");
                break;
            }
            if (nl == p) { // empty line: entry separator
                flush(entries, fields, viaFileDescriptor);
                fields = new LinkedHashMap<>();
                p = nl + 1;
                continue;
            }
            if (data[p] == '.' || data[p] == '#') {
                p = nl + 1;
                continue;
            }
            int eq = indexOf(data, (byte) '=', p, nl);
            String name;
            byte[] value;
            if (eq >= 0) {
                name = new String(data, p, eq - p, StandardCharsets.UTF_8);
                value = java.util.Arrays.copyOfRange(data, eq + 1, nl);
                p = nl + 1;
            } else {
                name = new String(data, p, nl - p, StandardCharsets.UTF_8);
                if (nl + 9 > data.length) {
                    problems.add("field " + name + ": length header cut off");
                    break;
                }
                long length = 0;
                for (int i = 0; i < 8; i++) {
                    length |= (data[nl + 1 + i] & 0xFFL) << (8 * i);
                }
                long start = nl + 9;
                if (length < 0 || start + length >= data.length || data[(int) (start + length)] != '\n') {
                    problems.add("field " + name + ": length-framed value of " + length + " bytes is malformed");
                    break;
                }
                value = java.util.Arrays.copyOfRange(data, (int) start, (int) (start + length));
                p = (int) (start + length + 1);
            }
            String invalid = nameProblem(name);
            if (invalid != null) {
                problems.add("field name \"" + name + "\" " + invalid + " (journald drops the field)");
            }
            fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        flush(entries, fields, viaFileDescriptor);
        return entries;
    }

    private static void flush(List<JournalRecord> entries, Map<String, List<byte[]>> fields, boolean viaFd) {
        if (!fields.isEmpty()) {
            entries.add(new JournalRecord(fields, viaFd));
        }
    }

    /** journald's {@code journal_field_valid} for client fields. */
    static String nameProblem(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > 64) {
            return "is longer than 64 bytes";
        }
        if (name.charAt(0) == '_') {
            return "starts with '_'";
        }
        if (name.charAt(0) >= '0' && name.charAt(0) <= '9') {
            return "starts with a digit";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return "contains '" + c + "'";
            }
        }
        return null;
    }

    private static int indexOf(byte[] data, byte b, int from) {
        return indexOf(data, b, from, data.length);
    }

    private static int indexOf(byte[] data, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
