package io.github.systemd4j.samples.demo;

import io.github.systemd4j.samples.logback.LogbackApp;
import io.github.systemd4j.testkit.RealSystemd;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The full demo: the sample installed from {@code samples/} as {@code app.socket} and {@code
 * app.service} in a throw-away real systemd, then started, queried, reloaded, hung, restarted by
 * the watchdog and stopped, showing what {@code systemctl} and {@code journalctl} say at each step.
 */
final class SystemdDemo {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SERVICE = "app.service";
    private static final String WATCHDOG_LOGGER = "io.github.systemd4j.notify.Watchdog";

    private final Console console;
    private final RealSystemd systemd;
    private final DemoContainer container;
    private final int port;
    private final DemoClient client;

    SystemdDemo(Path samples, Console console, RealSystemd systemd, int port) {
        this.console = console;
        this.systemd = systemd;
        this.container = new DemoContainer(samples, systemd);
        this.port = port;
        this.client = new DemoClient(port);
    }

    void run() throws IOException {
        install();
        start();
        requests();
        status();
        journal();
        reload();
        hang();
        stop();
    }

    private void install() throws IOException {
        console.step("Install the sample the way samples/README.md tells a user to");
        container.write("/etc/sysusers.d/app.conf", container.read("systemd/app.sysusers"));
        container.exec("systemd-sysusers");
        container.write("/etc/app/app.env", container.read("systemd/app.env"));
        container.write("/etc/app/app.properties", container.read("config/app.properties"));
        container.write("/etc/app/logback.xml", container.read("config/logback.xml"));
        systemd.installUnit("app.socket", container.read("systemd/app.socket"));
        systemd.installUnit(SERVICE, container.read("systemd/app.service"));
        console.say("samples/systemd/app.service and app.socket -> /etc/systemd/system/, app.sysusers ->"
                + " /etc/sysusers.d/app.conf\n(user 'app' created by systemd-sysusers), app.env and"
                + " samples/config/{app.properties,logback.xml} -> /etc/app/.\n"
                + "Two drop-ins adapt them to this machine: a free port, the build's class path instead"
                + " of /opt/app/lib,\nand a shorter watchdog so that the demo does not wait long.");

        String socketDropIn = "[Socket]\nListenStream=\nListenStream=127.0.0.1:" + port + "\n";
        String serviceDropIn =
                "[Service]\nExecStart=\nExecStart=" + execStart() + "\nWatchdogSec=3\nTimeoutAbortSec=2s\n";
        container.write("/etc/systemd/system/app.socket.d/demo.conf", socketDropIn);
        container.write("/etc/systemd/system/app.service.d/demo.conf", serviceDropIn);
        systemd.systemctl("daemon-reload");
        console.command("cat /etc/systemd/system/app.socket.d/demo.conf", socketDropIn);
        console.command("cat /etc/systemd/system/app.service.d/demo.conf", serviceDropIn);
    }

    /** app.service's command line, with the JDK running the demo and its class path. */
    private String execStart() {
        String command =
                systemd.javaCommand(List.of("-Dlogback.configurationFile=/etc/app/logback.xml"), LogbackApp.class);
        // After the quoted java binary, as in app.service: the options from app.env, split into words.
        int afterJava = command.indexOf("\" ") + 1;
        return command.substring(0, afterJava) + " $JAVA_OPTS" + command.substring(afterJava);
    }

    private void start() {
        console.step("Start it: Type=notify, so 'systemctl start' returns when the service sends READY=1");
        long started = System.nanoTime();
        systemd.start(SERVICE);
        awaitLogged("Started app.service", 1);
        long millis = (System.nanoTime() - started) / 1_000_000;
        console.command(
                "systemctl start app", "(returned after " + millis + " ms: JVM start, settings, socket, READY=1)");
        console.say(
                "The service logs 'sending READY=1' just before it does; systemd logs 'Started' when it" + " arrives:");
        console.command(
                "journalctl -u app -o short-monotonic", container.journal("-u", "app", "-o", "short-monotonic"));
    }

