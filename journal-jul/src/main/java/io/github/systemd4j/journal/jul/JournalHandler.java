package io.github.systemd4j.journal.jul;

import io.github.systemd4j.journal.FieldName;
import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.internal.EventMapper;
import io.github.systemd4j.journal.internal.EventSender;
import io.github.systemd4j.journal.internal.JournalSettings;
import io.github.systemd4j.journal.internal.JournalSink;
import io.github.systemd4j.journal.internal.StatusReporter;
import io.github.systemd4j.journal.internal.StderrNotice;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.ErrorManager;
import java.util.logging.Filter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;

/**
 * A java.util.logging handler that writes each record to the systemd journal over the native
 * protocol, with the pieces of the record in their own queryable fields: {@code
 * log(INFO, "paid", Map.of("ORDER_ID", 42))} becomes {@code ORDER_ID=42}, found by {@code journalctl
 * -u app ORDER_ID=42}. No JNA, no libsystemd.
 *
 * <pre>{@code
 * handlers=io.github.systemd4j.journal.jul.JournalHandler
 * io.github.systemd4j.journal.jul.JournalHandler.syslogIdentifier=app
 * io.github.systemd4j.journal.jul.JournalHandler.fields=APP_VERSION=1.2,DC=eu1
 * }</pre>
 *
 * <h2>Configuration</h2>
 *
 * The no-argument constructor (the one {@code handlers=} uses) reads {@code <class name>.<key>}
 * from the {@link LogManager}; the class name is that of the instance, so a trivial subclass gives a
 * second, differently configured handler. The JUL keys:
 *
 * <ul>
 *   <li>{@code level}: default {@code ALL} (the loggers decide);
 *   <li>{@code filter}: a {@link Filter} class name; default none;
 *   <li>{@code formatter}: a {@link Formatter} class name that renders {@code MESSAGE} (a trailing
 *       line separator is removed; the structured fields are still written; the formatter decides
 *       whether {@code MESSAGE} shows the stack trace). Default none: the message, localised and
 *       formatted as {@code Formatter.formatMessage} does, without that method's lock;
 *   <li>{@code encoding}: ignored, journal values are always UTF-8; a charset other than UTF-8 is
 *       reported once, as {@link ErrorManager#OPEN_FAILURE} when the handler is created ({@link
 *       #getEncoding()} still returns it);
 *   <li>{@code errorManager}: an {@link ErrorManager} class name, such as {@link StderrErrorManager};
 *       default JUL's, which prints only the first report (the handler then prints its set-up
 *       problems and notices itself, see below).
 * </ul>
 *
 * The journal keys are the properties every systemd4j adapter shares, with the same names, value
 * syntax and defaults (the table in journal-core's README: {@code socketPath}, {@code namespace},
 * {@code syslogIdentifier}, {@code fields}, {@code sendTimeout}, {@code logContext}, …; {@code
 * logParameterMaps} is this handler's name for {@code logContext}), JUL's own {@code
 * logThreadId}, {@code logSequenceNumber} and {@code logMessageKey} (default {@code false}), and
 * {@code logTraceContext} (default {@code true}; see Trace correlation). A value
 * that cannot be used is reported (see Errors). {@link #JournalHandler(Map)} configures with the same
 * keys without the LogManager.
 *
 * <h2>Fields</h2>
 *
 * {@code PRIORITY}, {@code SYSLOG_IDENTIFIER} and {@code MESSAGE} always; {@code LOGGER}, {@code
 * THREAD_NAME} and {@code TID} (when the handler runs on the logging thread) by default; {@code
 * CODE_FUNC} from the record's source class and method with {@code logSource}; the entries of {@code
 * Map} parameters by default; {@code EXCEPTION}, {@code EXCEPTION_MESSAGE} and the stack trace
 * (appended to {@code MESSAGE} and/or in {@code STACK_TRACE}) for a throwable; {@code
 * JUL_THREAD_ID}, {@code JUL_SEQUENCE_NUMBER}, {@code JUL_MESSAGE_KEY} when switched on; {@code
 * MESSAGE_ID} from a map entry of that name; {@code TRACE_ID}, {@code SPAN_ID}, {@code TRACE_FLAGS}
 * (see Trace correlation); the static fields.
 *
 * <h2>Trace correlation</h2>
 *
 * With the OpenTelemetry API ({@code io.opentelemetry:opentelemetry-api}, an optional dependency of
 * this jar) on the class path, a record published on the thread that logged it while a valid span is
 * current ({@code Span.current()}, made current by the application or the OpenTelemetry Java agent)
 * gets {@code TRACE_ID} (32 hex digits), {@code SPAN_ID} (16) and {@code TRACE_FLAGS} (2, {@code 01}
 * when sampled): the fields the Logback and Log4j2 adapters write from the agent's MDC entries, so
 * {@code journalctl TRACE_ID=<id>} finds a trace's entries from all three. Without a valid span, on
 * another thread (a {@code MemoryHandler} pushing from another thread, an asynchronous handler), with
 * {@code logTraceContext=false} or without the API, no such fields are written. A record that waited
 * in a {@code MemoryHandler} and is pushed later on its own thread gets the span current at the push.
 *
 * <h2>Level to priority</h2>
 *
 * SEVERE 3, WARNING 4, INFO 6, CONFIG 6, FINE 7, FINER 7, FINEST 7. A custom level takes the
 * priority of the most severe standard level it is not below (950 logs as WARNING); {@code
 * priorityMapping} overrides by name or value, such as {@code NOTICE=5,1100=2}.
 *
 * <h2>Field names</h2>
 *
 * Map keys are sanitised once per distinct key: upper-cased, characters outside {@code A-Z 0-9 _}
 * become {@code _}, {@code ESCAPED_} before a leading digit or {@code _}, cut to 64 bytes, {@code
 * EMPTY} for an empty key; a key that would take a field the handler writes itself becomes {@code
 * ESCAPED_MESSAGE} and so on. Keys that sanitise to the same name are all kept. See {@link
 * io.github.systemd4j.journal.FieldNames}.
 *
 * <h2>Errors</h2>
 *
 * Nothing is thrown into the application; problems go to {@link #reportError} with {@link
 * ErrorManager#OPEN_FAILURE} while the handler is being set up (an unusable key value, no journal
 * socket), {@link ErrorManager#WRITE_FAILURE} for send failures and outages, {@link
 * ErrorManager#FORMAT_FAILURE} when the formatter throws or a message parameter cannot be formatted
 * (its {@code toString()} throws: the record is still written, with the unformatted message pattern;
 * a {@code Map} parameter's value whose {@code toString()} throws is written as {@code [FAILED
 * toString() of …]}), {@link ErrorManager#GENERIC_FAILURE} for anything else and, without an
 * exception, for the recovery notice. An unusable value of a journal key is reported once, with one
 * more report saying that journald is not used: the handler then writes every record to the {@code
 * fallback} ({@code stderr}, or the configured one if that value was valid), never to journald; an
 * unusable value of one of JUL's keys ({@code level}, {@code filter}, {@code formatter}, …) keeps
 * that key's default. A missing journal does not stop the handler: entries go to the {@code fallback}
 * meanwhile and flow again once journald is back, each said once. Send failures are rate-limited
 * (three, then one every five minutes), format failures too (one report per failing record, the
 * first three of the handler). JUL's default {@link ErrorManager} prints only the very first report
 * of a handler: while it is the handler's, the set-up problems and the notices (journald unavailable,
 * journald back) are printed by the handler itself instead, one line each on stderr ({@code
 * systemd4j: io.github.systemd4j.journal.jul.JournalHandler: …}), and set {@code errorManager} (such
 * as {@link StderrErrorManager}) for all reports. A logging call never blocks longer than the send
 * timeout.
 *
 * <h2>Threads</h2>
 *
 * {@link #publish} takes no lock: each thread encodes into its own reusable buffer and sends one
 * datagram. A configured formatter may lock ({@code Formatter.formatMessage} is synchronized). Records
 * logged from inside the handler's own writing (by a formatter, say) are dropped rather than
 * recursed into. {@link #flush()} has nothing to do: every record is sent before {@code publish}
 * returns. With {@code async=true} a record is encoded on the logging thread and queued (the queue
 * takes a short lock) for the handler's sender thread; {@code flush()} does not wait for the queue,
 * {@link #close()} drains it (journal-core's README, "Async mode"). {@link #close()} releases the socket; records published afterwards, or still being written
 * as it runs, are dropped and counted ({@link #getDroppedAfterClose()}), not reported.
 *
 * @see <a href="https://systemd.io/JOURNAL_NATIVE_PROTOCOL/">Native Journal Protocol</a>
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/systemd.journal-fields.html">systemd.journal-fields(7)</a>
 */
