package io.github.systemd4j.journal.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.internal.EventMapper;
import io.github.systemd4j.journal.internal.EventSender;
import io.github.systemd4j.journal.internal.JournalProperty;
import io.github.systemd4j.journal.internal.JournalSettings;
import io.github.systemd4j.journal.internal.JournalSink;
import io.github.systemd4j.journal.internal.PriorityMap;
import io.github.systemd4j.journal.internal.StatusReporter;
import io.github.systemd4j.journal.internal.StderrNotice;
import java.util.ArrayList;
import java.util.List;

/**
 * A Logback appender that writes each event to the systemd journal over the native protocol, with
 * every piece of the event in its own queryable field: {@code MDC.put("DB_HOST", "db1")} becomes
 * {@code DB_HOST=db1}, found by {@code journalctl -u app DB_HOST=db1}. No JNA, no libsystemd.
 *
 * <pre>{@code
 * <appender name="JOURNAL" class="io.github.systemd4j.journal.logback.JournalAppender">
 *   <syslogIdentifier>app</syslogIdentifier>
 *   <field><name>APP_VERSION</name><value>${APP_VERSION:-dev}</value></field>
 * </appender>
 * }</pre>
 *
 * <h2>Properties</h2>
 *
 * The properties every systemd4j adapter shares ({@code socketPath}, {@code namespace}, {@code
 * sendTimeout}, {@code logContext}, …), with the same names and value syntax, are listed in
 * journal-core's README; {@code mdcPrefix}, {@code mdcInclude} and {@code mdcExclude} are this
 * appender's names for {@code contextPrefix}, {@code contextInclude} and {@code contextExclude}.
 * Logback's own: {@code logMdc} and {@code logKeyValues} (which context sources {@code logContext}
 * covers), {@code layout} or {@code encoder} for {@code MESSAGE}, and {@code <field>} elements.
 *
 * <h2>Fields</h2>
 *
 * {@code PRIORITY}, {@code SYSLOG_IDENTIFIER} and {@code MESSAGE} always; {@code LOGGER}, {@code
 * THREAD_NAME}, {@code TID}, MDC entries, SLF4J key-value pairs and one {@code MARKER} per marker
 * (nested ones included) by default; {@code CODE_FILE}/{@code CODE_LINE}/{@code CODE_FUNC} from caller
 * data when {@link #setLogSource logSource} is on; {@code EXCEPTION}, {@code EXCEPTION_MESSAGE} and the
 * stack trace (appended to {@code MESSAGE}, and/or in {@code STACK_TRACE}) for a throwable; {@code
 * MESSAGE_ID} from an MDC or key-value entry of that name; the static {@code <field>}s.
 *
 * <h2>Level to priority</h2>
 *
 * ERROR 3, WARN 4, INFO 6, DEBUG 7, TRACE 7; override with {@link #setPriorityMapping
 * priorityMapping}, for example {@code INFO=5}.
 *
 * <h2>Field names</h2>
 *
 * MDC and key-value keys are sanitised once per distinct key (cached): upper-cased, characters
 * outside {@code A-Z 0-9 _} become {@code _}, {@code ESCAPED_} before a leading digit or {@code _},
 * cut to 64 bytes, {@code EMPTY} for an empty key; a key that would take a name the appender writes
 * itself ({@code MESSAGE}, {@code PRIORITY}, …) becomes {@code ESCAPED_MESSAGE}. Keys that sanitise to
 * the same name are all kept. See {@link io.github.systemd4j.journal.FieldNames}.
 *
 * <h2>Errors</h2>
 *
 * Nothing is thrown into the application. A configuration error (an unusable value, a layout and an
 * encoder both set) is reported with {@code addError}, each once, with one more error saying that
 * journald is not used: the appender still starts and writes every event to the {@link #setFallback
 * fallback} ({@code stderr}, or the configured one if that value was valid), never to journald.
 * A missing journal is not a configuration error: the appender starts, says so once, sends each entry
 * to the fallback meanwhile, and says once when journald is reachable again, with the number of
 * entries diverted; a later outage (journald stopped, its socket refusing) is said the same way, once
 * per outage. These notices go to Logback's status, as a warning and as information; without a status
 * listener ({@code debug="true"}, {@code <statusListener>}), Logback's default, they are also printed
 * on stderr, one line each ({@code systemd4j: Logback Appender [NAME]: …}), and kept in the status as
 * information. Other send failures are reported with {@code addWarn}, rate-limited. A logging call
 * never blocks longer than the {@link #setSendTimeout send timeout}. Anything logged from inside the
 * appender's own send path is not appended again.
 *
 * @see <a href="https://systemd.io/JOURNAL_NATIVE_PROTOCOL/">Native Journal Protocol</a>
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/systemd.journal-fields.html">systemd.journal-fields(7)</a>
 */