    private void requests() throws IOException {
        client.sendDemoRequests(console);
    }

    private void status() {
        console.step("systemctl status app: STATUS= comes from the service and counts its requests");
        systemd.awaitProperty(SERVICE, "StatusText", text -> text.endsWith("6 requests, 2 errors"), WAIT);
        console.command(
                "systemctl status app",
                systemd.systemctl("status", "--lines=0", "app").output());
    }

    private void journal() {
        console.step("journalctl finds entries by the fields the application logged");
        awaitLogged("GET ", 6, "DB_HOST=db1");
        console.command("journalctl -u app DB_HOST=db1", container.journal("-u", "app", "DB_HOST=db1"));
        console.command(
                "journalctl -u app REQUEST_ID=demo-1 -o verbose",
                container.journal("-u", "app", "REQUEST_ID=demo-1", "-o", "verbose"));
    }

    private void reload() throws IOException {
        console.step("systemctl reload app: new settings without a restart (RELOADING=1 ... READY=1)");
        container.write(
                "/etc/app/app.properties",
                container.read("config/app.properties").replace("db.host=db1", "db.host=db2"));
        console.say("/etc/app/app.properties now says db.host=db2");
        systemd.reload(SERVICE);
        awaitLogged("Settings reloaded", 1);
        systemd.awaitProperty(SERVICE, "StatusText", text -> text.contains(" with db2:"), WAIT);
        console.command("systemctl reload app", "");
        console.say("systemd 252 may log 'Reloaded' as soon as ExecReload's kill exits, before the service's READY=1;"
                + "\nType=notify-reload (systemd 253 and later) waits for it.");
        console.command(
                "journalctl -u app -o cat | grep -i reload",
                grep(container.journal("-u", "app", "-o", "cat"), "eload"));
        console.say("GET /orders?user=42 -> " + client.send("GET", "/orders?user=42", "demo-7"));
        awaitLogged("GET ", 1, "DB_HOST=db2");
        console.command(
                "journalctl -u app DB_HOST=db2 -o cat", container.journal("-u", "app", "DB_HOST=db2", "-o", "cat"));
        console.command("systemctl show app -p StatusText -p NRestarts", show("StatusText", "NRestarts"));
        console.say("NRestarts=0: the same process, with new settings.");
    }

    private void hang() throws IOException {
        console.step("POST /hang: a request thread deadlocks, the watchdog stops pinging, systemd restarts the"
                + " service");
        String before = systemd.property(SERVICE, "MainPID");
        int logged = container.journal("-u", "app", "-o", "short-monotonic").split("\n").length;
        console.say("POST /hang -> " + client.send("POST", "/hang", "demo-8", Duration.ofSeconds(2)));
        systemd.awaitProperty(SERVICE, "StatusText", text -> text.startsWith("Unhealthy"), WAIT);
        console.say("The watchdog's deadlock check found it and stopped pinging; STATUS= says why:");
        console.command(
                "systemctl status app",
                systemd.systemctl("status", "--lines=0", "app").output());
        // notify-core says it through System.Logger; journal-jul's LoggerFinder, on the sample's class
        // path, makes that an entry of its own (notify-core's README: "Its own messages").
        awaitLogged("unhealthy, watchdog pings stopped: ", 1, "LOGGER=" + WATCHDOG_LOGGER);
        console.say("So does the watchdog's own warning, an entry of its own (System.Logger, through journal-jul):");
        console.command(
                "journalctl -u app LOGGER=" + WATCHDOG_LOGGER + " -o cat",
                container.journal("-u", "app", "LOGGER=" + WATCHDOG_LOGGER, "-o", "cat"));

        Map<String, String> after = systemd.awaitProperties(
                SERVICE,
                unit -> !unit.get("NRestarts").equals("0")
                        && unit.get("ActiveState").equals("active")
                        && !unit.get("MainPID").equals(before),
                WAIT,
                "NRestarts",
                "ActiveState",
                "MainPID");
        awaitLogged("Started app.service", 2);
        List<String> since =
                List.of(container.journal("-u", "app", "-o", "short-monotonic").split("\n"));
        console.say("Three seconds (WatchdogSec=3) after the last ping systemd sent SIGQUIT (WatchdogSignal=), the"
                + " JVM wrote\na thread dump to the journal, and after TimeoutAbortSec=2s systemd killed it and"
                + " started a new one:");
        console.command(
                "journalctl -u app -o short-monotonic   (the thread dump abridged)",
                abridgeThreadDump(since.subList(Math.min(logged, since.size()), since.size())));
        console.command(
                "systemctl show app -p NRestarts -p MainPID -p ActiveState",
                "NRestarts=" + after.get("NRestarts") + "\nMainPID=" + after.get("MainPID") + " (was " + before
                        + ")\nActiveState=" + after.get("ActiveState"));
        console.say("GET /orders?user=42 -> " + client.send("GET", "/orders?user=42", "demo-9"));
    }

