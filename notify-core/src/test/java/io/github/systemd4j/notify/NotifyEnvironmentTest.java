package io.github.systemd4j.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules of sd_watchdog_enabled(3), as verified against systemd 252. */
class NotifyEnvironmentTest {
    private static final long PID = 4242;

    private static Optional<Duration> watchdog(Map<String, String> env) {
        return NotifyEnvironment.of(env, PID).watchdogTimeout();
    }

    @Test
    void watchdogUnsetMeansNoWatchdog() {
        assertEquals(Optional.empty(), watchdog(Map.of()));
    }

    @Test
    void watchdogForThisProcess() {
        assertEquals(Optional.of(Duration.ofSeconds(2)), watchdog(Map.of("WATCHDOG_USEC", "2000000")));
        assertEquals(
                Optional.of(Duration.ofMillis(1500)),
                watchdog(Map.of("WATCHDOG_USEC", "1500000", "WATCHDOG_PID", String.valueOf(PID))));
    }

    @Test
    void watchdogForAnotherProcessIsNotOurs() {
        assertEquals(Optional.empty(), watchdog(Map.of("WATCHDOG_USEC", "2000000", "WATCHDOG_PID", "1")));
    }

    @Test
    void malformedWatchdogVariablesAreErrors() {
        for (String usec : new String[] {"0", "18446744073709551615", "-5", "2s", "", "18446744073709551616"}) {
            assertThrows(IllegalStateException.class, () -> watchdog(Map.of("WATCHDOG_USEC", usec)), usec);
        }
        assertThrows(
                IllegalStateException.class, () -> watchdog(Map.of("WATCHDOG_USEC", "1000", "WATCHDOG_PID", "self")));
        assertThrows(IllegalStateException.class, () -> watchdog(Map.of("WATCHDOG_USEC", "1000", "WATCHDOG_PID", "0")));
    }

    @Test
    void emptyNotifySocketMeansNone() {
        assertEquals(
                Optional.empty(),
                NotifyEnvironment.of(Map.of("NOTIFY_SOCKET", "")).notifySocket());
        assertEquals(
                Optional.of("/run/systemd/notify"),
                NotifyEnvironment.of(Map.of("NOTIFY_SOCKET", "/run/systemd/notify"))
                        .notifySocket());
    }

    @Test
    void removeFromStripsTheVariablesMeantForThisProcess() {
        Map<String, String> child = new HashMap<>(Map.of(
                "NOTIFY_SOCKET", "/run/systemd/notify",
                "WATCHDOG_USEC", "1",
                "WATCHDOG_PID", "1",
                "LISTEN_FDS", "1",
                "LISTEN_PID", "1",
                "LISTEN_FDNAMES", "web",
                "PATH", "/usr/bin"));
        NotifyEnvironment.removeFrom(child);
        assertEquals(Map.of("PATH", "/usr/bin"), child);
    }

    @Test
    void currentUsesThisProcess() {
        assertEquals(ProcessHandle.current().pid(), NotifyEnvironment.current().pid());
    }
}
