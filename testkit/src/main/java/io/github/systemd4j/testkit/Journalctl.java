package io.github.systemd4j.testkit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs {@code journalctl -o json} and parses its output: one JSON object per line; a value is a
 * string, an array of byte values (binary or non-UTF-8 data), or an array of such values when a
 * field repeats.
 *
 * @see <a href="https://systemd.io/JOURNAL_EXPORT_FORMATS/#journal-json-format">Journal JSON format</a>
 */
final class Journalctl {
    private static final JsonFactory JSON = JsonFactory.builder()
            // Entries of hundreds of MiB are legitimate here; lift jackson's default string limit.
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxDocumentLength(Long.MAX_VALUE)
                    .build())
            .build();

    private Journalctl() {}

    /**
     * Runs journalctl with {@code -o json --all} (binary values as bytes) and matches.
     *
     * @param journalctl how to run journalctl, such as {@code journalctl --namespace=x}
     * @param matches journalctl arguments such as {@code "-u", "app"} or {@code "FIELD=value"}
     * @return the entries, oldest first
     * @throws IllegalStateException if journalctl fails
     */
    static List<JournalRecord> readJson(List<String> journalctl, String... matches) {
        return read(command(journalctl, matches));
    }

    /**
     * The journalctl command line {@link #readJson} runs.
     *
     * @param journalctl how to run journalctl, such as {@code journalctl --namespace=x}
     * @param matches journalctl arguments
     * @return the full command
     */
    static List<String> command(List<String> journalctl, String... matches) {
        List<String> command = new ArrayList<>(journalctl);
        command.addAll(List.of("--output=json", "--all", "--no-pager"));
        command.addAll(List.of(matches));
        return command;
    }

    /**
     * Reads until at least {@code count} entries pass a filter (journald stores asynchronously),
     * every 100 ms.
     *
     * @param read one reading, such as {@link #readJson}
     * @param filter which entries count
     * @param count how many
     * @param timeout how long to wait
     * @return the entries that passed: {@code count} or more, or fewer if the timeout passed first
     */
    static List<JournalRecord> await(
            Supplier<List<JournalRecord>> read, Predicate<? super JournalRecord> filter, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<JournalRecord> found = new ArrayList<>();
            for (JournalRecord r : read.get()) {
                if (filter.test(r)) {
                    found.add(r);
                }
            }
            if (found.size() >= count || System.nanoTime() - deadline > 0) {
                return found;
            }
            Processes.sleep(100);
        }
    }

    /**
     * Runs a journalctl command line that prints JSON and parses what it prints.
     *
     * @param command the full command, such as {@code journalctl --namespace=x -o json --all}
     * @return the entries
     * @throws IllegalStateException if journalctl fails
     */
    private static List<JournalRecord> read(List<String> command) {
        Path errors = null;
        try {
            errors = Files.createTempFile("journalctl", ".err");
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(errors.toFile());
            Process p = pb.start();
            List<JournalRecord> records;
            try (InputStream in = p.getInputStream()) {
                records = parse(in);
            }
            int exit = p.waitFor();
            return checked(command, exit, records, Files.readString(errors));
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
     * The entries a finished journalctl printed, if its exit and error output say it worked.
     *
     * @param command what ran, for the message
     * @param exit its exit status
     * @param records what it printed, parsed
     * @param stderr its error output
     * @return the entries
     * @throws IllegalStateException if journalctl failed
     */
    static List<JournalRecord> checked(List<String> command, int exit, List<JournalRecord> records, String stderr) {
        // journalctl exits 1 with "-- No entries --" only on older versions; treat an empty result
        // as a result, anything else as an error.
        if (exit != 0 && !records.isEmpty()) {
            throw new IllegalStateException(command + " exited " + exit + ": " + stderr);
        }
        if (exit != 0 && !stderr.isBlank() && !stderr.contains("No entries")) {
            throw new IllegalStateException(command + " exited " + exit + ": " + stderr);
        }
        return records;
    }

    /**
     * Parses journalctl's JSON output.
     *
     * @param in the output, one object per line
     * @return the entries
     * @throws IOException if the output is not journal JSON
     */
    static List<JournalRecord> parse(InputStream in) throws IOException {
        List<JournalRecord> records = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(in)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token != JsonToken.START_OBJECT) {
                    throw new IOException("expected a JSON object per entry, got " + token);
                }
                Map<String, List<byte[]>> fields = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    List<byte[]> values = new ArrayList<>();
                    JsonToken value = parser.nextToken();
                    if (value == JsonToken.START_ARRAY) {
                        JsonToken first = parser.nextToken();
                        if (first == JsonToken.VALUE_NUMBER_INT) {
                            values.add(bytes(parser, first)); // one binary value
                        } else {
                            for (JsonToken t = first; t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                                values.add(single(parser, t)); // a repeated field
                            }
                        }
                    } else if (value != JsonToken.VALUE_NULL) {
                        values.add(single(parser, value));
                    }
                    if (!values.isEmpty()) {
                        fields.put(name, values);
                    }
                }
                records.add(new JournalRecord(fields, false));
            }
        }
        return records;
    }

    private static byte[] single(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText().getBytes(StandardCharsets.UTF_8);
        }
        if (token == JsonToken.START_ARRAY) {
            JsonToken first = parser.nextToken();
            return first == JsonToken.END_ARRAY ? new byte[0] : bytes(parser, first);
        }
        if (token == JsonToken.VALUE_NULL) {
            return new byte[0];
        }
        throw new IOException("unexpected " + token + " in journal JSON");
    }

    /** Reads byte values up to the closing bracket; the first one is the current token. */
    private static byte[] bytes(JsonParser parser, JsonToken first) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (JsonToken t = first; t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            out.write(parser.getIntValue());
        }
        return out.toByteArray();
    }
}
