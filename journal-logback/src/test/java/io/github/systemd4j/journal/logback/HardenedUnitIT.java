package io.github.systemd4j.journal.logback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.testkit.JournalRecord;
import io.github.systemd4j.testkit.RealSystemd;
import io.github.systemd4j.testkit.RealSystemdExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

/**
 * A service logging through the appender under a real systemd (252 here, 257 in {@link
 * HardenedUnitTrixieIT}), in hardened units. Where junixsocket's JNI library cannot be extracted
 * and loaded (Java 17–21 with {@code NoExecPaths=/} or {@code ReadOnlyPaths=/}), the service keeps
 * running, its entries reach the journal through the stderr fallback with their priority, and the
 * status message naming the fix is in the journal; with that fix, or on Java 22+ (FFM, no library
 * file), every entry arrives as native fields.
 */
@ExtendWith(RealSystemdExtension.class)
class HardenedUnitIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final boolean JAVA_22 = Runtime.version().feature() >= 22;
    private static final String JUNIXSOCKET_FIX =
            "RuntimeDirectory=app\nExecPaths=/run/app\n"; // with -Dorg.newsclub.net.unix.library.tmpdir=/run/app

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "none                 | ''                                                                          | false",
                "noexec               | NoExecPaths=/\\nExecPaths=/usr /lib /lib64 /bin                             | true",
                "read-only            | ReadOnlyPaths=/                                                             | true",
                "strict-dynamic-user  | ProtectSystem=strict\\nDynamicUser=yes\\nRestrictAddressFamilies=AF_UNIX\\nSystemCallFilter=@system-service | false",
                "noexec-with-fix      | NoExecPaths=/\\nExecPaths=/usr /lib /lib64 /bin                             | false",
                "read-only-with-fix   | ReadOnlyPaths=/                                                             | false",
            })
    void entriesArriveUnderHardening(String name, String hardening, boolean junixsocketCannotLoad, RealSystemd systemd)
            throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        boolean withFix = name.endsWith("-with-fix");
        List<String> jvm = new ArrayList<>(
                List.of("--enable-native-access=ALL-UNNAMED", "-Dlogback.configurationFile=logback-hardened.xml"));
        if (withFix) {
            jvm.add("-Dorg.newsclub.net.unix.library.tmpdir=/run/app");
        }
        // A JVM ends with 143 on SIGTERM; Java units declare that a success.
        String unit = "[Service]\nSuccessExitStatus=143\n"
                + hardening.replace("\\n", "\n") + "\n"
                + (withFix ? JUNIXSOCKET_FIX : "")
                + "ExecStart=" + systemd.javaCommand(jvm, HardenedService.class, id) + "\n";
        String service = "app-" + name + ".service";
        systemd.installUnit(service, unit);
        systemd.start(service);
        boolean fallback = junixsocketCannotLoad && !JAVA_22;
        try {
            List<JournalRecord> entries = systemd.awaitJournal(
                    r -> r.get("MESSAGE") != null && r.get("MESSAGE").contains("hardened " + id),
                    HardenedService.LEVELS.length,
                    WAIT,
                    "-u",
                    service);
            assertEquals(HardenedService.LEVELS.length, entries.size(), entries.toString());
            for (JournalRecord entry : entries) {
                // "hardened ID LEVEL PRIORITY": each entry keeps its own priority on either path.
                String[] words = entry.get("MESSAGE").strip().split(" ");
                assertEquals(words[words.length - 1], entry.get("PRIORITY"), entry.toString());
                if (fallback) {
                    assertEquals("stdout", entry.get("_TRANSPORT"), "through the stderr fallback: " + entry);
                } else {
                    assertEquals("journal", entry.get("_TRANSPORT"), "native fields: " + entry);
                    assertEquals(id, entry.get("TEST_ID"));
                    assertEquals("HardenedService", entry.get("LOGGER"));
                    assertEquals(service.replace(".service", ""), entry.get("SYSLOG_IDENTIFIER"));
                }
            }
            if (fallback) {
                List<JournalRecord> status = systemd.awaitJournal(
                        r -> r.get("MESSAGE") != null && r.get("MESSAGE").contains("systemd4j socket transport"),
                        1,
                        WAIT,
                        "-u",
                        service);
                String text = status.get(0).get("MESSAGE");
                assertTrue(text.contains("-Dorg.newsclub.net.unix.library.tmpdir=/run/app"), text);
            }
            if (JAVA_22) {
                List<JournalRecord> warnings = systemd.journal("-u", service, "--grep=WARNING");
                assertEquals(List.of(), warnings, "no native-access warning with --enable-native-access");
            }
            assertEquals("active", systemd.property(service, "ActiveState"), "the service keeps running");
        } finally {
            systemd.stop(service);
        }
        assertEquals("success", systemd.property(service, "Result"), "stopped cleanly");
    }

    /** The service: one entry per level with MDC, then it keeps running until stopped. */
    public static final class HardenedService {
        /** Each level with the journal priority it maps to. */
        static final String[][] LEVELS = {{"ERROR", "3"}, {"WARN", "4"}, {"INFO", "6"}};

        public static void main(String[] args) throws InterruptedException {
            Logger log = LoggerFactory.getLogger("HardenedService");
            MDC.put("TEST_ID", args[0]);
            for (String[] level : LEVELS) {
                log.atLevel(Level.valueOf(level[0])).log("hardened " + args[0] + " " + level[0] + " " + level[1]);
            }
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
