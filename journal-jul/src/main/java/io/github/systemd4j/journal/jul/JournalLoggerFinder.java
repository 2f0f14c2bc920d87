package io.github.systemd4j.journal.jul;

import java.util.Locale;
import java.util.Objects;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;

/**
 * The {@link System.LoggerFinder} of this jar: with it on the class path (or the module resolved),
 * {@code System.getLogger(name)} and the JDK's own platform loggers write to the systemd journal,
 * with no configuration at all.
 *
 * <h2>What it decides, and how it coexists with a JUL configuration</h2>
 *
 * <ul>
 *   <li><b>Levels come from java.util.logging</b>, exactly as with the JDK's default finder: a
 *       {@code System.Logger} named {@code x} logs what the JUL logger {@code x} would (INFO and above
 *       under the JDK's default {@code logging.properties}; {@code x.level=FINE} there, or {@code
 *       Logger.getLogger("x").setLevel(...)}, lets DEBUG through). TRACE maps to FINER, DEBUG to
 *       FINE, ERROR to SEVERE.
 *   <li><b>Records go straight to the journal</b>, not through JUL's handlers: through one {@link
 *       JournalHandler} made by the finder with the no-argument constructor, so the {@code
 *       io.github.systemd4j.journal.jul.JournalHandler.*} keys of the JUL configuration (socket,
 *       namespace, identifier, static fields, level, formatter, …) apply to it too. Each {@code
 *       System.Logger} call therefore reaches the journal exactly once, whether or not the JUL
 *       configuration also installs a {@code JournalHandler}, and never also lands on JUL's {@code
 *       ConsoleHandler} (whose stderr the journal would record a second time under systemd). JUL
 *       loggers are untouched: what is logged through {@code java.util.logging.Logger} still goes
 *       where {@code logging.properties} says.
 *   <li>After {@code LogManager.readConfiguration(...)} the finder's handler is closed and made anew
 *       from the new properties on the next record. A record that was on its way through the old
 *       handler as it closed is written by the new one.
 *   <li>{@code CODE_FUNC} ({@code logSource=true}) is found with a stack walk past the logging frames;
 *       otherwise records carry no source (a formatter that prints it shows the logger name).
 *   <li>The finder's handler's MXBean is {@code
 *       io.github.systemd4j:type=Journal,name=io.github.systemd4j.journal.jul.JournalLoggerFinder}, apart
 *       from that of a {@code JournalHandler} the JUL configuration installs.
 * </ul>
 *
 * <h2>Turning it off</h2>
 *
 * Start the JVM with {@code -Dio.github.systemd4j.journal.jul.systemLogger=jul}: {@code System.Logger}
 * calls then go into the java.util.logging logger of the same name and through its handlers, as
 * without this jar. The JDK uses the first {@code LoggerFinder} it finds; with another one on the
 * class path (log4j-jpl, slf4j-jdk-platform-logging) keep only the one you want.
 *
 * @see System.LoggerFinder
 * @see <a href="https://openjdk.org/jeps/264">JEP 264: Platform Logging API and Service</a>
 */
public final class JournalLoggerFinder extends System.LoggerFinder {
    /** The system property that chooses the route: {@code journal} (default) or {@code jul}. */
    public static final String ROUTE_PROPERTY = "io.github.systemd4j.journal.jul.systemLogger";

    private final boolean throughJul;
    private final Object lock = new Object();
    private volatile JournalHandler handler;
    private boolean creating;
    private boolean listening;

    /** Creates the finder; the JDK's {@code ServiceLoader} calls this. */
    public JournalLoggerFinder() {
        this(System.getProperty(ROUTE_PROPERTY));
    }

    /** For tests: the route is given. */
    JournalLoggerFinder(String route) {
        this.throughJul =
                route != null && route.strip().toLowerCase(Locale.ROOT).equals("jul");
    }

    @Override
    public System.Logger getLogger(String name, Module module) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(module, "module");
        return new JournalSystemLogger(name, this);
    }

    /** Whether records go into java.util.logging instead of straight to the journal. */
    boolean throughJul() {
        return throughJul;
    }

    /**
     * The finder's handler, made on first use from the current JUL configuration.
     *
     * @return the handler, or null while it is being made on this thread (a record logged from inside
     *     the handler's set-up is dropped rather than recursed into)
     */
    JournalHandler handler() {
        JournalHandler h = handler;
        if (h != null) {
            return h;
        }
        synchronized (lock) {
            if (handler == null && !creating) {
                creating = true;
                try {
                    if (!listening) {
                        LogManager.getLogManager().addConfigurationListener(this::reconfigured);
                        listening = true;
                    }
                    // Its MXBean named apart from a handler that logging.properties installs.
                    handler = new JournalHandler(JournalLoggerFinder.class.getName());
                } finally {
                    creating = false;
                }
            }
            return handler;
        }
    }

    /**
     * Sends a record through the finder's handler. A record whose handler a reconfiguration closed
     * while the record was on its way goes to the handler made from the new configuration instead of
     * being dropped.
     *
     * @param first the handler the record was prepared for ({@link #handler()})
     * @param record the record
     */
    void publish(JournalHandler first, LogRecord record) {
        JournalHandler h = first;
        while (!h.publishUnlessClosed(record)) {
            JournalHandler next = handler();
            if (next == null || next == h) {
                // Not replaced (it could not open a client, or its successor is being made on this
                // thread): dropped and counted as the handler does.
                h.publish(record);
                return;
            }
            h = next;
        }
    }

    private void reconfigured() {
        JournalHandler old;
        synchronized (lock) {
            old = handler;
            handler = null;
        }
        if (old != null) {
            old.close();
        }
    }
}
