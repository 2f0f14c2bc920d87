package io.github.systemd4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.systemd4j.notify.MonotonicClock;
import io.github.systemd4j.spring.app.OrdersApplication;
import io.github.systemd4j.testkit.JournalRecord;
import io.github.systemd4j.testkit.RealSystemd;
import io.github.systemd4j.testkit.RealSystemdExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Spring Boot application with only the starter added ({@link OrdersApplication}), run as a
 * {@code Type=notify} unit under a real systemd PID 1: readiness, the start timeout extension, the
 * status, journal logging with MDC, the meters, the stop, and the health-gated watchdog. PID 1
 * logs at debug level here, so that the notifications it received are in its journal.
 */
@ExtendWith(RealSystemdExtension.class)
class BootServiceIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /**
     * A start of 22 s in a unit that allows 10: the first extension is sent only once Spring Boot has
     * prepared its environment, which a loaded machine can delay by seconds.
     */
    private static final int START_TIMEOUT_SEC = 10;

    private static final Duration SLOW_START = Duration.ofSeconds(22);
    /** Pings every 3 s while the test polls the application: a loaded machine's pause cannot miss one. */
    private static final int WATCHDOG_SEC = 6;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void onTheExpectedSpringBoot() {
        BootLineTest.assertExpectedVersion();
    }

    @BeforeEach
    void debugLogOfPid1(RealSystemd systemd) {
        assertThat(systemd.systemctl("log-level", "debug").exitCode()).isZero();
    }

    /** The unit file of the starter's README, with the test's class path, port and numbers. */
    private static String unit(RealSystemd systemd, int port, String serviceLines) {
        return "[Service]\nType=notify\n"
                + "ExecStart="
                + systemd.javaCommand(
                        List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), OrdersApplication.class)
                + "\nEnvironment=SERVER_PORT=" + port + " SERVER_ADDRESS=127.0.0.1\n"
                + "Restart=on-failure\nSuccessExitStatus=143\nLimitCORE=0\n"
                + serviceLines;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private String get(int port, String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    private String post(int port, String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    /** The value of a counter or gauge from {@code /actuator/metrics/NAME}. */
    private double metric(int port, String name) throws Exception {
        String body = get(port, "/actuator/metrics/" + name);
        Matcher value =
                Pattern.compile("\"value\"\\s*:\\s*([-0-9.Ee]+|\"?NaN\"?)").matcher(body);
        assertThat(value.find()).as(body).isTrue();
        return value.group(1).contains("NaN") ? Double.NaN : Double.parseDouble(value.group(1));
    }

    /** PID 1's debug log of a notification from the unit's main process. */
    private static List<JournalRecord> notifications(RealSystemd systemd, String unit, String assignment) {
        return systemd.awaitJournal(
                r -> r.get("MESSAGE").contains("notification message")
                        && r.get("MESSAGE").contains(assignment),
                1,
                WAIT,
                "-u",
                unit);
    }

    @Test
    void slowStartIsActivatingUntilReadyThenServesLogsAndStopsCleanly(RealSystemd systemd) throws Exception {
        int port = freePort();
        systemd.installUnit(
                "app.service",
                unit(
                        systemd,
                        port,
                        "Environment=ORDERS_START_GATE=/run/app.gate\n" + "TimeoutStartSec=" + START_TIMEOUT_SEC
                                + "\nWatchdogSec=" + WATCHDOG_SEC + "\n"));
        CompletableFuture<RealSystemd.CommandResult> start =
                CompletableFuture.supplyAsync(() -> systemd.systemctl("start", "app.service"));
        systemd.awaitJournal(
                r -> r.get("MESSAGE").startsWith("Warming up until /run/app.gate exists"),
                1,
                WAIT,
                "-u",
                "app.service");

        // 22 s after the start began, more than twice TimeoutStartSec=, and more than one extension
        // grants: only the repeated EXTEND_TIMEOUT_USEC keep the unit starting.
        long activating = Long.parseLong(systemd.property("app.service", "InactiveExitTimestampMonotonic"));
        long proof = activating + SLOW_START.toNanos() / 1000;
        while (MonotonicClock.nowMicros() < proof) {
            Thread.sleep(Math.max(1, (proof - MonotonicClock.nowMicros()) / 1000));
        }
        assertThat(systemd.show("app.service", "ActiveState", "SubState"))
                .containsEntry("ActiveState", "activating")
                .containsEntry("SubState", "start");
        assertThat(start).as("systemctl start returned before READY=1").isNotDone();
        notifications(systemd, "app.service", "EXTEND_TIMEOUT_USEC=10000000");

        systemd.writeFile("/run/app.gate", "");
        RealSystemd.CommandResult started = start.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(started.exitCode()).as(started.output()).isZero();
        Map<String, String> unit = systemd.show("app.service", "ActiveState", "StatusText", "NRestarts", "MainPID");
        assertThat(unit).containsEntry("ActiveState", "active").containsEntry("NRestarts", "0");
        assertThat(unit.get("StatusText"))
                .matches("Started OrdersApplication in [0-9]+\\.[0-9] s, listening on " + port);
        assertThat(systemd.systemctl("status", "app.service").output())
                .contains("Status: \"Started OrdersApplication in ");

        // A request's entry, found by its MDC field, sent natively and not also through stdout.
        String id = UUID.randomUUID().toString();
        get(port, "/orders?db=db1&id=" + id);
        JournalRecord entry = systemd.awaitJournal(
                        r -> r.get("MESSAGE").equals("Listing orders for request " + id),
                        1,
                        WAIT,
                        "-u",
                        "app",
                        "DB_HOST=db1")
                .get(0);
        assertThat(entry.get("_TRANSPORT")).isEqualTo("journal");
        assertThat(entry.get("REQUEST_ID")).isEqualTo(id);
        assertThat(entry.get("PRIORITY")).isEqualTo("6");
        assertThat(entry.get("SYSLOG_IDENTIFIER")).isEqualTo("app");
        assertThat(entry.get("_PID")).isEqualTo(unit.get("MainPID"));
        String barrier = "barrier " + UUID.randomUUID();
        post(port, "/stdout?line=" + barrier.replace(" ", "+"));
        systemd.awaitJournal(r -> r.get("MESSAGE").equals(barrier), 1, WAIT, "-u", "app.service", "_TRANSPORT=stdout");
        assertThat(systemd.journal("-u", "app.service", "_TRANSPORT=stdout"))
                .noneMatch(r -> r.get("MESSAGE").contains(id));

        // The meters.
        assertThat(metric(port, "systemd4j.journal.entries.sent")).isGreaterThanOrEqualTo(1);
        assertThat(metric(port, "systemd4j.journal.entries.dropped")).isZero();
        assertThat(metric(port, "systemd4j.watchdog.healthy")).isEqualTo(1.0);
        assertThat(get(port, "/actuator/metrics"))
                .contains(
                        "\"systemd4j.journal.entries.sent\"",
                        "\"systemd4j.journal.entries.fd\"",
                        "\"systemd4j.journal.entries.failed\"",
                        "\"systemd4j.journal.entries.truncated\"",
                        "\"systemd4j.watchdog.pings\"",
                        "\"systemd4j.watchdog.send.failures\"");

        systemd.stop("app.service");
        notifications(systemd, "app.service", "STOPPING=1");
        assertThat(systemd.property("app.service", "ActiveState")).isEqualTo("inactive");
        // The JVM exited by itself after Spring Boot's shutdown (not killed), with a success status.
        String exited = systemd.awaitJournal(
                        r -> r.get("MESSAGE").contains("Main process exited"), 1, WAIT, "-u", "app.service")
                .get(0)
                .get("MESSAGE");
        assertThat(exited).matches(".*Main process exited, code=exited, status=(0/SUCCESS|143/n/a).*");
        systemd.awaitJournal(r -> r.get("MESSAGE").endsWith("Deactivated successfully."), 1, WAIT, "-u", "app.service");
    }

    @Test
    void healthyServiceOutlivesWatchdogPeriodsAndADownIndicatorGetsItRestarted(RealSystemd systemd) throws Exception {
        int port = freePort();
        systemd.installUnit("watched.service", unit(systemd, port, "WatchdogSec=" + WATCHDOG_SEC + "\n"));
        systemd.start("watched.service");
        String pid = systemd.property("watched.service", "MainPID");

        // Pings every half WatchdogSec=: seven of them span more than three watchdog periods.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (metric(port, "systemd4j.watchdog.pings") < 7) {
            assertThat(System.nanoTime() - deadline).as("pings within " + WAIT).isNegative();
            Thread.sleep(200);
        }
        assertThat(systemd.show("watched.service", "ActiveState", "NRestarts", "MainPID"))
                .containsEntry("ActiveState", "active")
                .containsEntry("NRestarts", "0")
                .containsEntry("MainPID", pid);

        post(port, "/health/down");
        notifications(
                systemd,
                "watched.service",
                "STATUS=Unhealthy, watchdog pings stopped: health group liveness is DOWN: toggle DOWN");
        systemd.awaitProperty("watched.service", "NRestarts", "1"::equals, WAIT);
        systemd.awaitJournal(r -> r.get("MESSAGE").contains("Watchdog timeout"), 1, WAIT, "-u", "watched.service");
        systemd.stop("watched.service");
    }
}
