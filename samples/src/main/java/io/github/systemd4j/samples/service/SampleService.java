package io.github.systemd4j.samples.service;

import io.github.systemd4j.notify.Heartbeat;
import io.github.systemd4j.notify.ReloadHandler;
import io.github.systemd4j.notify.SocketActivation;
import io.github.systemd4j.notify.SystemdNotifier;
import io.github.systemd4j.notify.Watchdog;
import io.github.systemd4j.socket.InheritedDescriptor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The sample HTTP service as a systemd citizen, whichever framework it logs with:
 *
 * <ul>
 *   <li>takes its listening socket from {@code app.socket} ({@code FileDescriptorName=web}) when
 *       socket-activated, else binds {@code APP_LISTEN} itself;
 *   <li>sends {@code READY=1} once it accepts connections, so {@code systemctl start} returns, and
 *       units ordered after it start, only then;
 *   <li>keeps {@code STATUS=} current with its request counts, for {@code systemctl status};
 *   <li>pings the watchdog only while healthy: no deadlocked threads, and the status loop beating;
 *   <li>re-reads its settings on {@code systemctl reload} ({@code SIGHUP}), between {@code
 *       RELOADING=1} and {@code READY=1};
 *   <li>sends {@code STOPPING=1} on {@code systemctl stop} ({@code SIGTERM}) and finishes the
 *       requests in progress.
 * </ul>
 *
 * <p>Environment, from the unit's {@code EnvironmentFile=}: {@code APP_LISTEN} (default {@code
 * 127.0.0.1:8080}) and {@code APP_SETTINGS} (default {@code /etc/app/app.properties}).
 */
public final class SampleService {
    private static final int THREADS = 8;
    private static final Duration STATUS_INTERVAL = Duration.ofSeconds(1);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final ServiceLog log;
    private final Path settingsFile;
    private final SystemdNotifier systemd = SystemdNotifier.fromEnvironment(); // a no-op outside systemd
    private final RequestCounts counts = new RequestCounts();
    private final Endpoints endpoints;
    private final ScheduledExecutorService statusUpdates = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "status-updates");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Settings settings;
    private Watchdog watchdog;
    private Heartbeat statusLoop;
    private MinimalHttpServer server;
    private String address;
    private String lastStatus;

    private SampleService(ServiceLog log, Path settingsFile) {
        this.log = log;
        this.settingsFile = settingsFile;
        this.endpoints = new Endpoints(log);
    }

    /**
     * Starts the service and returns; it runs until the JVM is stopped.
     *
     * @param log what the service logs, and with which framework
     * @throws IOException if the settings cannot be read or the socket cannot be opened
     */
    public static void run(ServiceLog log) throws IOException {
        String listen = System.getenv().getOrDefault("APP_LISTEN", "127.0.0.1:8080");
        Path settings = Path.of(System.getenv().getOrDefault("APP_SETTINGS", "/etc/app/app.properties"));
        new SampleService(log, settings).start(listen);
    }

    private void start(String listen) throws IOException {
        settings = Settings.load(settingsFile);
        watchdog = Watchdog.start(systemd); // inactive without WatchdogSec=; deadlock detection built in
        statusLoop = watchdog.heartbeat("status-updates");
        ReloadHandler.onSighup(systemd, this::reload);

        // Socket activation: systemd bound the port and may already hold connections for us.
        Optional<InheritedDescriptor> passed =
                SocketActivation.fromEnvironment().descriptor("web");
        ServerSocketChannel channel;
        InetSocketAddress bound;
        String origin;
        if (passed.isPresent()) {
            channel = passed.get().asServerSocketChannel();
            bound = (InetSocketAddress) passed.get().localAddress();
            origin = "from app.socket";
        } else {
            channel = ServerSocketChannel.open().bind(parseAddress(listen));
            bound = (InetSocketAddress) channel.getLocalAddress();
            origin = "bound by the service";
        }
        address = bound.getHostString() + ":" + bound.getPort();
        server = new MinimalHttpServer(channel, passed.isEmpty(), THREADS, this::answer);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "shutdown"));

        log.listening(address, origin);
        lastStatus = status();
        systemd.ready(lastStatus);
        statusUpdates.scheduleWithFixedDelay(
                () -> {
                    statusLoop.beat();
                    publishStatus();
                },
                STATUS_INTERVAL.toMillis(),
                STATUS_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private static InetSocketAddress parseAddress(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("APP_LISTEN must be HOST:PORT, not " + hostAndPort);
        }
        String host = hostAndPort.substring(0, colon).replace("[", "").replace("]", "");
        return new InetSocketAddress(host, Integer.parseInt(hostAndPort.substring(colon + 1)));
    }

    private Response answer(Request request) {
        RequestContext context = new RequestContext(
                requestId(request),
                settings.dbHost(),
                Optional.ofNullable(request.query().get("user")));
        Response response = log.request(request, context, () -> endpoints.handle(request, context));
        counts.count(response.status());
        return response.withHeader("X-Request-Id", context.requestId());
    }

    /** The client's {@code X-Request-Id} when it is safe to log and echo, else a new one. */
    private static String requestId(Request request) {
        return request.header("X-Request-Id")
                .filter(id -> id.matches("[A-Za-z0-9._-]{1,64}"))
                .orElseGet(() -> UUID.randomUUID().toString());
    }

    private String status() {
        return "Serving on " + address + " with " + settings.dbHost() + ": " + counts.summary();
    }

    private synchronized void publishStatus() {
        String text = status();
        // While unhealthy, the watchdog's STATUS= says why; it puts ours back when healthy again.
        if (text.equals(lastStatus) || !watchdog.status().isHealthy()) {
            return;
        }
        try {
            systemd.status(text);
            lastStatus = text;
        } catch (IOException e) {
            // tried again in the next round
        }
    }

    private void reload() throws IOException {
        Settings previous = settings;
        // If this throws, ReloadHandler reports the failure to systemd and the old settings stay.
        settings = Settings.load(settingsFile);
        log.reloaded(previous, settings);
        publishStatus();
    }

    private void stop() {
        try {
            systemd.stopping();
        } catch (IOException e) {
            // systemd sees the process exit anyway
        }
        log.stopping();
        statusLoop.close(); // it ends on purpose: no longer a reason to stop pinging
        statusUpdates.shutdownNow();
        server.close(STOP_GRACE);
        watchdog.close();
        log.stopped(counts.summary());
    }
}
