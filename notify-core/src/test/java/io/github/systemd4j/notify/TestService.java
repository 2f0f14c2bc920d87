package io.github.systemd4j.notify;

import io.github.systemd4j.socket.InheritedDescriptor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Java service the real-systemd tests run as {@code ExecStart=}, one behaviour per mode. Gate
 * files under {@code /run} let a test decide when something happens.
 */
final class TestService {
    private TestService() {}

    public static void main(String[] args) throws Exception {
        SystemdNotifier systemd = SystemdNotifier.fromEnvironment();
        long pid = ProcessHandle.current().pid();
        switch (args[0]) {
            case "ready": // activating until the gate opens, then READY=1 with a status and a barrier
                awaitFile(Path.of(args[1]));
                systemd.ready("Serving, pid " + pid + ", Grüße");
                long start = System.nanoTime();
                systemd.barrier(Duration.ofSeconds(10));
                System.out.println(
                        "barrier confirmed by the service manager in " + (System.nanoTime() - start) / 1000 + " µs");
                break;
            case "heartbeat": // a worker loop that stops beating while the hang file exists
                heartbeat(systemd, Path.of(args[1]));
                break;
            case "deadlock": // two threads deadlock once the gate opens
                deadlock(systemd, Path.of(args[1]));
                break;
            case "slow-start": // starting until the gate opens, extending by args[1] seconds (0: not at all)
                long extension = Long.parseLong(args[1]);
                try (TimeoutExtender extender = extension > 0
                        ? TimeoutExtender.start(systemd, Duration.ofSeconds(extension), Duration.ofMinutes(5))
                        : null) {
                    awaitFile(Path.of(args[2]));
                }
                systemd.ready("Started when the gate opened");
                break;
            case "fdstore": // a listener that survives restarts in the fd store
                serve(systemd, pid);
                return;
            case "reload": // SIGHUP reloads, slowly enough to be seen
                reloadable(systemd);
                break;
            case "reload-fails-once": // the first reload's action throws, later ones succeed
                AtomicInteger attempts = new AtomicInteger();
                ReloadHandler.onSighup(systemd, () -> {
                    if (attempts.incrementAndGet() == 1) {
                        throw new IllegalStateException("bad value in line 3");
                    }
                });
                systemd.ready("Serving with the first configuration");
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void awaitFile(Path file) throws InterruptedException {
        while (!Files.exists(file)) {
            Thread.sleep(20);
        }
    }

    private static void heartbeat(SystemdNotifier systemd, Path hang) throws Exception {
        Files.deleteIfExists(hang); // a restarted instance starts healthy
        Watchdog watchdog = Watchdog.start(systemd);
        Heartbeat worker = watchdog.heartbeat("worker");
        systemd.ready("Working, pid " + ProcessHandle.current().pid());
        while (true) {
            if (!Files.exists(hang)) {
                worker.beat();
            }
            Thread.sleep(100);
        }
    }

    private static void deadlock(SystemdNotifier systemd, Path gate) throws Exception {
        Files.deleteIfExists(gate);
        Watchdog.start(systemd);
        systemd.ready("Working, pid " + ProcessHandle.current().pid());
        awaitFile(gate);
        Object a = new Object();
        Object b = new Object();
        new Thread(() -> lockBoth(a, b), "transfer-a-b").start();
        new Thread(() -> lockBoth(b, a), "transfer-b-a").start();
    }

    private static void lockBoth(Object first, Object second) {
        synchronized (first) {
            sleepQuietly(200);
            synchronized (second) {
                System.out.println("never reached");
            }
        }
    }

    private static void serve(SystemdNotifier systemd, long pid) throws IOException {
        Optional<InheritedDescriptor> passed =
                SocketActivation.fromEnvironment().descriptor("web");
        ServerSocketChannel web;
        int port;
        String origin;
        if (passed.isPresent()) {
            port = ((InetSocketAddress) passed.get().localAddress()).getPort();
            web = passed.get().asServerSocketChannel();
            origin = "inherited";
            sleepQuietly(1000); // a slow start: clients meanwhile wait in the socket's backlog
        } else {
            web = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = ((InetSocketAddress) web.getLocalAddress()).getPort();
            systemd.fdStore("web", web);
            origin = "new";
        }
        systemd.ready("Listening on " + port + " (" + origin + ")");
        while (true) {
            try (SocketChannel connection = web.accept()) {
                connection.write(ByteBuffer.wrap((pid + " " + origin + "\n").getBytes(StandardCharsets.US_ASCII)));
            }
        }
    }

    private static void reloadable(SystemdNotifier systemd) throws IOException {
        AtomicInteger reloads = new AtomicInteger();
        ReloadHandler.onSighup(systemd, () -> {
            Thread.sleep(1500); // long enough to watch the unit in "reloading"
            systemd.status("Reloaded " + reloads.incrementAndGet() + " times");
        });
        systemd.ready("Reloaded 0 times");
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
