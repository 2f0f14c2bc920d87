package io.github.systemd4j.socket;

import static io.github.systemd4j.socket.ChildProbe.assertAllArrived;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.socket.ChildProbe.Probe;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which transport a JVM ends up with, and that socket-core degrades into {@link
 * SendFailure#UNSUPPORTED} with a status naming the fix instead of throwing an {@link Error}. Each
 * case runs {@link TransportProbe} in a child JVM of the JDK running this test, with the packaged
 * multi-release jar; junixsocket's library is made unloadable with its own {@code
 * org.newsclub.net.unix.library.disable} property, as a hardened unit ({@code NoExecPaths=/}) does.
 */
class TransportFallbackIT {
    private static final boolean JAVA_22 = Runtime.version().feature() >= 22;
    private static final String NO_JUNIXSOCKET = ChildProbe.NO_JUNIXSOCKET;
    private static final String JUNIXSOCKET_ONLY = "-D" + TransportProbe.JUNIXSOCKET_ONLY + "=true";

    @TempDir
    Path dir;

    private Probe probe(String... jvmArgs) throws Exception {
        return ChildProbe.run(dir, jvmArgs);
    }

    @Test
    void defaultIsFfmOnJava22AndJunixsocketBefore() throws Exception {
        Probe p = probe();
        assertEquals(JAVA_22 ? "ffm" : "junixsocket", p.get("transport"), p.output);
        assertEquals(JAVA_22 ? "SEALED_MEMFD" : "UNLINKED_FILE", p.get("carrier"), p.output);
        assertAllArrived(p);
    }

    @Test
    void withoutJunixsocketsLibraryJava22SendsThroughFfmAndOlderJavaSaysHowToFixTheUnit() throws Exception {
        Probe p = probe(NO_JUNIXSOCKET);
        if (JAVA_22) {
            assertEquals("ffm", p.get("transport"), p.output);
            assertEquals("SEALED_MEMFD", p.get("carrier"), p.output);
            assertAllArrived(p);
            assertFalse(p.output.contains("UnsatisfiedLinkError"), "junixsocket was never loaded:\n" + p.output);
        } else {
            assertEquals("false", p.get("usable"), p.output);
            assertTrue(p.get("send").startsWith("UNSUPPORTED "), p.output);
            assertTrue(p.get("send").contains("-Dorg.newsclub.net.unix.library.tmpdir=/run/app"), p.output);
            assertTrue(p.get("send").contains("ExecPaths=/run/app"), p.output);
            assertTrue(p.get("send").contains("Java 22+"), p.output);
            assertEquals("UNLINKED_FILE", p.get("carrier"), "the pure-Java carrier still works");
            assertTrue(p.get("fd").startsWith("UNSUPPORTED "), p.output);
            assertTrue(p.get("pipe").startsWith("IOException "), p.output);
            assertTrue(p.get("pipe").contains("ExecPaths=/run/app"), p.output);
            assertEquals(0, p.received.size());
        }
    }

    @Test
    void withoutJunixsocketsLibrarySocketActivationAndReceiversFailAtTheCallNamingTheFix() throws Exception {
        Probe p = probe(NO_JUNIXSOCKET, JUNIXSOCKET_ONLY);
        for (String key : new String[] {"adopt", "channelfd", "receiver"}) {
            String outcome = p.get(key);
            assertTrue(outcome.startsWith("IOException "), p.output);
            assertTrue(outcome.contains("needs junixsocket's native library on every Java version"), outcome);
            assertTrue(outcome.contains("ExecPaths=/run/app"), outcome);
            assertFalse(outcome.contains("Java 22+"), "Java 22+ does not help here: " + outcome);
        }
        assertTrue(p.get("foreignfd").startsWith("UNSUPPORTED "), p.output);
        assertTrue(p.get("foreignfd").contains("ExecPaths=/run/app"), p.output);
    }

    @Test
    void withJunixsocketsLibrarySocketActivationAndReceiversWork() throws Exception {
        Probe p = probe(JUNIXSOCKET_ONLY);
        // 999999 is never open: junixsocket says so, instead of lacking its library.
        assertFalse(p.get("adopt").startsWith("OK") || p.get("adopt").contains("native library"), p.output);
        assertEquals("OK", p.get("channelfd"), p.output);
        assertEquals("OK", p.get("receiver"), p.output);
        assertEquals("OK", p.get("foreignfd"), p.output);
    }

    @Test
    void thePropertyForcesJunixsocket() throws Exception {
        Probe p = probe("-D" + SocketTransport.PROPERTY + "=junixsocket");
        assertEquals("junixsocket", p.get("transport"), p.output);
        assertTrue(p.get("status").contains("forced by -Dsystemd4j.socket.transport=junixsocket"), p.output);
        assertAllArrived(p);
    }

    @Test
    void forcingFfmWorksFromJava22AndSaysItNeedsJava22Before() throws Exception {
        Probe p = probe("-D" + SocketTransport.PROPERTY + "=ffm");
        assertEquals("ffm", p.get("transport"), p.output);
        if (JAVA_22) {
            assertAllArrived(p);
        } else {
            assertEquals("false", p.get("usable"), p.output);
            assertTrue(p.get("send").startsWith("UNSUPPORTED ") && p.get("send").contains("Java 22+"), p.output);
            assertTrue(p.get("pipe").startsWith("IOException ") && p.get("pipe").contains("Java 22+"), p.output);
        }
    }
}
