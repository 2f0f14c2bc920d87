package io.github.systemd4j.journal.logback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.systemd4j.testkit.JournalRecord;
import io.github.systemd4j.testkit.RealSystemd;
import io.github.systemd4j.testkit.RealSystemdExtension;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's promise under a real systemd: a service configured by nothing but its logback.xml,
 * run as {@code app.service}, is found with {@code journalctl -u app DB_HOST=db1}. Here the host's
 * systemd 252; {@link AppServiceTrixieIT} is the same under systemd 257.
 */
@ExtendWith(RealSystemdExtension.class)
class AppServiceIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void entriesAreFoundByUnitAndField(RealSystemd systemd) throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        // logback-app.xml names the socket only for the private-namespace tests: here the system's.
        List<String> jvm =
                List.of("-Dlogback.configurationFile=logback-app.xml", "-DJOURNAL_SOCKET=/run/systemd/journal/socket");
        systemd.installUnit(
                "app.service",
                "[Service]\nSuccessExitStatus=143\nExecStart="
                        + systemd.stayingJavaCommand(jvm, JournalAppenderIT.LogbackService.class, id) + "\n");
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
        assertEquals("u-7", found.get(1).get("USER_ID"), "SLF4J key-value pair");
        systemd.stop("app.service");
        assertEquals("success", systemd.property("app.service", "Result"), "stopped, SIGTERM's 143 a success");
    }
}
