package io.github.systemd4j.samples.demo;

import io.github.systemd4j.samples.logback.LogbackApp;
import io.github.systemd4j.testkit.FakeNotifySocket;
import io.github.systemd4j.testkit.NotifyDatagram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The demo without systemd as PID 1: the sample runs as a child process, its sd_notify messages go
 * to a {@link FakeNotifySocket} that prints what systemd would receive, and its journal entries go
 * to a private journald if one runs (see {@link Demo}), else to this machine's journald if it has
 * one, else to the appender's stderr fallback.
 */
final class LocalDemo {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path HOST_JOURNAL = Path.of("/run/systemd/journal/socket");

    private final Path samples;
    private final Console console;
    private final boolean journald;
    private final int port;
    private final DemoClient client;
    private Path work;
    private FakeNotifySocket systemd;
    private Process service;

    LocalDemo(Path samples, Console console, boolean journald, int port) {
        this.samples = samples;
        this.console = console;
        this.journald = journald;
        this.port = port;
        this.client = new DemoClient(port);
    }

    /**
     * Runs the steps.
     *
     * @return whether the sample is gone afterwards, its port closed
     */
    boolean run() throws IOException, InterruptedException {
        work = Files.createTempDirectory("systemd4j-demo");
        systemd = FakeNotifySocket.start(work);
        try {
            start();
            requests();
            journal();
            reload();
            hangAndStop();
        } finally {
            if (service != null && service.isAlive()) {
                service.destroyForcibly().waitFor();
            }
            systemd.close();
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(file -> file.toFile().delete());
            }
        }
        return !service.isAlive() && !Leftovers.listening(port);
    }

    private void start() throws IOException {
        console.step("Start the sample as a plain child process, with NOTIFY_SOCKET pointing at a stand-in");
        Path settings = work.resolve("app.properties");
        Files.writeString(settings, read("config/app.properties"));
        Map<String, String> environment = environmentFile(read("systemd/app.env"));
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(environment.getOrDefault("JAVA_OPTS", "").split("\\s+")));
        command.addAll(List.of(
                "-Dlogback.configurationFile=" + samples.resolve("config/logback.xml"),
                "-cp",
                System.getProperty("java.class.path"),
                LogbackApp.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("stderr").toFile());
        builder.environment().putAll(systemd.environment());
        builder.environment().put("WATCHDOG_USEC", "3000000");
        builder.environment().put("APP_SETTINGS", settings.toString());
        builder.environment().put("APP_LISTEN", "127.0.0.1:" + port);
        service = builder.start();
        console.say("NOTIFY_SOCKET=" + systemd.address() + " WATCHDOG_USEC=3000000 (WatchdogSec=3)"
                + " APP_LISTEN=127.0.0.1:" + port);
        NotifyDatagram ready = systemd.awaitDatagram(d -> d.has("READY=1"), WAIT);
        console.say("What systemd would receive: " + String.join(" ", ready.assignments()));
        console.say("Under systemd, 'systemctl start' returns, and the unit turns active, only now.");
    }

    private void requests() throws IOException {
        client.sendDemoRequests(console);
        NotifyDatagram status = systemd.awaitDatagram(d -> d.text().contains("6 requests, 2 errors"), WAIT);
        console.say("The service's next STATUS= (systemctl status would show it): " + status.text());
    }

    private void journal() throws IOException, InterruptedException {
        if (journald) {
            console.step("journalctl finds entries by the fields the application logged (a private journald)");
            console.command("journalctl DB_HOST=db1", awaitJournal(6, "DB_HOST=db1"));
            console.command(
                    "journalctl REQUEST_ID=demo-1 -o verbose", awaitJournal(1, "REQUEST_ID=demo-1", "-o", "verbose"));
        } else if (Files.exists(HOST_JOURNAL)) {
            // No private journald, but this machine runs one: the appender found its socket.
            console.step("This machine's journald received the entries (no private journald could be started)");
            Thread.sleep(1000); // journald stores asynchronously
            String process = "_PID=" + service.pid();
            console.command("journalctl " + process + " DB_HOST=db1", journalctl(process, "DB_HOST=db1"));
            console.say("Reading the system journal needs root or the systemd-journal group; without them the"
                    + " output above is empty.");
        } else {
            console.step("No journal here: the appender writes each entry to stderr instead (its fallback)");
            console.command("cat stderr-of-the-service", Files.readString(work.resolve("stderr")));
            console.say("The lines carry the message only: DB_HOST, REQUEST_ID and the other fields need journald.");
        }
    }

    private void reload() throws IOException, InterruptedException {
        console.step("SIGHUP, as 'systemctl reload app' sends it: new settings without a restart");
        Files.writeString(
                work.resolve("app.properties"), read("config/app.properties").replace("db.host=db1", "db.host=db2"));
        systemd.clear();
        new ProcessBuilder("kill", "-HUP", Long.toString(service.pid()))
                .inheritIO()
                .start()
                .waitFor();
        NotifyDatagram done = systemd.awaitDatagram(d -> d.has("READY=1"), WAIT);
        for (NotifyDatagram datagram : systemd.datagrams()) {
            if (!datagram.has("WATCHDOG=1")) {
                console.say("What systemd would receive: " + String.join(" ", datagram.assignments()));
            }
            if (datagram == done) {
                break;
            }
        }
        console.say("GET /orders?user=42 -> " + client.send("GET", "/orders?user=42", "demo-7"));
    }

    private void hangAndStop() throws IOException, InterruptedException {
        console.step("POST /hang: a request thread deadlocks, and the watchdog pings stop");
        systemd.clear();
        console.say("POST /hang -> " + client.send("POST", "/hang", "demo-8", Duration.ofSeconds(2)));
        NotifyDatagram unhealthy = systemd.awaitDatagram(d -> d.text().contains("Unhealthy"), WAIT);
        console.say("What systemd would receive: " + unhealthy.text());
        long pingsBefore = pings();
        Thread.sleep(3000);
        console.say("WATCHDOG=1 pings in the 3 s since: " + (pings() - pingsBefore)
                + ". systemd would now send SIGQUIT (a thread dump), kill the JVM and start a new one.");

        console.step("SIGTERM, as 'systemctl stop app' sends it");
        systemd.clear();
        service.destroy();
        if (!service.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("the service did not stop within " + WAIT);
        }
        for (NotifyDatagram datagram : systemd.datagrams()) {
            console.say("What systemd would receive: " + String.join(" ", datagram.assignments()));
        }
        console.say("Exit status " + service.exitValue() + " (128 + SIGTERM; SuccessExitStatus=143 in app.service).");
    }

    private long pings() {
        return systemd.datagrams().stream().filter(d -> d.has("WATCHDOG=1")).count();
    }

    private String awaitJournal(int entries, String... args) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            String output = journalctl(args);
            // journald stores asynchronously; "-o verbose" starts each entry with an unindented line
            long found = output.lines().filter(line -> !line.startsWith(" ")).count();
            if (found >= entries || System.nanoTime() - deadline > 0) {
                return output;
            }
            Thread.sleep(100);
        }
    }

    private static String journalctl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("journalctl", "--no-pager", "--no-hostname"));
        command.addAll(List.of(args));
        Process journalctl =
                new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(journalctl.getInputStream().readAllBytes());
        journalctl.waitFor();
        return output;
    }

    /** The variables of an {@code EnvironmentFile=}: {@code NAME=value} lines, comments skipped. */
    private static Map<String, String> environmentFile(String text) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int equals = line.indexOf('=');
            if (!line.isBlank() && !line.startsWith("#") && equals > 0) {
                variables.put(
                        line.substring(0, equals).strip(),
                        line.substring(equals + 1).strip());
            }
        }
        return variables;
    }

    private String read(String relative) throws IOException {
        return Files.readString(samples.resolve(relative));
    }
}
