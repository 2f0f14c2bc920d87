package io.github.systemd4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import io.github.systemd4j.journal.FieldName;
import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.JournalEntry;
import io.github.systemd4j.journal.jul.JournalHandler;
import io.github.systemd4j.testkit.JournalRecord;
import io.github.systemd4j.testkit.Prerequisites;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

/**
 * Central collection with systemd's own engine, between two hosts ({@link TwoHosts}): entries that
 * systemd4j writes to the app host's journald travel through {@code systemd-journal-upload} over HTTP
 * to {@code systemd-journal-remote} on the collector host, where {@code journalctl --directory=REMOTE
 * DB_HOST=db1} finds them with every field byte-identical to what the app host's journal stored, and
 * {@code _HOSTNAME}/{@code _MACHINE_ID} naming the app host, not the collector.
 *
 * <p>Every entry carries {@code DB_HOST=db1} and its own {@code S4J_CASE}; a test waits for its entry
 * on the collector (polling), then compares.
 */
@ExtendWith(CentralCollectionIT.Prerequisite.class)
class CentralCollectionIT {
    /** Generous for a busy 2-core machine; an entry normally arrives within a second. */
    private static final Duration ARRIVAL = Duration.ofSeconds(60);

    private static final String SYSLOG_IDENTIFIER = "central-collection";

    /** Differ between the two journals by design: the cursor names the file's own sequence. */
    private static final List<String> PER_FILE_FIELDS = List.of("__CURSOR");

    private static final String CANNOT = "cannot set up two hosts: ";

    private static TwoHosts hosts;