public class JournalAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private final JournalSettings settings = new JournalSettings();
    private boolean logMdc = true;
    private boolean logKeyValues = true;
    private Layout<ILoggingEvent> layout;
    private Encoder<ILoggingEvent> encoder;

    /** Written by start() and stop() while other threads may be appending; read once per event. */
    private volatile EventSender<ILoggingEvent> sender;

    /** Creates an appender; Logback calls the setters, then {@link #start()}. */
    public JournalAppender() {}

    /** Opens the journal client (and, in async mode, its sender thread); does nothing if started. */
    @Override
    public void start() {
        if (isStarted()) {
            // A second start() would open a second client and leave the first one open, never stopped.
            return;
        }
        List<String> problems = new ArrayList<>();
        if (layout != null && encoder != null) {
            problems.add("set either <layout> or <encoder> for MESSAGE, not both");
        }
        Layout<ILoggingEvent> messageLayout = layout;
        Encoder<ILoggingEvent> messageEncoder = null;
        if (encoder instanceof LayoutWrappingEncoder) {
            // Render through the layout directly: no bytes to decode, same text.
            messageLayout = ((LayoutWrappingEncoder<ILoggingEvent>) encoder).getLayout();
        } else if (encoder != null) {
            messageEncoder = encoder;
            if (!encoder.isStarted()) {
                encoder.start();
            }
        }
        if (messageLayout != null && !messageLayout.isStarted()) {
            messageLayout.start();
        }
        LogbackEvents events = new LogbackEvents(
                PriorityMap.SLF4J_STYLE.withOverrides(settings.priorityMapping()),
                logMdc,
                logKeyValues,
                messageLayout,
                messageEncoder);
        Reporter reporter = new Reporter();
        try {
            // With errors in the configuration the sink reports them and writes to the fallback only.
            sender = new EventSender<>(
                    new EventMapper<>(settings, events, reporter),
                    JournalSink.open(settings, problems, name, reporter));
        } catch (RuntimeException e) {
            addError("Appender [" + name + "]: cannot open the journal client: " + e.getMessage(), e);
            return;
        }
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        EventSender<ILoggingEvent> s = sender;
        if (s != null) { // else stop() ran after Logback checked isStarted(): dropped, as by a stopped appender
            s.send(event);
        }
    }

    @Override
    public void stop() {
        super.stop();
        EventSender<ILoggingEvent> s = sender;
        if (s != null) {
            sender = null;
            s.sink().close();
        }
    }

    /**
     * The client underneath, for its counters.
     *
     * @return the client, or null while the appender is stopped
     */
    public JournalClient getClient() {
        EventSender<ILoggingEvent> s = sender;
        return s == null ? null : s.sink().client();
    }

    /**
     * The sink's and the mapping's reports, as Logback status messages of this appender. Logback shows
     * status only to a status listener ({@code debug="true"}, {@code <statusListener>}), and otherwise
     * prints its whole status history once, at the end of an automatic configuration that had a
     * warning or error. So without a listener a notice is printed here, one line on stderr, and kept
     * in the status history as information: a journal missing at start then shows as that one line
     * rather than as Logback's history of the configuration, and a later outage shows at all.
     * Configuration errors stay errors: Logback (and Spring Boot) print the configuration's status
     * because of them, and Spring Boot refuses to start.
     */
    private final class Reporter implements StatusReporter {
        @Override
        public void notice(Notice notice, String message, Throwable cause) {
            String text = "Appender [" + name + "]: " + message;
            if (getContext() == null
                    || getContext()
                            .getStatusManager()
                            .getCopyOfStatusListenerList()
                            .isEmpty()) {
                StderrNotice.print("Logback " + text, StderrNotice.priority(notice));
                addInfo(text);
            } else if (notice.isProblem()) {
                addWarn(text, cause);
            } else {
                addInfo(text);
            }
        }

        @Override
        public void error(String message) {
            addError("Appender [" + name + "]: " + message);
        }

        @Override
        public void warn(String message, Throwable cause) {
            addWarn("Appender [" + name + "]: " + message, cause);
        }
    }

    // ---- configuration: read at start() --------------------------------------------------------

    /**
     * The native socket. Default {@code /run/systemd/journal/socket}.
     *
     * @param socketPath an absolute path, or {@code @name} for an abstract address
     */
    public void setSocketPath(String socketPath) {
        settings.set(JournalProperty.SOCKET_PATH, socketPath);
    }

    /**
     * A journal namespace instead of the socket path. Default: none.
     *
     * @param namespace the namespace, as in {@code journalctl --namespace=NAME}
     */
    public void setNamespace(String namespace) {
        settings.set(JournalProperty.NAMESPACE, namespace);
    }

    /**
     * {@code SYSLOG_IDENTIFIER}. Default: the unit, the jar or the main class.
     *
     * @param syslogIdentifier the identifier
     */
    public void setSyslogIdentifier(String syslogIdentifier) {
        settings.set(JournalProperty.SYSLOG_IDENTIFIER, syslogIdentifier);
    }

    /**
     * {@code SYSLOG_FACILITY}. Default: not written.
     *
     * @param syslogFacility {@code 0}..{@code 23} or a name such as {@code local0}
     */
    public void setSyslogFacility(String syslogFacility) {
        settings.set(JournalProperty.SYSLOG_FACILITY, syslogFacility);
    }

    /**
     * Static fields. Default: none.
     *
     * @param fields {@code NAME=value,NAME2=value2}
     */
    public void setFields(String fields) {
        settings.set(JournalProperty.FIELDS, fields);
    }

    /**
     * A static field, from a {@code <field>} element. Default: none.
     *
     * @param field the field
     */
    public void addField(JournalField field) {
        settings.field(field.getName(), field.getValue());
    }

    /**
     * The longest a logging call waits for room in journald's queue. Default {@code 1 second}.
     *
     * @param sendTimeout such as {@code 250ms} or {@code 1 second}; {@code 0} never waits
     */
    public void setSendTimeout(String sendTimeout) {
        settings.set(JournalProperty.SEND_TIMEOUT, sendTimeout);
    }

    /**
     * The largest entry; larger ones are cut and marked. Default {@code 384MB}.
     *
     * @param maxEntrySize such as {@code 32MB}
     */
    public void setMaxEntrySize(String maxEntrySize) {
        settings.set(JournalProperty.MAX_ENTRY_SIZE, maxEntrySize);
    }

    /**
     * Where entries go while journald cannot take them. Default {@code stderr}.
     *
     * @param fallback {@code stderr}, {@code json} or {@code none}
     */
    public void setFallback(String fallback) {
        settings.set(JournalProperty.FALLBACK, fallback);
    }

    /**
     * Level to priority overrides. Default: ERROR 3, WARN 4, INFO 6, DEBUG 7, TRACE 7.
     *
     * @param priorityMapping such as {@code INFO=5,DEBUG=6}
     */
    public void setPriorityMapping(String priorityMapping) {
        settings.set(JournalProperty.PRIORITY_MAPPING, priorityMapping);
    }

    /**
     * {@code LOGGER}. Default {@code true}.
     *
     * @param on {@code true} or {@code false}
     */
    public void setLogLoggerName(String on) {
        settings.set(JournalProperty.LOG_LOGGER_NAME, on);
    }

    /**
     * {@code THREAD_NAME}. Default {@code true}.
     *
     * @param on {@code true} or {@code false}
     */
    public void setLogThreadName(String on) {
        settings.set(JournalProperty.LOG_THREAD_NAME, on);
    }

    /**
     * {@code TID}. Default {@code true}.
     *
     * @param on {@code true} or {@code false}
     */
    public void setLogTid(String on) {
        settings.set(JournalProperty.LOG_TID, on);
    }

    /**
     * {@code CODE_FILE}, {@code CODE_LINE}, {@code CODE_FUNC} from caller data. Default {@code false}.
     *
     * @param on {@code true} or {@code false}
     */
    public void setLogSource(String on) {
        settings.set(JournalProperty.LOG_SOURCE, on);
    }

    /**
     * Context entries (MDC and key-value pairs) as fields. Default {@code true}.
     *
     * @param on {@code true} or {@code false}
     */
    public void setLogContext(String on) {
        settings.set(JournalProperty.LOG_CONTEXT, on);
    }

    /**
     * MDC entries as context entries. Default {@code true}.
     *
     * @param on {@code true} or {@code false}
     */
    public void setLogMdc(boolean on) {
        this.logMdc = on;
    }

    /**
     * SLF4J key-value pairs as context entries. Default {@code true}.
     *
     * @param on {@code true} or {@code false}
     */
    public void setLogKeyValues(boolean on) {
        this.logKeyValues = on;
    }

    /**
     * Prepended to every context key. Default: none.
     *
     * @param prefix the prefix
     */
    public void setContextPrefix(String prefix) {
        settings.set(JournalProperty.CONTEXT_PREFIX, prefix);
    }

    /**
     * Only these context keys; repeatable. Default: all.
     *
     * @param keys comma-separated keys
     */
    public void setContextInclude(String keys) {
        settings.set(JournalProperty.CONTEXT_INCLUDE, keys);
    }

    /**
     * Never these context keys; repeatable. Default: none.
     *
     * @param keys comma-separated keys
     */
    public void setContextExclude(String keys) {
        settings.set(JournalProperty.CONTEXT_EXCLUDE, keys);
    }

    /**
     * {@link #setContextPrefix}, under the name Logback users know.
     *
     * @param prefix the prefix
     */
    public void setMdcPrefix(String prefix) {
        settings.set(JournalProperty.CONTEXT_PREFIX, prefix, "mdcPrefix");
    }

    /**
     * {@link #setContextInclude}, under the name Logback users know.
     *
     * @param keys comma-separated keys
     */
    public void setMdcInclude(String keys) {
        settings.set(JournalProperty.CONTEXT_INCLUDE, keys, "mdcInclude");
    }

    /**
     * {@link #setContextExclude}, under the name Logback users know.
     *
     * @param keys comma-separated keys
     */
    public void setMdcExclude(String keys) {
        settings.set(JournalProperty.CONTEXT_EXCLUDE, keys, "mdcExclude");
    }

    /**
     * One {@code MARKER} field per marker. Default {@code true}.
     *
     * @param on {@code true} or {@code false}
     */
    public void setLogMarkers(String on) {
        settings.set(JournalProperty.LOG_MARKERS, on);
    }

    /**
     * The stack trace appended to {@code MESSAGE} (a layout or encoder decides itself). Default {@code
     * true}.
     *
     * @param on {@code true} or {@code false}
     */
    public void setStackTraceInMessage(String on) {
        settings.set(JournalProperty.STACK_TRACE_IN_MESSAGE, on);
    }

    /**
     * The stack trace in its own {@code STACK_TRACE} field. Default {@code false}.
     *
     * @param on {@code true} or {@code false}
     */
    public void setLogStackTrace(String on) {
        settings.set(JournalProperty.LOG_STACK_TRACE, on);
    }

    /**
     * Collector-safe output: every field readable by collectors that run {@code journalctl -o json}
     * without {@code --all} (journal-core's README, "Collector-safe output"). Default {@code false}.
     *
     * @param on {@code true} or {@code false}
     */
    public void setCollectorSafe(String on) {
        settings.set(JournalProperty.COLLECTOR_SAFE, on);
    }

    /**
     * With {@code collectorSafe}: the most stack trace text, beyond which it is cut with a marker line.
     * Default {@code 64KB}.
     *
     * @param size such as {@code 16KB}, {@code 1MB} or bytes; at least {@code 1KB}
     */
    public void setMaxStackTraceSize(String size) {
        settings.set(JournalProperty.MAX_STACK_TRACE_SIZE, size);
    }

    /**
     * Async mode: the logging thread writes the entry and queues it, one daemon thread of the
     * appender sends it (journal-core's README, "Async mode"). Default {@code false}.
     *
     * @param on {@code true} or {@code false}
     */
    public void setAsync(String on) {
        settings.set(JournalProperty.ASYNC, on);
    }

    /**
     * With {@code async}: the most bytes of entries queued. Default {@code 8MB}.
     *
     * @param size such as {@code 512KB}, {@code 64MB} or bytes; at least {@code 64KB}
     */
    public void setAsyncQueueSize(String size) {
        settings.set(JournalProperty.ASYNC_QUEUE_SIZE, size);
    }

    /**
     * With {@code async}, when the queue is full: {@code wait} up to {@code sendTimeout} for room, then
     * drop the entry, or {@code drop} it at once; drops are counted and reported. Default {@code wait}.
     *
     * @param policy {@code wait} or {@code drop}
     */
    public void setAsyncOverflow(String policy) {
        settings.set(JournalProperty.ASYNC_OVERFLOW, policy);
    }

    /**
     * The appender's counters and outage state as the platform MXBean {@code
     * io.github.systemd4j:type=Journal,name=NAME} ({@link io.github.systemd4j.journal.JournalMXBean}),
     * registered while the appender runs. Default {@code true}.
     *
     * @param on {@code true} or {@code false}
     */
    public void setJmx(String on) {
        settings.set(JournalProperty.JMX, on);
    }

    /**
     * Renders {@code MESSAGE}; all fields are still written. Default: the formatted message.
     *
     * @param layout the layout
     */
    public void setLayout(Layout<ILoggingEvent> layout) {
        this.layout = layout;
    }

    /**
     * Renders {@code MESSAGE}, as a layout does. Default: none.
     *
     * @param encoder the encoder
     */
    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }
}
