package io.github.systemd4j.socket;

import static io.github.systemd4j.socket.ChildProbe.NO_JUNIXSOCKET;
import static io.github.systemd4j.socket.ChildProbe.assertAllArrived;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.socket.ChildProbe.Probe;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Native access on Java 22+: denied, it is reported with the option that grants it; granted, the FFM
 * transport needs no junixsocket and prints no warning. The options do not exist before Java 22, so
 * the build runs this class on JDK 25 only.
 */
class NativeAccessIT {
    @TempDir
    Path dir;

    @Test
    void deniedNativeAccessIsReportedWithTheOptionThatGrantsIt() throws Exception {
        Probe p = ChildProbe.run(dir, "--illegal-native-access=deny", "-D" + TransportProbe.JUNIXSOCKET_ONLY + "=true");
        assertEquals("none", p.get("transport"), p.output);
        assertEquals("false", p.get("usable"), p.output);
        assertTrue(p.get("status").contains("--enable-native-access=ALL-UNNAMED"), p.output);
        assertTrue(p.get("send").startsWith("UNSUPPORTED "), p.output);
        assertEquals("UNLINKED_FILE", p.get("carrier"), p.output);
        assertTrue(p.get("fd").startsWith("UNSUPPORTED "), p.output);
        assertTrue(
                p.get("pipe").startsWith("IOException ") && p.get("pipe").contains("--enable-native-access"), p.output);
        assertTrue(
                p.get("adopt").startsWith("IOException ") && p.get("adopt").contains("--enable-native-access"),
                p.output);
        assertEquals(0, p.received.size());
    }

    @Test
    void grantedNativeAccessNeedsNoJunixsocketAndPrintsNoWarning() throws Exception {
        Probe p = ChildProbe.run(
                dir, "--illegal-native-access=deny", "--enable-native-access=ALL-UNNAMED", NO_JUNIXSOCKET);
        assertEquals("ffm", p.get("transport"), p.output);
        assertAllArrived(p);
        assertFalse(p.output.contains("WARNING"), p.output);
    }
}