    /**
     * Skips the class, saying why, where two hosts cannot be set up; with {@code CI=true} it runs,
     * and {@link #startHosts()} fails it instead.
     */
    static final class Prerequisite implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Optional<String> missing = TwoHosts.missing();
            if (missing.isPresent() && !"true".equalsIgnoreCase(System.getenv("CI"))) {
                return ConditionEvaluationResult.disabled(CANNOT + missing.get());
            }
            return ConditionEvaluationResult.enabled("two hosts can be set up, or CI=true");
        }
    }

    @BeforeAll
    static void startHosts() throws IOException {
        Optional<String> missing = TwoHosts.missing();
        Prerequisites.require(missing.isEmpty(), CANNOT + missing.orElse(""));
        long start = System.nanoTime();
        hosts = TwoHosts.start();
        System.out.printf(
                "CentralCollectionIT: two hosts, journald, journal-remote and journal-upload up in %d ms (%s)%n",
                (System.nanoTime() - start) / 1_000_000, hosts);
    }

    @AfterAll
    static void stopHosts() {
        if (hosts != null) {
            hosts.close();
        }
    }

    @Test
    void logbackEntryArrivesIntact() {
        LoggerContext context = new LoggerContext();
        // A context of our own needs the MDC adapter that SLF4J's MDC class writes to.
        context.setMDCAdapter(MDC.getMDCAdapter());
        io.github.systemd4j.journal.logback.JournalAppender appender =
                new io.github.systemd4j.journal.logback.JournalAppender();
        appender.setContext(context);
        appender.setName("JOURNAL");
        appender.setNamespace(hosts.namespace());
        appender.start();
        ch.qos.logback.classic.Logger logger = context.getLogger("central.logback");
        logger.addAppender(appender);
        String message = "Logback: Grüße\nzweite Zeile";
        MDC.put("DB_HOST", "db1");
        MDC.put("S4J_CASE", "logback");
        try {
            logger.atInfo()
                    .addMarker(MarkerFactory.getDetachedMarker("AUDIT"))
                    .addMarker(MarkerFactory.getDetachedMarker("BILLING"))
                    .log(message);
        } finally {
            MDC.clear();
            context.stop();
        }

        assertArrivedIntact("logback", Map.of("MESSAGE", List.of(message), "MARKER", List.of("AUDIT", "BILLING")));
    }

    @Test
    void log4j2EntryArrivesIntact() throws IOException {
        String xml = "<Configuration status='off'><Appenders><Journal name='journal' namespace='"
                + hosts.namespace() + "'/></Appenders><Loggers><Root level='INFO'><AppenderRef ref='journal'/>"
                + "</Root></Loggers></Configuration>";
        org.apache.logging.log4j.core.LoggerContext context =
                new org.apache.logging.log4j.core.LoggerContext("central-collection");
        context.start(new XmlConfiguration(
                context, new ConfigurationSource(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))));
        String message = "Log4j2: Grüße\nzweite Zeile";
        ThreadContext.put("DB_HOST", "db1");
        ThreadContext.put("S4J_CASE", "log4j2");
        try {
            context.getLogger("central.log4j2").info(message);
        } finally {
            ThreadContext.clearMap();
            context.stop();
        }

        assertArrivedIntact("log4j2", Map.of("MESSAGE", List.of(message)));
    }

    @Test
    void julEntryArrivesIntact() {
        JournalHandler handler = new JournalHandler(Map.of("namespace", hosts.namespace()));
        Logger logger = Logger.getLogger("central.jul");
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
        String message = "JUL: Grüße\nzweite Zeile";
        try {
            // A Map parameter's entries become fields.
            logger.log(Level.INFO, message, new Object[] {Map.of("DB_HOST", "db1", "S4J_CASE", "jul")});
        } finally {
            logger.removeHandler(handler);
            handler.close();
        }

        assertArrivedIntact("jul", Map.of("MESSAGE", List.of(message)));
    }

    @Test
    void binaryValuesArriveIntact() throws IOException {
        try (JournalClient client = client()) {
            JournalEntry entry = client.entry()
                    .message("binary values")
                    .add("S4J_CASE", "binary")
                    // NUL, bytes that are no UTF-8 at all (FF FE) and a broken sequence (C3 28).
                    .add(FieldName.of("BINARY"), new byte[] {'a', 0, 'b', (byte) 0xFF, (byte) 0xFE, (byte) 0xC3, '('})
                    .add(FieldName.of("ONLY_NUL"), new byte[] {0});
            sendAndCheck(client, entry, "binary");
        }
    }

    @Test
    void newlinesArriveIntact() throws IOException {
        try (JournalClient client = client()) {
            JournalEntry entry = client.entry()
                    .message("first line\nsecond line\r\n\tindented\n")
                    .add("S4J_CASE", "newlines")
                    .add("LEADING_NEWLINE", "\nafter")
                    .add("ONLY_NEWLINES", "\n\n");
            sendAndCheck(client, entry, "newlines");
        }
    }

    @Test
    void oneMebibyteEntryArrivesIntactThroughTheFileDescriptorPath() throws IOException {
        byte[] large = new byte[1024 * 1024];
        for (int i = 0; i < large.length; i++) {
            // Every byte value, newlines and NULs included, in a pattern that shows a shifted byte.
            large[i] = (byte) (i * 31 + i / 256);
        }
        try (JournalClient client = client()) {
            JournalEntry entry =
                    client.entry().message("one MiB").add("S4J_CASE", "large").add(FieldName.of("LARGE"), large);
            long viaFdBefore = client.counters().sentViaFd();
            sendAndCheck(client, entry, "large");
            assertEquals(viaFdBefore + 1, client.counters().sentViaFd(), "the 1 MiB entry went through a passed memfd");
        }
    }

    @Test
    void multiValuedFieldsArriveIntact() throws IOException {
        try (JournalClient client = client()) {
            JournalEntry entry = client.entry()
                    .message("multi-valued")
                    .add("S4J_CASE", "multi")
                    .add("TAG", "alpha")
                    .add("TAG", "beta")
                    .add("TAG", "gamma\nwith a newline")
                    .add(FieldName.of("TAG"), new byte[] {0, 1, 2})
                    .add("EMPTY", "");
            sendAndCheck(client, entry, "multi");
        }
    }

    @Test
    void hostnameAndMachineIdTellTheHostsApart() throws IOException {
        String appHostname = TwoHosts.run(hosts.app().inside("hostname")).strip();
        String collectorHostname =
                TwoHosts.run(hosts.collector().inside("hostname")).strip();
        String appMachineId =
                TwoHosts.run(hosts.app().inside("cat", "/etc/machine-id")).strip();
        String collectorMachineId =
                TwoHosts.run(hosts.collector().inside("cat", "/etc/machine-id")).strip();
        assertEquals(TwoHosts.APP_HOSTNAME, appHostname);
        assertEquals(TwoHosts.COLLECTOR_HOSTNAME, collectorHostname);
        assertNotEquals(appMachineId, collectorMachineId);
        // Neither is this machine.
        assertNotEquals(TwoHosts.run(List.of("hostname")).strip(), appHostname);
        String ownMachineId = Files.readString(Path.of("/etc/machine-id")).strip();
        assertNotEquals(ownMachineId, appMachineId);
        assertNotEquals(ownMachineId, collectorMachineId);

        try (JournalClient client = client()) {
            client.send(client.entry().message("which host?").add("S4J_CASE", "hosts"));
        }
        JournalRecord received = single(hosts.awaitCollector(1, ARRIVAL, "DB_HOST=db1", "S4J_CASE=hosts"), "hosts");
        assertEquals(appHostname, received.get("_HOSTNAME"), "the app host's hostname, stamped by its journald");
        assertEquals(appMachineId, received.get("_MACHINE_ID"), "the app host's machine id");
        assertNotEquals(collectorHostname, received.get("_HOSTNAME"));
        assertNotEquals(collectorMachineId, received.get("_MACHINE_ID"));
        // journal-remote keeps one file per sending host, named after its address; the file itself
        // is the collector's (its header names the collector's machine id), the entries the app's.
        try (Stream<Path> files = Files.list(hosts.remoteDir())) {
            assertEquals(
                    List.of("remote-" + TwoHosts.APP_ADDRESS + ".journal"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        String header =
                TwoHosts.run(hosts.collector().inside("journalctl", "--header", "--directory=" + hosts.remoteDir()));
        assertTrue(header.contains("Machine ID: " + collectorMachineId), header);
    }

    private static JournalClient client() {
        return JournalClient.builder()
                .namespace(hosts.namespace())
                .syslogIdentifier(SYSLOG_IDENTIFIER)
                // A context field on every entry, as the query asks for.
                .field("DB_HOST", "db1")
                .build();
    }

    /** Sends an entry and checks it arrived with exactly the fields it was sent with. */
    private static void sendAndCheck(JournalClient client, JournalEntry entry, String caseId) throws IOException {
        Map<String, List<byte[]>> sent = new LinkedHashMap<>();
        entry.forEachField((name, value) ->
                sent.computeIfAbsent(name, k -> new ArrayList<>()).add(value.clone()));
        // The client adds these to every entry.
        sent.put("SYSLOG_IDENTIFIER", List.of(bytes(SYSLOG_IDENTIFIER)));
        sent.put("DB_HOST", List.of(bytes("db1")));
        client.send(entry);
        JournalRecord received = assertArrivedIntactBytes(caseId, sent);
        // Nothing the sender did not write, apart from journald's trusted fields (_*, __*).
        TreeSet<String> own = new TreeSet<>(received.fields().keySet());
        own.removeIf(name -> name.startsWith("_"));
        assertEquals(new TreeSet<>(sent.keySet()), own, "the fields of the entry on the collector");
    }

    private static void assertArrivedIntact(String caseId, Map<String, List<String>> sentText) {
        Map<String, List<byte[]>> sent = new LinkedHashMap<>();
        sentText.forEach((name, values) ->
                sent.put(name, values.stream().map(CentralCollectionIT::bytes).toList()));
        sent.put("DB_HOST", List.of(bytes("db1")));
        sent.put("S4J_CASE", List.of(bytes(caseId)));
        assertArrivedIntactBytes(caseId, sent);
    }

    /**
     * Waits for the entry on the collector, then asserts: it is there once, found by {@code
     * DB_HOST=db1}; every field is byte-identical to the app journal's entry (a repeated field's
     * values as a multiset: journald keeps no order promise for them); it has the values the sender
     * wrote; its {@code _HOSTNAME} and {@code _MACHINE_ID} are the app host's.
     */
    private static JournalRecord assertArrivedIntactBytes(String caseId, Map<String, List<byte[]>> sent) {
        JournalRecord collected =
                single(hosts.awaitCollector(1, ARRIVAL, "DB_HOST=db1", "S4J_CASE=" + caseId), "collector");
        JournalRecord stored = single(hosts.appEntries("S4J_CASE=" + caseId), "app journal");

        List<String> differences = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(stored.fields().keySet());
        names.addAll(collected.fields().keySet());
        names.removeAll(PER_FILE_FIELDS);
        for (String name : names) {
            String difference = difference(
                    stored.fields().getOrDefault(name, List.of()),
                    collected.fields().getOrDefault(name, List.of()));
            if (difference != null) {
                differences.add(name + ": " + difference);
            }
        }
        assertEquals(List.of(), differences, "fields that differ between the app journal and the collector");
        assertTrue(collected.has("__REALTIME_TIMESTAMP") && collected.has("_BOOT_ID"), collected::toString);

        sent.forEach((name, values) -> {
            String difference = difference(values, collected.fields().getOrDefault(name, List.of()));
            assertEquals(null, difference, () -> name + " as sent vs. on the collector");
        });

        assertEquals(TwoHosts.APP_HOSTNAME, collected.get("_HOSTNAME"));
        assertEquals(hosts.app().machineId(), collected.get("_MACHINE_ID"));
        return collected;
    }

    private static JournalRecord single(List<JournalRecord> records, String where) {
        assertEquals(1, records.size(), () -> "entries in the " + where + ": " + records);
        return records.get(0);
    }

    /** Null if both hold the same values (as multisets), else a description. */
    private static String difference(List<byte[]> expected, List<byte[]> actual) {
        List<byte[]> a = sorted(expected);
        List<byte[]> b = sorted(actual);
        if (a.size() != b.size()) {
            return a.size() + " value(s) vs. " + b.size();
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                int at = Arrays.mismatch(a.get(i), b.get(i));
                return "value " + i + " (" + a.get(i).length + " vs. " + b.get(i).length + " bytes) differs at byte "
                        + at;
            }
        }
        return null;
    }

    private static List<byte[]> sorted(List<byte[]> values) {
        List<byte[]> copy = new ArrayList<>(values);
        copy.sort(Arrays::compareUnsigned);
        return copy;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
