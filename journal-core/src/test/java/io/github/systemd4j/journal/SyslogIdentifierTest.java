package io.github.systemd4j.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class SyslogIdentifierTest {
    @Test
    void serviceFromHybridCgroupFile() {
        List<String> lines = List.of(
                "12:pids:/system.slice/other.service",
                "1:name=systemd:/system.slice/billing.service",
                "0::/system.slice/billing.service");
        assertEquals("billing", SyslogIdentifier.serviceFromCgroup(lines));
    }

    @Test
    void serviceFromUnifiedCgroupFile() {
        assertEquals("app@2", SyslogIdentifier.serviceFromCgroup(List.of("0::/system.slice/app@2.service")));
        assertEquals(
                "worker",
                SyslogIdentifier.serviceFromCgroup(
                        List.of("0::/user.slice/user-1000.slice/user@1000.service/app.slice/worker.service")));
    }

    @Test
    void noServiceOutsideOne() {
        assertNull(SyslogIdentifier.serviceFromCgroup(List.of("0::/user.slice/user-1000.slice/session-3.scope")));
        assertNull(SyslogIdentifier.serviceFromCgroup(List.of("0::/", "1:name=systemd:/")));
        assertNull(SyslogIdentifier.serviceFromCgroup(List.of("4:memory:/system.slice/mem.service")));
    }

    @Test
    void noServiceInAScopeBelowTheUserManager() {
        // A program started from a desktop terminal: user@1000.service is the user's service manager,
        // the program itself runs in a scope.
        assertNull(
                SyslogIdentifier.serviceFromCgroup(
                        List.of(
                                "0::/user.slice/user-1000.slice/user@1000.service/app.slice/app-org.gnome.Terminal.slice/vte-spawn-3f2a.scope")));
        assertNull(SyslogIdentifier.serviceFromCgroup(
                List.of("0::/user.slice/user-1000.slice/user@1000.service/app.slice/run-r1c2.scope")));
    }

    @Test
    void serviceOfADelegatedSubgroup() {
        assertEquals("app", SyslogIdentifier.serviceFromCgroup(List.of("0::/system.slice/app.service/payload")));
    }

    @Test
    void commandGivesJarOrMainClass() {
        assertEquals("billing", SyslogIdentifier.fromCommand("/opt/app/billing.jar --port 80"));
        assertEquals("Main", SyslogIdentifier.fromCommand("com.example.Main arg"));
        assertEquals("Main", SyslogIdentifier.fromCommand("com.example/com.example.Main"));
        assertNull(SyslogIdentifier.fromCommand(""));
        assertNull(SyslogIdentifier.fromCommand(null));
    }

    @Test
    void detectNeverReturnsEmpty() {
        assertFalse(SyslogIdentifier.detect().isEmpty());
    }
}
