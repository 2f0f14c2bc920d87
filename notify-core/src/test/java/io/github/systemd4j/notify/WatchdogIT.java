package io.github.systemd4j.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.testkit.JournalRecord;
import io.github.systemd4j.testkit.RealSystemd;
import io.github.systemd4j.testkit.RealSystemdExtension;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The health-gated watchdog under a real systemd PID 1 with {@code WatchdogSec=2}: a process that
 * runs but no longer works is killed and restarted; a working one is left alone.
 */
@ExtendWith(RealSystemdExtension.class)
class WatchdogIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String WATCHED = "WatchdogSec=2\nRestart=on-watchdog\nRestartSec=100ms\n";

    private static String pidAndRestarts(RealSystemd systemd, String unit) {
        return systemd.property(unit, "MainPID") + "/" + systemd.property(unit, "NRestarts");
    }

    @Test
    void serviceWhoseHeartbeatStopsIsRestartedWhileAHealthyOneIsNot(RealSystemd systemd) throws Exception {
        systemd.installUnit("hung.service", ServiceLifecycleIT.unit(systemd, WATCHED, "heartbeat", "/run/hung.hang"));
        systemd.installUnit(
                "healthy.service", ServiceLifecycleIT.unit(systemd, WATCHED, "heartbeat", "/run/healthy.hang"));
        systemd.start("healthy.service");
        systemd.start("hung.service");
        String healthyBefore = pidAndRestarts(systemd, "healthy.service");
        String hungPid = systemd.property("hung.service", "MainPID");

        Files.writeString(systemd.hostPath("/run/hung.hang"), ""); // its worker stops beating
        systemd.awaitProperty("hung.service", "NRestarts", "1"::equals, WAIT);
        systemd.awaitProperty("hung.service", "ActiveState", "active"::equals, WAIT);
        assertNotEquals(hungPid, systemd.property("hung.service", "MainPID"), "a new process");
        List<JournalRecord> timeouts =
                systemd.awaitJournal(r -> r.get("MESSAGE").contains("Watchdog timeout"), 1, WAIT, "-u", "hung.service");
        assertTrue(
                timeouts.get(0).get("MESSAGE").contains("limit 2s"),
                timeouts.get(0).get("MESSAGE"));
        List<JournalRecord> said = systemd.journal("-u", "hung.service", "_PID=1");
        assertTrue(
                said.stream().anyMatch(r -> r.get("MESSAGE").contains("Main process exited, code=killed")),
                "killed by the watchdog");

        assertEquals(healthyBefore, pidAndRestarts(systemd, "healthy.service"), "the healthy one kept running");
        assertEquals("active", systemd.property("healthy.service", "ActiveState"));
        systemd.stop("hung.service");
        systemd.stop("healthy.service");
    }

    @Test
    void unhealthyServiceSaysWhyInItsStatus(RealSystemd systemd) throws Exception {
        // Without Restart=, the unit stays failed and its last status can be read.
        systemd.installUnit(
                "silent.service", ServiceLifecycleIT.unit(systemd, "WatchdogSec=4\n", "heartbeat", "/run/silent.hang"));
        systemd.start("silent.service");
        Files.writeString(systemd.hostPath("/run/silent.hang"), "");
        String status = systemd.awaitProperty(
                "silent.service", "StatusText", s -> s.startsWith("Unhealthy, watchdog pings stopped"), WAIT);
        assertTrue(status.contains("no heartbeat from worker for"), status);
        systemd.awaitProperty("silent.service", "Result", "watchdog"::equals, WAIT);
        systemd.systemctl("reset-failed", "silent.service");
    }

    @Test
    void deadlockedServiceIsRestarted(RealSystemd systemd) throws Exception {
        systemd.installUnit(
                "deadlock.service", ServiceLifecycleIT.unit(systemd, WATCHED, "deadlock", "/run/deadlock.gate"));
        systemd.start("deadlock.service");
        String before = systemd.property("deadlock.service", "MainPID");
        Files.writeString(systemd.hostPath("/run/deadlock.gate"), "");
        systemd.awaitProperty("deadlock.service", "NRestarts", "1"::equals, WAIT);
        systemd.awaitProperty("deadlock.service", "ActiveState", "active"::equals, WAIT);
        assertNotEquals(before, systemd.property("deadlock.service", "MainPID"));
        systemd.awaitJournal(r -> r.get("MESSAGE").contains("Watchdog timeout"), 1, WAIT, "-u", "deadlock.service");
        // The watchdog logged why it stopped pinging (System.Logger to stderr, which is the journal).
        String why = systemd.awaitJournal(
                        r -> r.get("MESSAGE").contains("watchdog pings stopped"), 1, WAIT, "-u", "deadlock.service")
                .get(0)
                .get("MESSAGE");
        assertTrue(why.contains("deadlock of 2 threads: \"transfer-"), why);
        systemd.stop("deadlock.service");
    }
}
