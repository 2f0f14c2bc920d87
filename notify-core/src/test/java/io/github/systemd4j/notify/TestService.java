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
            case "reload": // SIGHUP reloads, slowly enough to be seen: 1.5 s, or until the gate args[1] opens
                reloadable(systemd, args.length > 1 ? Path.of(args[1]) : null);
                break;
            case "reload-early": // the SIGHUP handler first thing, then a start that waits for the gate
                AtomicInteger reloads = new AtomicInteger();
                ReloadHandler.onSighup(
                        systemd, () -> systemd.status("Reloaded " + reloads.incrementAndGet() + " times"));
                System.out.println("SIGHUP handler installed");
                awaitFile(Path.of(args[1]));
                systemd.ready("Reloaded 0 times");
                break;
            case "outage": // the check fails for a while once the gate opens: gate, outage ms, ms per failed check
                outage(systemd, Path.of(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3]));
                break;
            case "change-timeout": // WATCHDOG_USEC= with a lower timeout (seconds) right after READY=1
                changeTimeout(systemd, Duration.ofSeconds(Long.parseLong(args[1])));
                break;
            case "slow-check": // every round's check takes this many ms, and passes
                slowCheck(systemd, Long.parseLong(args[1]));
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

    /**
     * A database check whose outage begins at its first call after the gate opens and lasts {@code
     * outageMillis}; each failed call takes {@code failMillis}, like a ping that times out. After
     * the outage the status says so once three more pings went out: a process still pinging then
     * was not killed for the outage.
     */
    private static void outage(SystemdNotifier systemd, Path gate, long outageMillis, long failMillis)
            throws Exception {
        Files.deleteIfExists(gate); // a restarted instance starts healthy
        Outage database = new Outage(gate, outageMillis, failMillis);
        Watchdog watchdog =
                Watchdog.builder(systemd).check("database", database).start();
        systemd.ready("Working, pid " + ProcessHandle.current().pid());
        while (!database.over) {
            Thread.sleep(50);
        }
        awaitPings(watchdog, watchdog.status().pings() + 3);
        systemd.status("Outage over after " + database.failures + " failed checks; 3 pings since");
    }

    /** Runs on the watchdog's thread only. */
    private static final class Outage implements HealthCheck {
        private final Path gate;
        private final long outageNanos;
        private final long failMillis;
        private boolean started;
        private long start;
        volatile int failures;
        volatile boolean over;

        Outage(Path gate, long outageMillis, long failMillis) {
            this.gate = gate;
            this.outageNanos = Duration.ofMillis(outageMillis).toNanos();
            this.failMillis = failMillis;
        }

        @Override
        public Optional<String> check() throws InterruptedException {
            if (over || !Files.exists(gate)) {
                return Optional.empty();
            }
            long now = System.nanoTime();
            if (!started) {
                started = true;
                start = now;
            }
            if (now - start >= outageNanos) {
                over = true;
                return Optional.empty();
            }
            failures++;
            Thread.sleep(failMillis);
            return Optional.of("database ping timed out");
        }
    }

    /** Lowers the timeout, then reports once three new timeouts passed with pings all along. */
    private static void changeTimeout(SystemdNotifier systemd, Duration timeout) throws Exception {
        Watchdog watchdog = Watchdog.start(systemd);
        systemd.ready("Working, pid " + ProcessHandle.current().pid());
        awaitPings(watchdog, 1);
        Thread.sleep(1000); // runs a while on the old timeout: the watchdog sleeps out its interval
        systemd.changeWatchdogTimeout(timeout);
        long changed = System.nanoTime();
        long before = watchdog.status().pings();
        awaitPings(watchdog, before + 4);
        while (System.nanoTime() - changed < timeout.multipliedBy(3).toNanos()) {
            Thread.sleep(50);
        }
        systemd.status("Alive three timeouts of " + timeout.toSeconds() + " s after the change, "
                + (watchdog.status().pings() - before) + " pings");
    }

    /** A check that takes {@code millis} every round; reports once three pings went out. */
    private static void slowCheck(SystemdNotifier systemd, long millis) throws Exception {
        Watchdog watchdog = Watchdog.builder(systemd)
                .check("database", () -> {
                    Thread.sleep(millis);
                    return Optional.empty();
                })
                .start();
        systemd.ready("Working, pid " + ProcessHandle.current().pid());
        awaitPings(watchdog, 3);
        systemd.status("3 pings with checks of " + millis + " ms");
    }

    private static void awaitPings(Watchdog watchdog, long pings) throws InterruptedException {
        while (watchdog.status().pings() < pings) {
            Thread.sleep(50);
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

    private static void reloadable(SystemdNotifier systemd, Path gate) throws IOException {
        AtomicInteger reloads = new AtomicInteger();
        ReloadHandler.onSighup(systemd, () -> {
            if (gate != null) {
                awaitFile(gate); // the test opens it once it has seen the unit "reloading"
            } else {
                Thread.sleep(1500); // long enough to watch the unit in "reloading"
            }
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