    private void stop() {
        console.step("systemctl stop app: STOPPING=1, requests in progress finish, and the JVM's exit status 143"
                + " is a success");
        int logged = container.journal("-u", "app", "-o", "cat").split("\n").length;
        String pid = systemd.property(SERVICE, "MainPID");
        systemd.stop(SERVICE);
        systemd.stop("app.socket");
        // By _PID: journald names an entry's unit only if the sender still lives when it reads the entry,
        // and the last words come just before the JVM exits.
        systemd.awaitJournal(
                entry -> entry.get("MESSAGE") != null && entry.get("MESSAGE").startsWith("Stopped after"),
                1,
                WAIT,
                "_PID=" + pid);
        awaitLogged("Stopped app.service", 2);
        String[] lines = container.journal("-u", "app", "-o", "cat").split("\n");
        console.command(
                "journalctl -u app -o cat",
                String.join("\n", List.of(lines).subList(Math.min(logged, lines.length), lines.length)));
        console.command("systemctl show app -p Result -p ActiveState", show("Result", "ActiveState"));
        console.say("A JVM ends with 143 (128 + SIGTERM); without SuccessExitStatus=143 the unit would be 'failed'.");
    }

    /**
     * Leaves out the JVM's thread dump (its standard output, tagged {@code java}) except its first
     * line and the deadlock it reports.
     */
    private static String abridgeThreadDump(List<String> lines) {
        List<String> kept = new ArrayList<>();
        int omitted = 0;
        boolean deadlockReport = false;
        for (String line : lines) {
            String message = line.substring(line.indexOf("]: ") + 3);
            deadlockReport = message.startsWith("Found one Java-level deadlock")
                    || (deadlockReport && !message.startsWith("Java stack information"));
            boolean fromJvm = line.matches("\\[[ 0-9.]+\\] java\\[[0-9]+\\]: .*");
            if (fromJvm && !deadlockReport && !message.startsWith("Full thread dump")) {
                omitted++;
                continue;
            }
            if (omitted > 0) {
                kept.add("    (" + omitted + (omitted == 1 ? " line" : " lines") + " of the thread dump left out)");
                omitted = 0;
            }
            kept.add(line);
        }
        return String.join("\n", kept);
    }

    /**
     * Waits until journald has stored {@code count} entries of app.service that start with {@code
     * message} (it stores asynchronously), so that what the demo prints next is complete.
     */
    private void awaitLogged(String message, int count, String... matches) {
        List<String> args = new ArrayList<>(List.of("-u", "app"));
        args.addAll(List.of(matches));
        systemd.awaitJournal(
                entry -> entry.get("MESSAGE") != null && entry.get("MESSAGE").startsWith(message),
                count,
                WAIT,
                args.toArray(new String[0]));
    }

    private String show(String... properties) {
        StringBuilder text = new StringBuilder();
        systemd.show(SERVICE, properties)
                .forEach((name, value) ->
                        text.append(name).append('=').append(value).append('\n'));
        return text.toString();
    }

    private static String grep(String text, String part) {
        StringBuilder found = new StringBuilder();
        text.lines()
                .filter(line -> line.contains(part))
                .forEach(line -> found.append(line).append('\n'));
        return found.toString();
    }
}
