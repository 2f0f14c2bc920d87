package io.github.systemd4j.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules of sd_listen_fds_with_names(3), as verified against systemd 252. */
class SocketActivationTest {
    private static final long PID = 777;

    private static List<String> names(Map<String, String> env) {
        return SocketActivation.names(NotifyEnvironment.of(env, PID));
    }

    @Test
    void nothingPassedWithoutListenPidOrFds() {
        assertEquals(List.of(), names(Map.of()));
        assertEquals(List.of(), names(Map.of("LISTEN_FDS", "2")));
        assertEquals(List.of(), names(Map.of("LISTEN_PID", "777")));
    }

    @Test
    void descriptorsForAnotherProcessAreNotOurs() {
        assertEquals(List.of(), names(Map.of("LISTEN_PID", "1", "LISTEN_FDS", "2", "LISTEN_FDNAMES", "a:b")));
    }

    @Test
    void namesComeInOrderAndKeepEmptyOnes() {
        assertEquals(
                List.of("web", "admin"),
                names(Map.of("LISTEN_PID", "777", "LISTEN_FDS", "2", "LISTEN_FDNAMES", "web:admin")));
        assertEquals(
                List.of("a", "", ""), names(Map.of("LISTEN_PID", "777", "LISTEN_FDS", "3", "LISTEN_FDNAMES", "a::")));
    }

    @Test
    void withoutNamesEveryDescriptorIsUnknown() {
        assertEquals(List.of("unknown", "unknown"), names(Map.of("LISTEN_PID", "777", "LISTEN_FDS", "2")));
    }

    @Test
    void malformedVariablesAreErrors() {
        assertThrows(IllegalStateException.class, () -> names(Map.of("LISTEN_PID", "777", "LISTEN_FDS", "0")));
        assertThrows(IllegalStateException.class, () -> names(Map.of("LISTEN_PID", "777", "LISTEN_FDS", "x")));
        assertThrows(IllegalStateException.class, () -> names(Map.of("LISTEN_PID", "me", "LISTEN_FDS", "1")));
        assertThrows(
                IllegalStateException.class,
                () -> names(Map.of("LISTEN_PID", "777", "LISTEN_FDS", "2", "LISTEN_FDNAMES", "only-one")));
    }
}
