package io.github.systemd4j.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.testkit.RealSystemd;
import io.github.systemd4j.testkit.RealSystemdExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Readiness, status, timeout extension and reload of a Java service under a real systemd PID 1. */
@ExtendWith(RealSystemdExtension.class)
class ServiceLifecycleIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The slow-start units' TimeoutStartSec=: far more than a JVM needs to start on a busy machine. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    /** What each of the extender's messages grants; it sends one every third of it. */
    private static final Duration EXTENSION = Duration.ofSeconds(3);

    /** A unit running {@link TestService} in a mode; small heap, quick JIT, no core dumps. */
    static String unit(RealSystemd systemd, String serviceLines, String... args) {
        return unitOfType(systemd, "notify", serviceLines, args);
    }

    /** The same with another {@code Type=}, such as {@code notify-reload}. */
    static String unitOfType(RealSystemd systemd, String type, String serviceLines, String... args) {
        return "[Service]\nType=" + type + "\nEnvironment=JAVA_TOOL_OPTIONS=\"-Xmx64m -XX:TieredStopAtLevel=1\"\n"
                + "LimitCORE=0\n" + serviceLines + "ExecStart=" + systemd.javaCommand(TestService.class, args) + "\n";
    }

    @Test
    void notifyServiceIsActivatingUntilReadyThenActiveWithItsStatusAndBarrier(RealSystemd systemd) throws Exception {
        systemd.installUnit("ready.service", unit(systemd, "", "ready", "/run/ready.gate"));
        systemd.startNoBlock("ready.service");
        systemd.awaitProperty("ready.service", "MainPID", pid -> !pid.equals("0"), WAIT);
        assertEquals("activating", systemd.property("ready.service", "ActiveState"));

        systemd.writeFile("/run/ready.gate", "");
        systemd.awaitProperty("ready.service", "ActiveState", "active"::equals, WAIT);
        Map<String, String> unit = systemd.show("ready.service", "StatusText", "MainPID", "SubState");
        assertEquals("Serving, pid " + unit.get("MainPID") + ", Grüße", unit.get("StatusText"));
        assertEquals("running", unit.get("SubState"));
        String status = systemd.systemctl("status", "ready.service").output();
        assertTrue(status.contains("Status: \"Serving, pid " + unit.get("MainPID")), status);
        // BARRIER=1 with a pipe: PID 1 closed the descriptor, so the service's barrier returned.
        systemd.awaitJournal(
                r -> r.get("MESSAGE").startsWith("barrier confirmed by the service manager in "),
                1,
                WAIT,
                "-u",
                "ready.service");
        systemd.stop("ready.service");
    }

    @Test
    void extendTimeoutKeepsAStartAliveLongPastTimeoutStartSec(RealSystemd systemd) throws Exception {
        // TimeoutStartSec= leaves room for the slowest JVM start before the first EXTEND_TIMEOUT_USEC=,
        // which the service sends first thing; then it starts until the test opens its gate.
        String timeout = "TimeoutStartSec=" + START_TIMEOUT.toSeconds() + "\n";
        String extension = Long.toString(EXTENSION.toSeconds());
        systemd.installUnit(
                "slow-extended.service", unit(systemd, timeout, "slow-start", extension, "/run/slow-extended.gate"));
        systemd.installUnit("slow-plain.service", unit(systemd, timeout, "slow-start", "0", "/run/slow-plain.gate"));
        systemd.startNoBlock("slow-extended.service");
        systemd.startNoBlock("slow-plain.service");

        // The same start without the extender fails: the test can tell the difference.
        systemd.awaitProperty("slow-plain.service", "ActiveState", "failed"::equals, START_TIMEOUT.plus(WAIT));
        assertEquals("timeout", systemd.property("slow-plain.service", "Result"));

        // One extension sent before the timeout lasts at most EXTENSION past it; later than that, only
        // the repeated ones keep the start alive.
        long activating = Long.parseLong(systemd.property("slow-extended.service", "InactiveExitTimestampMonotonic"));
        long proof = activating + START_TIMEOUT.plus(EXTENSION).plusSeconds(1).toNanos() / 1000;
        while (MonotonicClock.nowMicros() < proof) {
            Thread.sleep(Math.max(1, (proof - MonotonicClock.nowMicros()) / 1000));
        }
        assertEquals("activating", systemd.property("slow-extended.service", "ActiveState"));

        systemd.writeFile("/run/slow-extended.gate", "");
        systemd.awaitProperty("slow-extended.service", "ActiveState", "active"::equals, WAIT);
        assertEquals("Started when the gate opened", systemd.property("slow-extended.service", "StatusText"));
        systemd.stop("slow-extended.service");
    }

    @Test
    void reloadOnSighupSendsReloadingThenReady(RealSystemd systemd) throws Exception {
        systemd.installUnit(
                "reload.service", unit(systemd, "ExecReload=/bin/kill -HUP $MAINPID\n", "reload", "/run/reload.gate"));
        systemd.start("reload.service");
        assertEquals("Reloaded 0 times", systemd.property("reload.service", "StatusText"));

        systemd.systemctl("reload", "--no-block", "reload.service");
        // kill(1) is done in milliseconds: once it is (no control process), only RELOADING=1 keeps
        // the unit "reloading" until the reload action (waiting for the gate) is done and READY=1 ends it.
        systemd.awaitProperties(
                "reload.service",
                unit -> unit.get("ActiveState").equals("reloading")
                        && unit.get("ControlPID").equals("0"),
                WAIT,
                "ActiveState",
                "ControlPID");
        assertEquals("Reloaded 0 times", systemd.property("reload.service", "StatusText"));
        systemd.writeFile("/run/reload.gate", "");
        systemd.awaitProperty("reload.service", "ActiveState", "active"::equals, WAIT);
        assertEquals("Reloaded 1 times", systemd.property("reload.service", "StatusText"));
        assertEquals("0", systemd.property("reload.service", "NRestarts"));
        systemd.stop("reload.service");
    }

    @Test
    void sighupDuringStartWaitsUntilReadyInsteadOfKillingTheService(RealSystemd systemd) throws Exception {
        // The handler is installed first thing; the start then waits for the gate.
        systemd.installUnit("early-hup.service", unit(systemd, "", "reload-early", "/run/early-hup.gate"));
        systemd.startNoBlock("early-hup.service");
        systemd.awaitJournal(
                r -> r.get("MESSAGE").equals("SIGHUP handler installed"), 1, WAIT, "-u", "early-hup.service");
        String pid = systemd.property("early-hup.service", "MainPID");

        RealSystemd.CommandResult kill = systemd.systemctl("kill", "--signal=HUP", "early-hup.service");
        assertEquals(0, kill.exitCode(), kill.output());
        systemd.awaitJournal(
                r -> r.get("MESSAGE").contains("SIGHUP before READY=1"), 1, WAIT, "-u", "early-hup.service");
        // Neither killed nor declared ready by the reload's READY=1.
        Map<String, String> starting = systemd.show("early-hup.service", "ActiveState", "MainPID");
        assertEquals(Map.of("ActiveState", "activating", "MainPID", pid), starting);

        systemd.writeFile("/run/early-hup.gate", "");
        // READY=1 with "Reloaded 0 times", then the deferred reload: the reload came after readiness.
        Map<String, String> ready = systemd.awaitProperties(
                "early-hup.service",
                u -> u.get("ActiveState").equals("active")
                        && u.get("StatusText").equals("Reloaded 1 times"),
                WAIT,
                "ActiveState",
                "StatusText",
                "MainPID",
                "NRestarts");
        assertEquals(pid, ready.get("MainPID"));
        assertEquals("0", ready.get("NRestarts"));
        systemd.stop("early-hup.service");
    }
}
