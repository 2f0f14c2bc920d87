package io.github.systemd4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.samples.jul.JulApp;
import io.github.systemd4j.samples.log4j2.Log4j2App;
import io.github.systemd4j.samples.logback.LogbackApp;
import io.github.systemd4j.testkit.JournalRecord;
import io.github.systemd4j.testkit.RealSystemd;
import io.github.systemd4j.testkit.RealSystemdExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The three variants of the sample, each as a unit made from {@code samples/systemd/app.service}
 * (its user, hardening and all) under a real systemd, answer the same request: their journal
 * entries have the same fields with the same values, written natively, and each stops cleanly with
 * its last words in the journal.
 */
@ExtendWith(RealSystemdExtension.class)
class SameFieldsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path SAMPLES = Path.of("").toAbsolutePath();
    private static final String REQUEST_ID = "same-fields";
    /** Variant → main class and the option naming its configuration file. */
    private static final Map<String, List<String>> VARIANTS = Map.of(
            "logback",
            List.of(LogbackApp.class.getName(), "-Dlogback.configurationFile=/etc/app/logback.xml"),
            "log4j2",
            List.of(Log4j2App.class.getName(), "-Dlog4j2.configurationFile=/etc/app/log4j2.xml"),
            "jul",
            List.of(JulApp.class.getName(), "-Djava.util.logging.config.file=/etc/app/logging.properties"));

    private static final Set<String> REQUEST_FIELDS = Set.of(
            "MESSAGE",
            "PRIORITY",
            "SYSLOG_IDENTIFIER",
            "LOGGER",
            "THREAD_NAME",
            "TID",
            "REQUEST_ID",
            "DB_HOST",
            "USER_ID",
            "HTTP_METHOD",
            "HTTP_PATH",
            "HTTP_STATUS",
            "DURATION_MS");

    @BeforeAll
    static void eachVariantAnswersTheSameRequest(RealSystemd systemd) throws Exception {
        write(systemd, "/etc/sysusers.d/app.conf", read("systemd/app.sysusers"));
        assertEquals(0, systemd.exec("systemd-sysusers").exitCode());
        for (String file : List.of("app.properties", "logback.xml", "log4j2.xml", "logging.properties")) {
            write(systemd, "/etc/app/" + file, read("config/" + file));
        }
        write(systemd, "/etc/app/app.env", read("systemd/app.env"));
        String appService = read("systemd/app.service");
        String socketLines = "Requires=app.socket\nAfter=app.socket\n";
        assertTrue(appService.contains(socketLines), appService);
        for (String variant : VARIANTS.keySet()) {
            String unit = "app-" + variant + ".service";
            systemd.installUnit(unit, appService.replace(socketLines, ""));
            int port = freePort();
            String command = systemd.javaCommand(
                    List.of(
                            "-Xmx128m",
                            "--enable-native-access=ALL-UNNAMED",
                            VARIANTS.get(variant).get(1)),
                    Class.forName(VARIANTS.get(variant).get(0)));
            write(
                    systemd,
                    "/etc/systemd/system/" + unit + ".d/test.conf",
                    "[Service]\nExecStart=\nExecStart=" + command + "\nEnvironment=APP_LISTEN=127.0.0.1:" + port
                            + "\n");
            assertEquals(0, systemd.systemctl("daemon-reload").exitCode());
            systemd.start(unit);
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders?user=42"))
                                    .header("X-Request-Id", REQUEST_ID)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), variant + ": " + response.body());
        }
    }

    private static JournalRecord requestEntry(RealSystemd systemd, String variant) {
        return systemd.awaitJournal(
                        r -> REQUEST_ID.equals(r.get("REQUEST_ID")), 1, WAIT, "-u", "app-" + variant + ".service")
                .get(0);
    }

    @Test
    void theRequestEntryHasTheSameFieldsInEveryVariant(RealSystemd systemd) {
        for (String variant : VARIANTS.keySet()) {
            JournalRecord entry = requestEntry(systemd, variant);
            Set<String> written = new TreeSet<>(entry.fields().keySet());
            written.removeIf(name -> name.startsWith("_")); // journald's own
            assertEquals(new TreeSet<>(REQUEST_FIELDS), written, variant + ": " + entry);
        }
    }

    @Test
    void theRequestEntryHasTheSameValuesInEveryVariant(RealSystemd systemd) {
        for (String variant : VARIANTS.keySet()) {
            JournalRecord entry = requestEntry(systemd, variant);
            String where = variant + ": " + entry;
            assertEquals("GET /orders?user=42 -> 200", entry.get("MESSAGE"), where);
            assertEquals("6", entry.get("PRIORITY"), where);
            assertEquals("app-" + variant, entry.get("SYSLOG_IDENTIFIER"), where);
            assertEquals(VARIANTS.get(variant).get(0), entry.get("LOGGER"), where);
            assertTrue(entry.get("THREAD_NAME").startsWith("http-"), where);
            assertTrue(entry.get("TID").matches("[1-9][0-9]*"), where);
            assertEquals(REQUEST_ID, entry.get("REQUEST_ID"), where);
            assertEquals("db1", entry.get("DB_HOST"), where);
            assertEquals("42", entry.get("USER_ID"), where);
            assertEquals("GET", entry.get("HTTP_METHOD"), where);
            assertEquals("/orders", entry.get("HTTP_PATH"), where);
            assertEquals("200", entry.get("HTTP_STATUS"), where);
            assertTrue(entry.get("DURATION_MS").matches("[0-9]+"), where);
        }
    }

    @Test
    void entriesArriveNativelyUnderTheHardenedUnit(RealSystemd systemd) {
        for (String variant : VARIANTS.keySet()) {
            JournalRecord entry = requestEntry(systemd, variant);
            assertEquals("journal", entry.get("_TRANSPORT"), variant + ", not the stderr fallback: " + entry);
            assertEquals(
                    "app", systemd.exec("id", "-nu", entry.get("_UID")).output().strip(), variant);
        }
    }

    @Test
    void eachVariantStopsCleanlyWithItsLastWordsInTheJournal(RealSystemd systemd) {
        for (String variant : VARIANTS.keySet()) {
            String unit = "app-" + variant + ".service";
            String pid = systemd.property(unit, "MainPID");
            systemd.stop(unit);
            assertEquals("success", systemd.property(unit, "Result"), unit);
            // By _PID, which journald takes from the socket: the last words come just before the process
            // exits, and journald names an entry's unit only if the sender still lives when it reads it.
            systemd.awaitJournal(
                    r -> "Stopped after 1 request, 0 errors".equals(r.get("MESSAGE")), 1, WAIT, "_PID=" + pid);
        }
    }

    private static String read(String relative) throws IOException {
        return Files.readString(SAMPLES.resolve(relative));
    }

    private static void write(RealSystemd systemd, String containerPath, String contents) throws IOException {
        Path file = systemd.hostPath(containerPath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, contents);
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
