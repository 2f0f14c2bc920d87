package io.github.systemd4j.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.testkit.RealSystemd;
import io.github.systemd4j.testkit.RealSystemdExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A listening socket stored with {@code FDSTORE=1} survives {@code systemctl restart}: the new
 * process gets it back through {@code LISTEN_FDS} and accepts on the same port.
 */
@ExtendWith(RealSystemdExtension.class)
class FdStoreIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("Listening on (\\d+) \\((new|inherited)\\)");

    private static String ask(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                InputStream in = socket.getInputStream()) {
            socket.setSoTimeout(10_000);
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        }
    }

    private static Matcher listening(RealSystemd systemd) {
        String status = systemd.property("web.service", "StatusText");
        Matcher m = LISTENING.matcher(status);
        assertTrue(m.matches(), status);
        return m;
    }

    @Test
    void listeningSocketSurvivesRestartThroughTheFdStore(RealSystemd systemd) throws Exception {
        systemd.installUnit("web.service", ServiceLifecycleIT.unit(systemd, "FileDescriptorStoreMax=1\n", "fdstore"));
        systemd.start("web.service");
        Matcher first = listening(systemd);
        assertEquals("new", first.group(2));
        int port = Integer.parseInt(first.group(1));
        String firstPid = systemd.property("web.service", "MainPID");
        assertEquals(firstPid + " new", ask(port));
        assertEquals("1", systemd.property("web.service", "NFileDescriptorStore"));

        systemd.restart("web.service");
        Matcher second = listening(systemd);
        assertEquals("inherited", second.group(2), "the new process got the stored socket");
        assertEquals(port, Integer.parseInt(second.group(1)));
        String secondPid = systemd.property("web.service", "MainPID");
        assertNotEquals(firstPid, secondPid);
        assertEquals(secondPid + " inherited", ask(port), "and accepts on it");

        // While the next instance is still starting, a client is not refused: the socket stays
        // open in the store, and the connection waits in its backlog until the new process accepts.
        systemd.systemctl("restart", "--no-block", "web.service");
        String third = systemd.awaitProperties(
                        "web.service",
                        unit -> unit.get("ActiveState").equals("activating")
                                && !unit.get("MainPID").equals(secondPid)
                                && !unit.get("MainPID").equals("0"),
                        WAIT,
                        "ActiveState",
                        "MainPID")
                .get("MainPID");
        assertEquals(third + " inherited", ask(port));
        systemd.awaitProperty("web.service", "ActiveState", "active"::equals, WAIT);
        systemd.stop("web.service");
    }
}
