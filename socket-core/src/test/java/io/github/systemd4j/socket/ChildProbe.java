package io.github.systemd4j.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link TransportProbe} in a child JVM of the JDK running the test, with the packaged
 * multi-release jar, and collects what it printed and what reached its receiver.
 */
final class ChildProbe {
    /** Makes junixsocket's library unloadable, as a hardened unit ({@code NoExecPaths=/}) does. */
    static final String NO_JUNIXSOCKET = "-Dorg.newsclub.net.unix.library.disable=true";

    private ChildProbe() {}

    /** What the child printed, and what reached the receiver (a passed file as its contents). */
    static final class Probe {
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

    static Probe run(Path dir, String... jvmArgs) throws Exception {
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
        String text = new String(d.payload(), StandardCharsets.US_ASCII);
        if (d.fileDescriptors().isEmpty()) {
            return text;
        }
        if (text.equals("BARRIER=1")) {
            return text + " and " + d.fileDescriptors().size() + " descriptor"; // a pipe's write end: not readable
        }
        byte[] file = ReceivedDatagram.readFile(d.fileDescriptors().get(0));
        return d.payload().length + " bytes and file " + new String(file, StandardCharsets.US_ASCII);
    }

    /** The datagram, the file and the barrier pipe all arrived. */
    static void assertAllArrived(Probe p) {
        assertEquals("OK", p.get("send"), p.output);
        assertEquals("OK", p.get("fd"), p.output);
        assertEquals("HELD", p.get("pipe"), p.output);
        assertEquals(
                List.of("PROBE=1\n", "0 bytes and file CARRIED=1\n", "BARRIER=1 and 1 descriptor"),
                p.received,
                p.output);
    }
}
