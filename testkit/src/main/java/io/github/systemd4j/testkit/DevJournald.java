package io.github.systemd4j.testkit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A private journald to try systemd4j on a machine that runs none (a container, CI, WSL without
 * systemd), started by one command as root and up until it is stopped:
 *
 * <pre>{@code
 * # java -cp testkit.jar io.github.systemd4j.testkit.DevJournald [NAME]
 * }</pre>
 *
 * It starts {@code systemd-journald NAME} in a journal namespace of its own ({@code dev} unless
 * another name is given) as {@link RealJournald} does for tests (volatile storage, no rate limit, no
 * forwarding), prints the {@code namespace} and {@code socketPath} to configure and the {@code
 * journalctl} commands that read it, and keeps it up until Ctrl-C or {@code SIGTERM}, which stop it
 * and remove its socket, configuration and entries. It needs only the testkit jar, root and the
 * {@code systemd} package (not systemd as PID 1); a namespace whose configuration file or socket
 * exists already is refused, so that nobody's journal is stopped or removed.
 *
 * <p>Why a command of its own rather than {@code systemd-journald NAME &}: a namespace's journald is
 * made to be started by systemd on demand, from {@code systemd-journald@NAME.socket}, and exits after
 * 30 seconds in which it has no stream client (a service's stdout) and no varlink client; a native
 * datagram, which is how systemd4j writes, does not count and does not restart that timer. Started by
 * hand, nobody starts it again: its socket refuses, and the application writes to its fallback. This
 * command keeps a stream connection to it open, as the tests do. ({@code MaxRetentionSec=} above 30
 * seconds in its configuration also keeps it up, on journald 252 too.)
 */
public final class DevJournald {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_:.\\\\-]{1,222}");

    private DevJournald() {}

    /**
     * Starts the journald and waits until the JVM is stopped. Exits with 1 if it cannot start one, or
     * if journald exits by itself.
     *
     * @param args the namespace name, optional ({@code dev} by default)
     */
    public static void main(String[] args) {
        PrintStream out = System.out;
        if (args.length > 1 || (args.length == 1 && (args[0].startsWith("-") || !validName(args[0])))) {
            out.println("Usage: java -cp testkit.jar " + DevJournald.class.getName() + " [NAME]");
            out.println("Starts a private journald in journal namespace NAME (default dev) until Ctrl-C.");
            System.exit(args.length == 1 && args[0].equals("--help") ? 0 : 2);
        }
        String name = args.length == 1 ? args[0] : "dev";
        Optional<String> inUse = inUse(name);
        if (inUse.isPresent()) {
            out.println("Journal namespace " + name + " is in use: " + inUse.get() + ". Choose another name.");
            System.exit(1);
        }
        RealJournald journald;
        try {
            journald = RealJournald.start(name, true);
        } catch (IOException e) {
            out.println("Cannot start a private journald: " + e.getMessage());
            System.exit(1);
            return;
        }
        Stopper stopper = new Stopper(journald, out);
        Runtime.getRuntime().addShutdownHook(new Thread(stopper, "stop journald " + name));
        long journaldPid = journald.pid();
        out.println("systemd-journald is running in journal namespace " + name + " (pid " + journaldPid
                + ") and stays up until you stop it.");
        out.println("  namespace   " + name);
        out.println("  socketPath  " + journald.socketPath());
        out.println("Point the appender at it: <namespace>" + name + "</namespace> (Logback), namespace=\"" + name
                + "\" (Log4j2),");
        out.println("io.github.systemd4j.journal.jul.JournalHandler.namespace=" + name + " (JUL), .namespace(\"" + name
                + "\") (JournalClient).");
        out.println("Read it as root or in group systemd-journal:");
        out.println("  journalctl --namespace=" + name + " -f");
        out.println("  journalctl --namespace=" + name + " DB_HOST=db1");
        out.println("Stop it with Ctrl-C, or kill " + ProcessHandle.current().pid()
                + ": its socket, configuration and entries are removed.");
        out.flush();
        Optional<ProcessHandle> process = ProcessHandle.of(journaldPid);
        process.ifPresent(p -> p.onExit().join());
        if (!stopper.stopping()) {
            out.println("systemd-journald " + name + " exited by itself: " + journald.log());
            System.exit(1);
        }
    }

    private static boolean validName(String name) {
        return NAME.matcher(name).matches() && !name.startsWith(".");
    }

    /** Why a namespace is taken, if it is: its configuration file or its socket exists. */
    private static Optional<String> inUse(String name) {
        for (Path p : new Path[] {
            Path.of("/etc/systemd/journald@" + name + ".conf"), Path.of("/run/systemd/journal." + name + "/socket")
        }) {
            if (Files.exists(p)) {
                return Optional.of(p + " exists");
            }
        }
        return Optional.empty();
    }

    /** The shutdown hook: stops journald and removes what it left. */
    private static final class Stopper implements Runnable {
        private final RealJournald journald;
        private final PrintStream out;
        private volatile boolean stopping;

        Stopper(RealJournald journald, PrintStream out) {
            this.journald = journald;
            this.out = out;
        }

        boolean stopping() {
            return stopping;
        }

        @Override
        public void run() {
            stopping = true;
            journald.close();
            out.println("Stopped journal namespace " + journald.namespace()
                    + "; its socket, configuration and entries are removed.");
            out.flush();
        }
    }
}
