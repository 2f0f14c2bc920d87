package io.github.systemd4j.it;

import io.github.systemd4j.testkit.JournalRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads entries with {@code journalctl -o export}: the format journal-upload sends, and binary-safe
 * (a value with a newline or other control bytes is written as its name, a newline, a 64-bit
 * little-endian length and the raw bytes), so every value comes back byte-exact, every field in
 * journalctl's order, a repeated field as several values.
 *
 * @see <a href="https://systemd.io/JOURNAL_EXPORT_FORMATS/#journal-export-format">Journal Export Format</a>
 */
final class ExportFormat {
    private ExportFormat() {}

    /**
     * Runs a journalctl command line with {@code --output=export} added and parses what it prints.
     *
     * @param journalctl the command, such as {@code journalctl --directory=DIR FIELD=value}
     * @return the entries, oldest first
     * @throws IllegalStateException if journalctl fails
     */
    static List<JournalRecord> read(List<String> journalctl) {
        List<String> command = new ArrayList<>(journalctl);
        command.addAll(List.of("--output=export", "--no-pager"));
        Path errors = null;
        try {
            errors = Files.createTempFile("journalctl", ".err");
            Process p =
                    new ProcessBuilder(command).redirectError(errors.toFile()).start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            int exit = p.waitFor();
            if (exit != 0) {
                throw new IllegalStateException(command + " exited " + exit + ": " + Files.readString(errors));
            }
            return parse(out);
        } catch (IOException e) {
            throw new UncheckedIOException("running " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        } finally {
            if (errors != null) {
                try {
                    Files.deleteIfExists(errors);
                } catch (IOException ignored) {
                    // a stray temp file is harmless
                }
            }
        }
    }

    /**
     * Parses export-format output: entries separated by an empty line; a field is {@code NAME=value\n}
     * or {@code NAME\n}, a 64-bit little-endian length, the bytes and {@code \n}.
     *
     * @param out what journalctl printed
     * @return the entries
     */
    static List<JournalRecord> parse(byte[] out) {
        List<JournalRecord> records = new ArrayList<>();
        Map<String, List<byte[]>> fields = new LinkedHashMap<>();
        int pos = 0;
        while (pos < out.length) {
            if (out[pos] == '\n') {
                // An empty line ends an entry.
                records.add(new JournalRecord(fields, false));
                fields = new LinkedHashMap<>();
                pos++;
                continue;
            }
            int end = pos;
            while (out[end] != '=' && out[end] != '\n') {
                end++;
            }
            String name = new String(out, pos, end - pos, StandardCharsets.US_ASCII);
            byte[] value;
            if (out[end] == '=') {
                int newline = indexOf(out, (byte) '\n', end + 1);
                value = Arrays.copyOfRange(out, end + 1, newline);
                pos = newline + 1;
            } else {
                long length = ByteBuffer.wrap(out, end + 1, 8)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .getLong();
                int start = end + 9;
                value = Arrays.copyOfRange(out, start, Math.toIntExact(start + length));
                if (out[start + (int) length] != '\n') {
                    throw new IllegalStateException("export format: no newline after the binary value of " + name);
                }
                pos = start + (int) length + 1;
            }
            fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        if (!fields.isEmpty()) {
            records.add(new JournalRecord(fields, false));
        }
        return records;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new IllegalStateException("export format: a field without its newline");
    }
}