public class JournalHandler extends Handler {
    /** The keys that switch on the fields only JUL records have. */
    private static final Map<FieldName, String> OWN_FIELD_KEYS = Map.of(
            JulRecords.JUL_THREAD_ID, "logThreadId",
            JulRecords.JUL_SEQUENCE_NUMBER, "logSequenceNumber",
            JulRecords.JUL_MESSAGE_KEY, "logMessageKey");

    /** The switch of the OpenTelemetry trace fields; on by default, effective only with the API present. */
    private static final String TRACE_CONTEXT_KEY = "logTraceContext";

    /** Failures of one kind that are reported; later ones are not (the sink limits send failures itself). */
    private static final int REPORTED_FAILURES = 3;

    private final String name;
    private final LongAdder droppedAfterClose = new LongAdder();
    private final AtomicInteger formatFailures = new AtomicInteger();
    private final AtomicInteger publishFailures = new AtomicInteger();

    private volatile boolean opening = true;
    private volatile EventSender<LogRecord> sender;

    /**
     * Creates a handler configured by the {@link LogManager} properties {@code <class name>.<key>},
     * as {@code handlers=} in {@code logging.properties} does. Never throws: unusable values are
     * reported with {@link ErrorManager#OPEN_FAILURE}.
     */
    public JournalHandler() {
        this((String) null);
    }

