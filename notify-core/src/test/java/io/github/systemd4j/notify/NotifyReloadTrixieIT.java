package io.github.systemd4j.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.testkit.JournalRecord;
import io.github.systemd4j.testkit.RealSystemd;
import io.github.systemd4j.testkit.RealSystemdExtension;
import io.github.systemd4j.testkit.WithSystemdImage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code Type=notify-reload}, which systemd 253 introduced, under Debian trixie's systemd 257: PID 1
 * sends {@code SIGHUP} itself, and {@code systemctl reload} waits for the {@code RELOADING=1} with
 * {@code MONOTONIC_USEC=} and the {@code READY=1} that {@link ReloadHandler} sends around the
 * application's reload action.
 */
@ExtendWith(RealSystemdExtension.class)
@WithSystemdImage("trixie")
class NotifyReloadTrixieIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String[] STATE = {"ActiveState", "SubState", "ReloadResult", "MainPID", "NRestarts"};

    @Test
    void systemctlReloadReturnsOnlyOnceTheReloadActionIsDone(RealSystemd systemd) throws Exception {
        assertTrue(systemd.version() >= 253, "Type=notify-reload needs systemd 253+: " + systemd.version());
        systemd.installUnit("hup.service", ServiceLifecycleIT.unitOfType(systemd, "notify-reload", "", "reload"));
        systemd.start("hup.service");
        String pid = systemd.property("hup.service", "MainPID");
        assertEquals("Reloaded 0 times", systemd.property("hup.service", "StatusText"));

        // SIGHUP, RELOADING=1 + MONOTONIC_USEC, the action (1.5 s, then its STATUS=), READY=1.
        systemd.reload("hup.service");
        // The action's status went out before READY=1: a reload that returned any earlier finds 0.
        assertEquals("Reloaded 1 times", systemd.property("hup.service", "StatusText"));
        assertEquals(
                Map.of(
                        "ActiveState",
                        "active",
                        "SubState",
                        "running",
                        "ReloadResult",
                        "success",
                        "MainPID",
                        pid,
                        "NRestarts",
                        "0"),
                systemd.show("hup.service", STATE));
        systemd.reload("hup.service");
        assertEquals("Reloaded 2 times", systemd.property("hup.service", "StatusText"));

        List<String> said = systemd.journal("-u", "hup.service", "_PID=1").stream()
                .map(r -> r.get("MESSAGE"))
                .collect(Collectors.toList());
        assertEquals(2, said.stream().filter(m -> m.startsWith("Reloading ")).count(), said.toString());
        assertEquals(2, said.stream().filter(m -> m.startsWith("Reloaded ")).count(), said.toString());
        systemd.stop("hup.service");
    }

    /**
     * systemd 257 has no way for a service to fail a reload it already confirmed with {@code READY=1}:
     * the reload job succeeds and the unit stays active with its old configuration. What the handler
     * sends instead, {@code STATUS=Reload failed: …} and {@code ERRNO=22}, is what {@code systemctl
     * status} shows, until the next successful reload clears both.
     */
    @Test
    void failedReloadActionShowsInStatusAndErrnoUntilTheNextReloadSucceeds(RealSystemd systemd) throws Exception {
        systemd.installUnit(
                "bad.service", ServiceLifecycleIT.unitOfType(systemd, "notify-reload", "", "reload-fails-once"));
        systemd.start("bad.service");
        String pid = systemd.property("bad.service", "MainPID");

        systemd.reload("bad.service");
        Map<String, String> failed = systemd.show("bad.service", "StatusText", "StatusErrno");
        assertEquals("Reload failed: java.lang.IllegalStateException: bad value in line 3", failed.get("StatusText"));
        assertEquals("22", failed.get("StatusErrno"));
        assertEquals(
                Map.of(
                        "ActiveState",
                        "active",
                        "SubState",
                        "running",
                        "ReloadResult",
                        "success",
                        "MainPID",
                        pid,
                        "NRestarts",
                        "0"),
                systemd.show("bad.service", STATE));
        String status = systemd.systemctl("status", "bad.service").output();
        assertTrue(status.contains("Status: \"Reload failed: java.lang.IllegalStateException"), status);
        assertTrue(status.contains("Error: code: 22 (Invalid argument)"), status);
        JournalRecord warning = systemd.awaitJournal(
                        r -> r.get("MESSAGE").contains("reload failed; the previous configuration stays in force"),
                        1,
                        WAIT,
                        "-u",
                        "bad.service")
                .get(0);
        assertEquals("bad.service", warning.get("_SYSTEMD_UNIT"));

        systemd.reload("bad.service");
        Map<String, String> recovered = systemd.show("bad.service", "StatusText", "StatusErrno");
        assertEquals("Serving with the first configuration", recovered.get("StatusText"));
        assertEquals("0", recovered.get("StatusErrno"));
        systemd.stop("bad.service");
    }
}
