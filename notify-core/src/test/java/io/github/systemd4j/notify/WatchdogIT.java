package io.github.systemd4j.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.testkit.JournalRecord;
import io.github.systemd4j.testkit.RealSystemd;
import io.github.systemd4j.testkit.RealSystemdExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The health-gated watchdog under a real systemd PID 1: a process that runs but no longer works is
 * killed and restarted; a working one is left alone, also when a check fails briefly, when checks
 * are slow, and when the timeout is lowered at run time.
 */
@ExtendWith(RealSystemdExtension.class)
class WatchdogIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String WATCHED = "WatchdogSec=2\nRestart=on-watchdog\nRestartSec=100ms\n";
    // Long enough that a loaded machine's pauses cannot stand in for the watchdog's own margins.
    private static final String WATCHED_6S = "WatchdogSec=6\nRestart=on-watchdog\nRestartSec=100ms\n";
    private static final Duration LONG_WAIT = Duration.ofSeconds(90);

    private static String pidAndRestarts(RealSystemd systemd, String unit) {
        return systemd.property(unit, "MainPID") + "/" + systemd.property(unit, "NRestarts");
    }

    @Test
    void serviceWhoseHeartbeatStopsIsRestartedWhileAHealthyOneIsNot(RealSystemd systemd) throws Exception {
        systemd.installUnit("hung.service", ServiceLifecycleIT.unit(systemd, WATCHED, "heartbeat", "/run/hung.hang"));
        // The healthy one gets 6 s: with 2 s, a pause of the loaded machine while the hung one restarts
        // beside it could make it miss a ping.
        systemd.installUnit(
                "healthy.service", ServiceLifecycleIT.unit(systemd, WATCHED_6S, "heartbeat", "/run/healthy.hang"));
        systemd.start("healthy.service");
        systemd.start("hung.service");
        String healthyBefore = pidAndRestarts(systemd, "healthy.service");
        String healthyPing = systemd.property("healthy.service", "WatchdogTimestampMonotonic");
        String hungPid = systemd.property("hung.service", "MainPID");

        systemd.writeFile("/run/hung.hang", ""); // its worker stops beating
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

        // At least one ping of the healthy one after its start, so that it was watched, not just young.
        systemd.awaitProperty("healthy.service", "WatchdogTimestampMonotonic", t -> !t.equals(healthyPing), WAIT);
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
        systemd.writeFile("/run/silent.hang", "");
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
        systemd.writeFile("/run/deadlock.gate", "");
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

    /** Waits until the service reports what it waited for, or systemd restarted it first. */
    private static Map<String, String> awaitReportOrRestart(RealSystemd systemd, String unit, String report) {
        return systemd.awaitProperties(
                unit,
                u -> u.get("StatusText").startsWith(report)
                        || !u.get("NRestarts").equals("0"),
                LONG_WAIT,
                "StatusText",
                "NRestarts",
                "MainPID");
    }

    @Test
    void checkThatFailsBrieflyCostsNoRestartWhileALongerOutageDoes(RealSystemd systemd) throws Exception {
        // WatchdogSec=6: the first failed round comes at most 3 s after the last ping. An outage of
        // 1.5 s whose checks each take 0.5 s (a timing-out database ping) ends by then + 1.5 s, and
        // the recheck a tenth of a timeout later pings with 1.2 s to spare. (Rechecking only half a
        // timeout after the failed round pinged 6.5 s after the last ping: restarted.)
        systemd.installUnit(
                "blip.service",
                ServiceLifecycleIT.unit(systemd, WATCHED_6S, "outage", "/run/blip.gate", "1500", "500"));
        // An outage of 9 s, longer than the timeout.
        systemd.installUnit(
                "outage.service",
                ServiceLifecycleIT.unit(systemd, WATCHED_6S, "outage", "/run/outage.gate", "9000", "0"));
        systemd.start("blip.service");
        systemd.start("outage.service");
        String blipPid = systemd.property("blip.service", "MainPID");
        systemd.writeFile("/run/blip.gate", "");
        systemd.writeFile("/run/outage.gate", "");

        Map<String, String> blip = awaitReportOrRestart(systemd, "blip.service", "Outage over");
        assertEquals("0", blip.get("NRestarts"), "restarted for a brief outage: " + blip);
        assertEquals(blipPid, blip.get("MainPID"));
        assertTrue(
                blip.get("StatusText").matches("Outage over after [1-9][0-9]* failed checks; 3 pings since"),
                blip.get("StatusText"));
        systemd.awaitJournal(r -> r.get("MESSAGE").contains("healthy again"), 1, LONG_WAIT, "-u", "blip.service");

        systemd.awaitProperty("outage.service", "NRestarts", "1"::equals, LONG_WAIT);
        systemd.awaitJournal(
                r -> r.get("MESSAGE").contains("Watchdog timeout (limit 6s)"), 1, LONG_WAIT, "-u", "outage.service");
        systemd.stop("blip.service");
        systemd.stop("outage.service");
    }

    @Test
    void loweringTheTimeoutAtRunTimeKeepsAHealthyServiceAlive(RealSystemd systemd) throws Exception {
        // WatchdogSec=30, then WATCHDOG_USEC= for 4 s: systemd expects a ping within 4 s of the
        // change, while a watchdog sleeping out the old interval would ping 15 s after the last one.
        systemd.installUnit(
                "lowered.service",
                ServiceLifecycleIT.unit(
                        systemd, "WatchdogSec=30\nRestart=on-watchdog\nRestartSec=100ms\n", "change-timeout", "4"));
        systemd.start("lowered.service");
        String pid = systemd.property("lowered.service", "MainPID");
        Map<String, String> lowered = awaitReportOrRestart(systemd, "lowered.service", "Alive three timeouts of 4 s");
        assertEquals("0", lowered.get("NRestarts"), "killed after lowering the timeout: " + lowered);
        assertEquals(pid, lowered.get("MainPID"));
        assertEquals("4s", systemd.property("lowered.service", "WatchdogUSec"), "the new timeout is in force");
        systemd.stop("lowered.service");
    }

    @Test
    void slowChecksDoNotEatTheMargin(RealSystemd systemd) throws Exception {
        // WatchdogSec=6 and checks of 4 s: rounds back to back ping every 4 s. Waiting half a
        // timeout after each round, as before, pinged every 7 s: restarted.
        systemd.installUnit("slow-check.service", ServiceLifecycleIT.unit(systemd, WATCHED_6S, "slow-check", "4000"));
        systemd.start("slow-check.service");
        String pid = systemd.property("slow-check.service", "MainPID");
        Map<String, String> slow =
                awaitReportOrRestart(systemd, "slow-check.service", "3 pings with checks of 4000 ms");
        assertEquals("0", slow.get("NRestarts"), "restarted although every check passed: " + slow);
        assertEquals(pid, slow.get("MainPID"));
        systemd.stop("slow-check.service");
    }
}