    /**
     * Creates a handler configured by the {@link LogManager} properties, as {@link #JournalHandler()}
     * does, whose MXBean has a name of its own.
     *
     * @param mbeanName the {@code name} of its MXBean; null for the class name
     */
    JournalHandler(String mbeanName) {
        this.name = getClass().getName();
        LogManager manager = LogManager.getLogManager();
        HandlerProperties properties =
                new HandlerProperties(key -> manager.getProperty(name + "." + key), name, this::reportSetupProblem);
        ErrorManager errorManager = properties.errorManager();
        if (errorManager != null) {
            setErrorManager(errorManager);
        }
        Level level = properties.level();
        if (level != null) {
            setLevel(level);
        }
        Filter filter = properties.filter();
        if (filter != null) {
            setFilter(filter);
        }
        Formatter formatter = properties.formatter();
        if (formatter != null) {
            setFormatter(formatter);
        }
        String encoding = properties.get("encoding");
        if (encoding != null) {
            try {
                setEncoding(encoding);
                if (!Charset.forName(encoding).equals(StandardCharsets.UTF_8)) {
                    // A FileHandler-style setting that would change nothing here: say so once, at set-up.
                    reportSetupProblem(
                            name + ".encoding=" + encoding + ": ignored, journal entries are always UTF-8", null);
                }
            } catch (UnsupportedEncodingException e) {
                reportSetupProblem(name + ".encoding=" + encoding + ": unknown charset (ignored anyway)", null);
            }
        }
        open(properties, mbeanName == null ? name : mbeanName);
    }

