package io.github.systemd4j.journal.jul;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.systemd4j.testkit.JournalRecord;
import io.github.systemd4j.testkit.RealSystemd;
import io.github.systemd4j.testkit.RealSystemdExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's promise under a real systemd: a service configured by nothing but its
 * logging.properties, run as {@code app.service}, is found with {@code journalctl -u app
 * DB_HOST=db1}. Here the host's systemd 252; {@link AppServiceTrixieIT} is the same under systemd 257.
 */
@ExtendWith(RealSystemdExtension.class)
class AppServiceIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void entriesAreFoundByUnitAndField(RealSystemd systemd) throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        // The file names the socket only for the private-namespace tests: here the system's.
        systemd.writeFile(
                "/run/logging.properties",
                JulConfig.resource("logging-app.properties", Map.of("JOURNAL_SOCKET", "/run/systemd/journal/socket"))
                        .getBytes(StandardCharsets.ISO_8859_1));
        List<String> jvm = List.of("-Djava.util.logging.config.file=/run/logging.properties");
        systemd.installUnit(
                "app.service",
                "[Service]\nSuccessExitStatus=143\nExecStart="
                        + systemd.stayingJavaCommand(jvm, JournalHandlerIT.JulService.class, id) + "\n");
        // The service stays up until its entries are read back: journald tags them with the unit then.
        systemd.start("app.service");

        List<JournalRecord> found =
                systemd.awaitJournal(r -> true, 2, WAIT, "-u", "app", "DB_HOST=db1", "TEST_ID=" + id);
        assertEquals("request handled", found.get(0).get("MESSAGE"));
        assertEquals("6", found.get(0).get("PRIORITY"));
        assertEquals("app", found.get(0).get("SYSLOG_IDENTIFIER"), "detected from the unit");
        assertEquals("app.service", found.get(0).get("_SYSTEMD_UNIT"));
        assertEquals("journal", found.get(0).get("_TRANSPORT"), "native fields, not stdout");
        assertEquals("slow query", found.get(1).get("MESSAGE"));
        assertEquals("4", found.get(1).get("PRIORITY"));
        systemd.stop("app.service");
        assertEquals("success", systemd.property("app.service", "Result"), "stopped, SIGTERM's 143 a success");
    }
}
