package io.github.systemd4j.samples.demo;

import io.github.systemd4j.testkit.Backend;
import io.github.systemd4j.testkit.RealSystemd;
import io.github.systemd4j.testkit.SystemdUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The one-command demo ({@code ./demo} at the repository root): the sample service, and next to it
 * the Spring Boot sample ({@link BootDemo}), under a real systemd, queried with {@code systemctl} and
 * {@code journalctl}.
 *
 * <p>As root with {@code systemd-nspawn}, it boots a throw-away systemd (the host's, on an empty
 * root; see {@link RealSystemd}) and runs {@link SystemdDemo} in it. Otherwise it says why and runs
 * {@link LocalDemo}: in a user namespace of its own with a private journald when it can start one,
 * else with the appender's stderr fallback; and it lists what it could not show.
 *
 * <p>Arguments: the {@code samples} directory, whose unit files and configurations it installs;
 * {@code --local} and {@code --private-journald} are for the demo's own second process.
 */
public final class Demo {
    private static final List<Path> JOURNALD =
            List.of(Path.of("/lib/systemd/systemd-journald"), Path.of("/usr/lib/systemd/systemd-journald"));
    // Runs in a user and mount namespace of its own, as "root" there: a tmpfs over /run gives the
    // journald started here the default socket paths, and the host's journal is never touched.
    private static final String PRIVATE_JOURNALD = "mount -t tmpfs tmpfs /run || exit 1\n"
            + "mkdir -p /run/systemd/journald.conf.d\n"
            + "printf '[Journal]\\nStorage=volatile\\nForwardToSyslog=no\\nForwardToWall=no\\n'"
            + " > /run/systemd/journald.conf.d/demo.conf\n"
            + "\"$0\" 2>/dev/null & journald=$!\n"
            + "for i in $(seq 100); do [ -S /run/systemd/journal/socket ] && break; sleep 0.05; done\n"
            + "\"$@\"; status=$?\n"
            + "kill $journald; wait $journald; exit $status\n";

    private Demo() {}

    /**
     * Runs the demo; exits with 1 if a step failed.
     *
     * @param args the {@code samples} directory (default: {@code samples})
     */
    public static void main(String[] args) {
        List<String> arguments = List.of(args);
        Path samples = Path.of(args.length > 0 ? args[0] : "samples").toAbsolutePath();
        boolean continued = arguments.contains("--local");
        Console console = new Console(System.out, continued ? 1 : 0);
        long started = System.nanoTime();
        boolean ok;
        try {
            if (!Files.isRegularFile(samples.resolve("systemd/app.service"))) {
                throw new IOException("no systemd/app.service under " + samples);
            }
            ok = continued ? local(samples, console, arguments.contains("--private-journald")) : run(samples, console);
        } catch (Exception | AssertionError e) {
            console.plain("");
            console.plain("A step failed: " + e);
            e.printStackTrace(System.out);
            ok = false;
        }
        if (!continued) {
            console.plain("");
            console.plain("Demo " + (ok ? "finished" : "FAILED") + " in "
                    + (System.nanoTime() - started) / 1_000_000_000 + " s.");
        }
        System.exit(ok ? 0 : 1);
    }

    private static boolean run(Path samples, Console console) throws Exception {
        console.plain("systemd4j demo: a Java service under a real systemd, queried with systemctl and journalctl");
        console.step("Boot a throw-away systemd: PID 1 of a container on an empty root, the host's /usr read-only");
        long booting = System.nanoTime();
        RealSystemd systemd;
        try {
            // The host's own systemd, which only systemd-nspawn boots (Docker needs an image).
            systemd = RealSystemd.builder().backend(Backend.NSPAWN).boot();
        } catch (SystemdUnavailableException e) {
            console.say("Cannot boot one here: " + e.getMessage() + ".");
            return withoutSystemd(samples, console);
        }
        String name = systemd.name();
        int port = freePort();
        int bootPort = freePort();
        boolean passed = false;
        try {
            console.say("systemd " + systemd.version() + " is running as PID 1 of container " + name + " after "
                    + (System.nanoTime() - booting) / 1_000_000 + " ms");
            new SystemdDemo(samples, console, systemd, port).run();
            new BootDemo(samples, console, systemd, bootPort).run();
            passed = true;
        } finally {
            console.step("Clean up: halt the container");
            systemd.close();
            List<String> left = Leftovers.of(name, port);
            if (Leftovers.listening(bootPort)) {
                left.add("port " + bootPort + " still accepts connections");
            }
            if (left.isEmpty()) {
                console.say("Container " + name + " halted; no process, cgroup or port of it is left.");
            } else {
                console.say("Left behind:");
                left.forEach(console::say);
                passed = false;
            }
        }
        return passed;
    }

    private static boolean withoutSystemd(Path samples, Console console) throws Exception {
        Optional<Path> journald = JOURNALD.stream().filter(Files::isExecutable).findFirst();
        Optional<String> noNamespace = userNamespaceProblem();
        if (journald.isEmpty() || noNamespace.isPresent()) {
            console.say("No private journald either ("
                    + (journald.isEmpty() ? "no systemd-journald in " + JOURNALD : noNamespace.get())
                    + "): the sample's entries go to this machine's journal if it has one, else to stderr.");
            return local(samples, console, false);
        }
        console.say("Showing what works without it: the sample with a stand-in for systemd's notify socket, and a"
                + " private\njournald in a user namespace of the demo's own.");
        List<String> command = List.of(
                "unshare",
                "--user",
                "--map-root-user",
                "--mount",
                "--propagation",
                "private",
                "/bin/sh",
                "-c",
                PRIVATE_JOURNALD,
                journald.get().toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                Demo.class.getName(),
                samples.toString(),
                "--local",
                "--private-journald");
        return new ProcessBuilder(command).inheritIO().start().waitFor() == 0;
    }

    /** Why this user cannot have a user namespace with a mount namespace, if it cannot. */
    private static Optional<String> userNamespaceProblem() throws InterruptedException {
        try {
            Process probe = new ProcessBuilder("unshare", "--user", "--map-root-user", "--mount", "true")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(probe.getInputStream().readAllBytes()).strip();
            return probe.waitFor() == 0 ? Optional.empty() : Optional.of("unshare --user failed: " + output);
        } catch (IOException e) {
            return Optional.of("no unshare (util-linux): " + e.getMessage());
        }
    }

    private static boolean local(Path samples, Console console, boolean journald) throws Exception {
        boolean gone = new LocalDemo(samples, console, journald, freePort()).run();
        console.step("Not shown: what needs systemd as PID 1 (run ./demo as root, with systemd-nspawn installed)");
        console.say("- 'systemctl status app' with the STATUS= above; the unit 'active' only after READY=1");
        console.say(
                "- the restart by the watchdog (NRestarts), with the JVM's thread dump from WatchdogSignal=SIGQUIT");
        console.say("- 'journalctl -u app': entries tagged with their unit, by the service's cgroup");
        console.say("- socket activation through app.socket; the unit's own user and its hardening");
        if (!journald) {
            console.say("- journalctl queries by field: no journald could be started");
        }
        console.say(
                gone
                        ? "The sample has exited and its port is closed: nothing of the demo is left running."
                        : "The sample is still running or its port still open.");
        return gone;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