    /**
     * Creates a handler from the journal keys of {@code logging.properties}, given without the class
     * name prefix ({@code Map.of("syslogIdentifier", "app", "fields", "APP_VERSION=1.2")}), ignoring the
     * LogManager's properties. Level {@code ALL}, no filter, no formatter: set them with the {@link
     * Handler} setters.
     *
     * @param properties journal keys and their values
     * @throws IllegalArgumentException listing every value that cannot be used
     */
    public JournalHandler(Map<String, String> properties) {
        this.name = getClass().getName();
        List<String> problems = new ArrayList<>();
        HandlerProperties keys =
                new HandlerProperties(properties::get, name, (problem, cause) -> problems.add(problem));
        JournalSettings settings = keys.settings();
        JulRecords records = records(keys, settings);
        problems.addAll(settings.problems());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        open(settings, records, name);
    }

    private void open(HandlerProperties properties, String mbeanName) {
        JournalSettings settings = properties.settings();
        open(settings, records(properties, settings), mbeanName);
    }

    private JulRecords records(HandlerProperties properties, JournalSettings settings) {
        Set<FieldName> ownFields = new HashSet<>();
        OWN_FIELD_KEYS.forEach((field, key) -> {
            if (properties.isOn(key)) {
                ownFields.add(field);
            }
        });
        // Off, the OpenTelemetry classes are not even looked for.
        boolean traceContext = properties.isOn(TRACE_CONTEXT_KEY, true) && TraceContext.available();
        // The priority mapping's syntax is checked by the settings; JUL adds level values as names.
        return new JulRecords(
                JulLevelMapping.parse(settings.priorityMapping()),
                ownFields,
                traceContext,
                this::getFormatter,
                this::formatFailed);
    }

    private void open(JournalSettings settings, JulRecords records, String mbeanName) {
        try {
            Reporter reporter = new Reporter();
            // With unusable journal keys the sink reports them and writes to the fallback only.
            this.sender = new EventSender<>(
                    new EventMapper<>(settings, records, reporter),
                    JournalSink.open(settings, List.of(), mbeanName, reporter));
        } catch (RuntimeException | LinkageError e) {
            // No socket could be set up at all (for example no AF_UNIX support): the handler drops.
            reportSetupProblem(name + ": cannot open the journal client; records are dropped: " + e, e);
        } finally {
            opening = false;
        }
    }

    /**
     * Writes a record to the journal if it is loggable. Never throws. After {@link #close()} the
     * record is dropped and counted ({@link #getDroppedAfterClose()}), also when it was already being
     * written as the handler closed.
     *
     * @param record the record
     */
    @Override
    public void publish(LogRecord record) {
        if (!publishUnlessClosed(record)) {
            droppedAfterClose.increment();
        }
    }

    /**
     * Writes a record to the journal if it is loggable, unless this handler is closed (or could not
     * open a client). Never throws.
     *
     * @param record the record
     * @return false if the record was dropped because the handler is closed, not counted yet; true
     *     otherwise (written, diverted to the fallback, filtered, or lost to a reported error)
     */
    boolean publishUnlessClosed(LogRecord record) {
        EventSender<LogRecord> s = sender;
        if (s == null) {
            return false;
        }
        try {
            // CLOSED: close() ran while this record was being written, after the check above.
            return !isLoggable(record) || s.send(record) != JournalSink.Delivery.CLOSED;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // A filter that throws: JUL would pass it to the application.
            int n = countReported(publishFailures);
            if (n > 0) {
                reportError(
                        name + ": a record was lost to an unexpected error" + notReportedAfter(n) + ": " + e,
                        asException(e),
                        ErrorManager.GENERIC_FAILURE);
            }
            return true;
        }
    }

    /** Whether records carry their caller's location, so a {@code System.Logger} must find it. */
    boolean logsSource() {
        EventSender<LogRecord> s = sender;
        return s != null && s.mapper().logSource();
    }

