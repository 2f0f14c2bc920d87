package io.github.systemd4j.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.socket.DatagramSender;
import io.github.systemd4j.socket.SenderOptions;
import io.github.systemd4j.socket.UnixAddress;
import io.github.systemd4j.testkit.Prerequisites;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Socket activation of a real child JVM by {@code systemd-socket-activate}, which passes sockets
 * exactly as PID 1 does ({@code LISTEN_FDS}, {@code LISTEN_PID}, {@code LISTEN_FDNAMES}).
 */
class SocketActivationIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** Runs {@link ActivatedService} in a mode under systemd-socket-activate with its options. */
    private Process activate(Path output, String mode, String... activateArgs) throws IOException {
        Prerequisites.require(
                Files.isExecutable(Path.of("/usr/bin/systemd-socket-activate")),
                "systemd-socket-activate (package systemd) is missing");
        List<String> command = new ArrayList<>(List.of("systemd-socket-activate"));
        command.addAll(List.of(activateArgs));
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                ActivatedService.class.getName(),
                mode));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
    }

    private static String request(SocketChannel channel) throws IOException {
        try (channel) {
            ByteBuffer in = ByteBuffer.allocate(4096);
            while (channel.read(in) >= 0) {
                if (!in.hasRemaining()) {
                    break;
                }
            }
            return new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    @Test
    void streamSocketsArriveNamedAdoptedAndAccepting() throws Exception {
        Path web = dir.resolve("web.sock");
        int port = freePort();
        Path output = dir.resolve("out");
        Process activator =
                activate(output, "stream", "-l", web.toString(), "-l", "127.0.0.1:" + port, "--fdname=web:api");
        try {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!Files.exists(web) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            String first = request(SocketChannel.open(UnixDomainSocketAddress.of(web)));
            String second = request(SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
            assertTrue(activator.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), Files.readString(output));

            assertTrue(first.startsWith("served by web\n"), first);
            assertTrue(second.startsWith("served by api\n"), second);
            assertTrue(first.contains("names [web, api]\n"), first);
            assertTrue(first.contains("same object true\n"), first);
            assertTrue(first.contains("socket descriptors 2\n"), first);
            assertTrue(first.contains("sockets without FD_CLOEXEC []\n"), first);
            assertTrue(first.contains("web from 3 at " + web + "\n"), first);
            assertTrue(first.contains("api from 4 at /127.0.0.1:" + port + "\n"), first);
            assertEquals(0, activator.exitValue(), Files.readString(output));
        } finally {
            activator.destroyForcibly();
        }
    }

    @Test
    void datagramSocketArrivesAndReads() throws Exception {
        Path events = dir.resolve("events.sock");
        Path output = dir.resolve("out");
        Process activator = activate(output, "datagram", "--datagram", "-l", events.toString(), "--fdname=events");
        try {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!Files.exists(events) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            try (DatagramSender sender = DatagramSender.open(UnixAddress.ofPath(events), SenderOptions.defaults())) {
                sender.send(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)));
            }
            assertTrue(activator.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
            String out = Files.readString(output);
            assertTrue(out.contains("names [events]\n"), out);
            assertTrue(out.contains("socket descriptors 1\n"), out);
            assertTrue(out.contains("sockets without FD_CLOEXEC []\n"), out);
            assertTrue(out.contains("events from 3 at " + events + "\n"), out);
            assertTrue(out.contains("received ping\n"), out);
            assertEquals(0, activator.exitValue(), out);
        } finally {
            activator.destroyForcibly();
        }
    }

    @Test
    void notifierReachesAnAbstractNameBoundBySystemdsOwnCode() throws Exception {
        // systemd-socket-activate binds "@name" with systemd's exact address length: a padded or
        // otherwise different encoding on our side would miss it.
        String name = "systemd4j-grüße-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Path output = dir.resolve("out");
        Process activator = activate(output, "datagram", "--datagram", "-l", "@" + name, "--fdname=events");
        try {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!Files.readString(Path.of("/proc/net/unix")).contains("@" + name) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            try (SystemdNotifier notifier =
                    SystemdNotifier.fromEnvironment(java.util.Map.of("NOTIFY_SOCKET", "@" + name))) {
                notifier.status("sent to an abstract name");
            }
            assertTrue(activator.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
            String out = Files.readString(output);
            assertTrue(out.contains("received STATUS=sent to an abstract name\n"), out);
            assertEquals(0, activator.exitValue(), out);
        } finally {
            activator.destroyForcibly();
        }
    }
}
