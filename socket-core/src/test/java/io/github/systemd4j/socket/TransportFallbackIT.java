package io.github.systemd4j.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    private static final String NO_JUNIXSOCKET = "-Dorg.newsclub.net.unix.library.disable=true";

    @TempDir
    Path dir;

    /** What the child printed, and what reached the receiver (a passed file as its contents). */
    private static final class Probe {
        final String output;
        final List<String> received = new ArrayList<>();

        Probe(String output) {
            this.output = output;
        }

        String get(String key) {
            for (String line : output.split("\n")) {
                if (line.startsWith(key + "=")) {
                    return line.substring(key.length() + 1);
                }
            }
            return null;
        }
    }

    private Probe probe(String... jvmArgs) throws Exception {
        UnixAddress address = UnixAddress.ofPath(dir.resolve("receiver"));
        try (DatagramReceiver receiver = DatagramReceiver.bind(address)) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of(jvmArgs));
            command.addAll(List.of(
                    "-cp",
                    System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                    TransportProbe.class.getName(),
                    address.toString()));
            Process child =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(1, TimeUnit.MINUTES), output);
            assertNull(new Probe(output).get("escaped"), output);
            assertEquals(0, child.exitValue(), output);
            Probe probe = new Probe(output);
            while (true) {
                try (ReceivedDatagram d = receiver.receive(Duration.ofMillis(200))) {
                    if (d == null) {
                        return probe;
                    }
                    probe.received.add(describe(d));
                }
            }
        }
    }

    private static String describe(ReceivedDatagram d) throws IOException {
        if (d.fileDescriptors().isEmpty()) {
            return new String(d.payload(), StandardCharsets.US_ASCII);
        }
        byte[] file = ReceivedDatagram.readFile(d.fileDescriptors().get(0));
        return d.payload().length + " bytes and file " + new String(file, StandardCharsets.US_ASCII);
    }

    private static void assertBothArrived(Probe p) {
        assertEquals("OK", p.get("send"), p.output);
        assertEquals("OK", p.get("fd"), p.output);
        assertEquals(List.of("PROBE=1\n", "0 bytes and file CARRIED=1\n"), p.received, p.output);
    }

    @Test
    void defaultIsFfmOnJava22AndJunixsocketBefore() throws Exception {
        Probe p = probe();
        assertEquals(JAVA_22 ? "ffm" : "junixsocket", p.get("transport"), p.output);
        assertEquals(JAVA_22 ? "SEALED_MEMFD" : "UNLINKED_FILE", p.get("carrier"), p.output);
        assertBothArrived(p);
    }

    @Test
    void withoutJunixsocketsLibraryJava22SendsThroughFfmAndOlderJavaSaysHowToFixTheUnit() throws Exception {
        Probe p = probe(NO_JUNIXSOCKET);
        if (JAVA_22) {
            assertEquals("ffm", p.get("transport"), p.output);
            assertEquals("SEALED_MEMFD", p.get("carrier"), p.output);
            assertBothArrived(p);
            assertFalse(p.output.contains("UnsatisfiedLinkError"), "junixsocket was never loaded:\n" + p.output);
        } else {
            assertEquals("false", p.get("usable"), p.output);
            assertTrue(p.get("send").startsWith("UNSUPPORTED "), p.output);
            assertTrue(p.get("send").contains("-Dorg.newsclub.net.unix.library.tmpdir=/run/app"), p.output);
            assertTrue(p.get("send").contains("ExecPaths=/run/app"), p.output);
            assertTrue(p.get("send").contains("Java 22+"), p.output);
            assertEquals("UNLINKED_FILE", p.get("carrier"), "the pure-Java carrier still works");
            assertTrue(p.get("fd").startsWith("UNSUPPORTED "), p.output);
            assertEquals(0, p.received.size());
        }
    }

    @Test
    void deniedNativeAccessIsReportedWithTheOptionThatGrantsIt() throws Exception {
        assumeTrue(JAVA_22, "--illegal-native-access exists on JDK 24+, FFM on 22+");
        Probe p = probe("--illegal-native-access=deny");
        assertEquals("none", p.get("transport"), p.output);
        assertEquals("false", p.get("usable"), p.output);
        assertTrue(p.get("status").contains("--enable-native-access=ALL-UNNAMED"), p.output);
        assertTrue(p.get("send").startsWith("UNSUPPORTED "), p.output);
        assertEquals("UNLINKED_FILE", p.get("carrier"), p.output);
        assertTrue(p.get("fd").startsWith("UNSUPPORTED "), p.output);
        assertEquals(0, p.received.size());
    }

    @Test
    void grantedNativeAccessNeedsNoJunixsocketAndPrintsNoWarning() throws Exception {
        assumeTrue(JAVA_22, "the FFM transport needs Java 22+");
        Probe p = probe("--illegal-native-access=deny", "--enable-native-access=ALL-UNNAMED", NO_JUNIXSOCKET);
        assertEquals("ffm", p.get("transport"), p.output);
        assertBothArrived(p);
        assertFalse(p.output.contains("WARNING"), p.output);
    }

    @Test
    void thePropertyForcesJunixsocket() throws Exception {
        Probe p = probe("-D" + SocketTransport.PROPERTY + "=junixsocket");
        assertEquals("junixsocket", p.get("transport"), p.output);
        assertTrue(p.get("status").contains("forced by -Dsystemd4j.socket.transport=junixsocket"), p.output);
        assertBothArrived(p);
    }

    @Test
    void forcingFfmBeforeJava22SaysItNeedsJava22() throws Exception {
        assumeTrue(!JAVA_22, "on Java 22+ forcing FFM changes nothing");
        Probe p = probe("-D" + SocketTransport.PROPERTY + "=ffm");
        assertEquals("ffm", p.get("transport"), p.output);
        assertEquals("false", p.get("usable"), p.output);
        assertTrue(p.get("send").startsWith("UNSUPPORTED ") && p.get("send").contains("Java 22+"), p.output);
    }
}
