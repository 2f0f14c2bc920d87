package io.github.systemd4j.samples.demo;

import io.github.systemd4j.testkit.RealSystemd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The Spring Boot sample in the same throw-away systemd, next to the plain one: {@code
 * orders.service} runs Spring Boot's executable jar, whose only systemd part is the starter. It
 * starts through a warm-up longer than its {@code TimeoutStartSec=}, shows its status, logs a
 * request with MDC fields, counts in {@code /actuator/metrics}, is restarted by the watchdog when it
 * marks itself broken, and stops.
 */
final class BootDemo {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String SERVICE = "orders.service";
    /** Where samples/README.md installs the jar, relative to the samples directory. */
    static final String JAR = "spring-boot/target/orders.jar";

    private final Path samples;
    private final Console console;
    private final RealSystemd systemd;
    private final DemoContainer container;
    private final int port;
    private final DemoClient client;

    BootDemo(Path samples, Console console, RealSystemd systemd, int port) {
        this.samples = samples;
        this.console = console;
        this.systemd = systemd;
        this.container = new DemoContainer(samples, systemd);
        this.port = port;
        this.client = new DemoClient(port);
    }

    void run() throws IOException {
        install();
        start();
        request();
        watchdog();
        stop();
    }

    private void install() throws IOException {
        if (!Files.isRegularFile(samples.resolve(JAR))) {
            throw new IOException("no " + JAR + " under " + samples + ": run ./demo without --no-build");
        }
        console.step("The Spring Boot sample: the same in Spring Boot, with systemd4j-spring-boot-starter and no"
                + " systemd code");
        container.write("/etc/sysusers.d/orders.conf", container.read("spring-boot/systemd/orders.sysusers"));
        container.exec("systemd-sysusers");
        Path jar = systemd.hostPath("/opt/orders/orders.jar");
        Files.createDirectories(jar.getParent());
        Files.copy(samples.resolve(JAR), jar);
        systemd.installUnit(SERVICE, container.read("spring-boot/systemd/orders.service"));
        String dropIn = "[Service]\nExecStart=\nExecStart=\"" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "\" -Xmx256m -XX:+UseSerialGC -jar /opt/orders/orders.jar\nEnvironment=SERVER_PORT=" + port
                + "\nWatchdogSec=3\n";
        container.write("/etc/systemd/system/orders.service.d/demo.conf", dropIn);
        systemd.systemctl("daemon-reload");
        console.say("samples/spring-boot/systemd/orders.service -> /etc/systemd/system/, orders.sysusers ->"
                + " /etc/sysusers.d/orders.conf,\nSpring Boot's executable jar samples/spring-boot/target/orders.jar"
                + " -> /opt/orders/. A drop-in: the demo's JDK, a free port, WatchdogSec=3.");
        console.command(
                "grep -E '^(Type|TimeoutStartSec|WatchdogSec|Restart)=' /etc/systemd/system/orders.service",
                grep(
                        container.read("spring-boot/systemd/orders.service"),
                        "^(Type|TimeoutStartSec|WatchdogSec|Restart)=.*"));
        console.command("cat /etc/systemd/system/orders.service.d/demo.conf", dropIn);
    }

    private void start() {
        console.step("systemctl start orders: TimeoutStartSec=5, but the application warms up for 8 s");
        long started = System.nanoTime();
        systemd.start(SERVICE);
        long millis = (System.nanoTime() - started) / 1_000_000;
        console.command("systemctl start orders", "(returned after " + millis + " ms, when the starter sent READY=1)");
        console.say("The starter sent EXTEND_TIMEOUT_USEC while Spring Boot started, so systemd waited past"
                + " TimeoutStartSec=;\nSpring Boot's log lines are journal entries of their own (Boot's console"
                + " output is off: it would repeat them):");
        console.command(
                "journalctl -u orders -o short-monotonic",
                grep(container.journal("-u", "orders", "-o", "short-monotonic"), ".*(systemd\\[1\\]|orders\\[).*"));
        console.command(
                "systemctl status orders",
                systemd.systemctl("status", "--lines=0", "orders").output());
    }

    private void request() throws IOException {
        console.step("A request, logged with MDC.put(\"DB_HOST\", ...): journalctl finds it by the field");
        console.say("GET /orders?user=42 X-Request-Id: boot-1 -> " + client.send("GET", "/orders?user=42", "boot-1"));
        systemd.awaitJournal(r -> "boot-1".equals(r.get("REQUEST_ID")), 1, WAIT, "-u", "orders", "DB_HOST=db1");
        console.command(
                "journalctl -u orders DB_HOST=db1 -o verbose",
                container.journal("-u", "orders", "DB_HOST=db1", "-o", "verbose"));
        console.say("And the starter's meters, in Actuator:");
        console.command(
                "curl http://127.0.0.1:" + port + "/actuator/metrics/systemd4j.journal.entries.sent",
                client.send("GET", "/actuator/metrics/systemd4j.journal.entries.sent", "boot-2"));
    }

    private void watchdog() throws IOException {
        console.step("POST /admin/break: the liveness health group goes DOWN, the watchdog stops pinging, systemd"
                + " restarts it");
        String before = systemd.property(SERVICE, "MainPID");
        console.say("POST /admin/break -> " + client.send("POST", "/admin/break", "boot-3"));
        systemd.awaitProperty(SERVICE, "StatusText", text -> text.startsWith("Unhealthy"), WAIT);
        console.command(
                "systemctl status orders",
                systemd.systemctl("status", "--lines=0", "orders").output());
        Map<String, String> after = systemd.awaitProperties(
                SERVICE,
                unit -> !unit.get("NRestarts").equals("0")
                        && unit.get("ActiveState").equals("active")
                        && !unit.get("MainPID").equals(before),
                WAIT,
                "NRestarts",
                "ActiveState",
                "MainPID");
        console.command(
                "journalctl -u orders -o cat | grep -iE 'watchdog|broken|started'",
                grep(container.journal("-u", "orders", "-o", "cat"), "(?i).*(watchdog|broken|started).*"));
        console.command(
                "systemctl show orders -p NRestarts -p MainPID -p ActiveState",
                "NRestarts=" + after.get("NRestarts") + "\nMainPID=" + after.get("MainPID") + " (was " + before
                        + ")\nActiveState=" + after.get("ActiveState"));
    }

    private void stop() {
        console.step("systemctl stop orders: Spring Boot shuts down, the starter sends STOPPING=1");
        systemd.stop(SERVICE);
        console.command(
                "systemctl show orders -p Result -p ActiveState",
                "Result=" + systemd.property(SERVICE, "Result") + "\nActiveState="
                        + systemd.property(SERVICE, "ActiveState"));
    }

    private static String grep(String text, String regex) {
        StringBuilder found = new StringBuilder();
        text.lines()
                .filter(line -> line.matches(regex))
                .forEach(line -> found.append(line).append('\n'));
        return found.toString();
    }
}