    private void formatFailed(Throwable e) {
        int n = countReported(formatFailures);
        if (n > 0) {
            reportError(
                    name + ": rendering a record failed; it was written with the unformatted message or without"
                            + " the entries of a parameter map that changed while it was read"
                            + notReportedAfter(n) + ": " + e,
                    asException(e),
                    ErrorManager.FORMAT_FAILURE);
        }
    }

    /** The failure's number if it is to be reported, else 0; stops counting once the limit is reached. */
    private static int countReported(AtomicInteger failures) {
        if (failures.get() >= REPORTED_FAILURES) {
            return 0;
        }
        int n = failures.incrementAndGet();
        return n <= REPORTED_FAILURES ? n : 0;
    }

    private static String notReportedAfter(int n) {
        return n == REPORTED_FAILURES ? " (further ones are not reported)" : "";
    }

    /**
     * Does nothing: every record is sent before {@link #publish} returns; with {@code async=true} it is
     * queued, and {@link #close()} drains the queue.
     */
    @Override
    public void flush() {}

    /**
     * Closes the socket. Idempotent; records published afterwards, and those that were being written
     * as it ran, are dropped and counted: no {@link ErrorManager} report, no fallback line.
     */
    @Override
    public void close() {
        EventSender<LogRecord> s = sender;
        sender = null;
        if (s != null) {
            try {
                s.sink().close();
            } catch (RuntimeException e) {
                reportError(name + ": closing the journal socket failed: " + e, e, ErrorManager.CLOSE_FAILURE);
            }
        }
    }

    /**
     * The journal client underneath, for its counters ({@code getClient().counters()}).
     *
     * @return the client, or null once closed (or if it could not be opened)
     */
    public JournalClient getClient() {
        EventSender<LogRecord> s = sender;
        return s == null ? null : s.sink().client();
    }

    /**
     * Records published after {@link #close()} or being written as it ran (or published while no
     * journal client could be opened at all), which were dropped.
     *
     * @return the count
     */
    public long getDroppedAfterClose() {
        return droppedAfterClose.sum();
    }

    private void reportSetupProblem(String message, Throwable cause) {
        if (hasDefaultErrorManager()) {
            StderrNotice.print(message, StderrNotice.ERROR);
        } else {
            reportError(message, asException(cause), ErrorManager.OPEN_FAILURE);
        }
    }

    /**
     * Whether the error manager is JUL's own, which prints a handler's first report and then nothing:
     * set-up problems and notices, which a user must see, are then printed by the handler itself, one
     * line each, and that one report is left for a later failure.
     */
    private boolean hasDefaultErrorManager() {
        return getErrorManager().getClass() == ErrorManager.class;
    }

    private static Exception asException(Throwable t) {
        return t == null ? null : t instanceof Exception ? (Exception) t : new RuntimeException(t.toString(), t);
    }

    /**
     * Sends the sink's reports to the ErrorManager: set-up problems as OPEN_FAILURE, an outage as
     * OPEN_FAILURE while the handler is set up and WRITE_FAILURE later, the recovery as GENERIC_FAILURE
     * without an exception, other failures as WRITE_FAILURE. With JUL's default ErrorManager, notices
     * and set-up problems are printed instead ({@link #hasDefaultErrorManager()}).
     */
    private final class Reporter implements StatusReporter {
        @Override
        public void notice(Notice notice, String message, Throwable cause) {
            if (hasDefaultErrorManager()) {
                StderrNotice.print(name + ": " + message, StderrNotice.priority(notice));
            } else if (notice.isProblem()) {
                warn(message, cause);
            } else {
                reportError(name + ": " + message, null, ErrorManager.GENERIC_FAILURE);
            }
        }

        @Override
        public void error(String message) {
            // An unusable key's problem names it with the class name already.
            reportSetupProblem(message.startsWith(name + ".") ? message : name + ": " + message, null);
        }

        @Override
        public void warn(String message, Throwable cause) {
            int code = opening ? ErrorManager.OPEN_FAILURE : ErrorManager.WRITE_FAILURE;
            reportError(name + ": " + message, asException(cause), code);
        }
    }
}
