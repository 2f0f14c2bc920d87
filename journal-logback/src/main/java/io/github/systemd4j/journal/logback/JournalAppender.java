package io.github.systemd4j.journal.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.JournalEntry;
import io.github.systemd4j.journal.JournalFallback;
import io.github.systemd4j.journal.JournalSink;
import io.github.systemd4j.journal.StatusReporter;
import io.github.systemd4j.journal.SyslogFacility;
import io.github.systemd4j.journal.mapping.ContextFields;
import io.github.systemd4j.journal.mapping.EventFieldWriter;
import io.github.systemd4j.journal.mapping.PriorityMap;
import io.github.systemd4j.journal.mapping.ValueText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

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
 * Nothing is thrown into the application. Configuration errors are reported with {@code addError}
 * and the appender does not start. A missing journal is not a configuration error: the appender
 * starts, warns once, sends each entry to the {@link #setFallback fallback} meanwhile, and reports
 * the recovery once with the number of entries diverted. Other send failures are reported with
 * {@code addWarn}, rate-limited. A logging call never blocks longer than the {@link #setSendTimeout
 * send timeout}. Anything logged from inside the appender's own send path is not appended again.
 *
 * @see <a href="https://systemd.io/JOURNAL_NATIVE_PROTOCOL/">Native Journal Protocol</a>
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/systemd.journal-fields.html">systemd.journal-fields(7)</a>
 */
public class JournalAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private String socketPath;
    private String namespace;
    private String syslogIdentifier;
    private String syslogFacility;
    private boolean logLoggerName = true;
    private boolean logThreadName = true;
    private boolean logTid = true;
    private boolean logSource;
    private boolean logMdc = true;
    private String mdcPrefix = "";
    private final Set<String> mdcInclude = new LinkedHashSet<>();
    private final Set<String> mdcExclude = new LinkedHashSet<>();
    private boolean logKeyValues = true;
    private boolean logMarkers = true;
    private boolean stackTraceInMessage = true;
    private boolean logStackTrace;
    private final List<JournalField> fields = new ArrayList<>();
    private Layout<ILoggingEvent> layout;
    private Encoder<ILoggingEvent> encoder;
    private String fallback = "stderr";
    private String priorityMapping = "";
    private Duration sendTimeout = Duration.buildBySeconds(1);
    private FileSize maxEntrySize;

    /** Written by start() and stop() while other threads may be appending; read once per event. */
    private volatile JournalSink sink;

    private EventFieldWriter writer;
    private Layout<ILoggingEvent> messageLayout;
    private Encoder<ILoggingEvent> messageEncoder;
    private int errorPriority;
    private int warnPriority;
    private int infoPriority;
    private int debugPriority;
    private int tracePriority;
    /*
     * Our own reentry guard: Logback 1.4's base class has one, but 1.5's UnsynchronizedAppenderBase
     * installs a no-op guard by default. A per-thread flag that stays in place, so guarding an event
     * allocates nothing (ThreadLocal.remove() then set() would allocate a map entry every time).
     */
    private final ThreadLocal<Reentry> reentry = ThreadLocal.withInitial(Reentry::new);

    /** Creates an appender; Logback calls the setters, then {@link #start()}. */
    public JournalAppender() {}

    @Override
    public void start() {
        int errors = 0;
        JournalClient.Builder client = JournalClient.builder();
        try {
            if (socketPath != null && namespace != null) {
                throw new IllegalArgumentException("set either <socketPath> or <namespace>, not both");
            }
            if (socketPath != null) {
                client.socketPath(socketPath);
            }
            if (namespace != null) {
                client.namespace(namespace);
            }
            if (syslogIdentifier != null) {
                client.syslogIdentifier(syslogIdentifier);
            }
            if (syslogFacility != null) {
                client.syslogFacility(SyslogFacility.parse(syslogFacility));
            }
            for (JournalField field : fields) {
                client.field(field.getName(), field.getValue());
            }
            client.sendTimeout(java.time.Duration.ofMillis(sendTimeout.getMilliseconds()));
            if (maxEntrySize != null) {
                client.maxEntrySize((int) Math.min(Integer.MAX_VALUE - 64, maxEntrySize.getSize()));
            }
        } catch (IllegalArgumentException e) {
            addError("Appender [" + name + "]: " + e.getMessage());
            errors++;
        }
        JournalFallback fallbackMode = null;
        try {
            fallbackMode = JournalFallback.parse(fallback);
        } catch (IllegalArgumentException e) {
            addError("Appender [" + name + "]: <fallback>: " + e.getMessage());
            errors++;
        }
        try {
            PriorityMap priorities = PriorityMap.SLF4J_STYLE.withOverrides(priorityMapping);
            errorPriority = priorities.priorityOf("ERROR", 3);
            warnPriority = priorities.priorityOf("WARN", 4);
            infoPriority = priorities.priorityOf("INFO", 6);
            debugPriority = priorities.priorityOf("DEBUG", 7);
            tracePriority = priorities.priorityOf("TRACE", 7);
        } catch (IllegalArgumentException e) {
            addError("Appender [" + name + "]: <priorityMapping>: " + e.getMessage());
            errors++;
        }
        if (layout != null && encoder != null) {
            addError("Appender [" + name + "]: set either <layout> or <encoder> for MESSAGE, not both");
            errors++;
        }
        if (errors > 0) {
            return;
        }
        messageLayout = layout;
        messageEncoder = null;
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
        ContextFields context = new ContextFields(
                mdcPrefix,
                mdcInclude,
                mdcExclude,
                invalid -> addWarn("Appender [" + name + "]: MESSAGE_ID \"" + invalid
                        + "\" is neither a UUID nor 32 hex digits; written as an ordinary field."
                        + " Further invalid ids are not reported."));
        writer = EventFieldWriter.builder()
                .logLoggerName(logLoggerName)
                .logThreadName(logThreadName)
                .logTid(logTid)
                .logSource(logSource)
                // A layout or encoder decides itself whether MESSAGE shows the trace (%ex, %nopex).
                .stackTraceInMessage(stackTraceInMessage && messageLayout == null && messageEncoder == null)
                .logStackTrace(logStackTrace)
                .context(context)
                .build();
        try {
            sink = JournalSink.open(client, fallbackMode, new Reporter());
        } catch (RuntimeException e) {
            addError("Appender [" + name + "]: cannot open the journal client: " + e.getMessage(), e);
            return;
        }
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        JournalSink s = sink;
        if (s == null) {
            return; // stop() ran after Logback checked isStarted(): dropped, as by a stopped appender
        }
        Reentry guard = reentry.get();
        if (guard.appending) {
            return; // logged from inside our own send path: appending it would recurse
        }
        guard.appending = true;
        try {
            JournalEntry entry = s.entry();
            try {
                write(entry, event);
            } catch (RuntimeException | VirtualMachineError e) {
                // A layout threw: give the entry back to this thread (else it stays taken and every
                // later event allocates a fresh one); Logback reports the failure.
                entry.clear();
                throw e;
            } catch (Error e) {
                // Logback reports only exceptions; an Error would reach the application's logging call.
                entry.clear();
                throw new IllegalStateException("writing the event failed: " + e, e);
            }
            s.send(entry);
        } finally {
            guard.appending = false;
        }
    }

    /** Whether this thread is inside {@link #append}. */
    private static final class Reentry {
        boolean appending;
    }

    private void write(JournalEntry entry, ILoggingEvent event) {
        String threadName = event.getThreadName();
        Thread current = Thread.currentThread();
        writer.header(
                entry,
                priorityOf(event.getLevel()),
                event.getLoggerName(),
                threadName,
                threadName != null && threadName.equals(current.getName()));
        if (writer.logSource()) {
            StackTraceElement[] caller = event.getCallerData();
            if (caller != null && caller.length > 0) {
                StackTraceElement top = caller[0];
                writer.source(
                        entry, top.getFileName(), top.getLineNumber(), top.getClassName() + "." + top.getMethodName());
            }
        }
        ContextFields context = writer.context();
        if (logMdc) {
            Map<String, String> mdc = event.getMDCPropertyMap();
            if (mdc != null && !mdc.isEmpty()) {
                for (Map.Entry<String, String> e : mdc.entrySet()) {
                    context.write(entry, e.getKey(), e.getValue());
                }
            }
        }
        if (logKeyValues) {
            List<KeyValuePair> pairs = event.getKeyValuePairs();
            if (pairs != null) {
                for (KeyValuePair pair : pairs) {
                    if (context.includes(pair.key)) {
                        context.write(entry, pair.key, ValueText.render(pair.value));
                    }
                }
            }
        }
        if (logMarkers) {
            List<Marker> markers = event.getMarkerList();
            if (markers != null && !markers.isEmpty()) {
                writeMarkers(entry, markers);
            }
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        CharSequence message = messageLayout != null
                ? withoutTrailingNewlines(messageLayout.doLayout(event))
                : messageEncoder != null
                        ? withoutTrailingNewlines(new String(messageEncoder.encode(event), StandardCharsets.UTF_8))
                        : event.getFormattedMessage();
        if (thrown == null) {
            writer.message(entry, message, null, null, null);
        } else {
            String trace = writer.needsStackTrace() ? stackTrace(thrown) : null;
            writer.message(entry, message, thrown.getClassName(), thrown.getMessage(), trace);
        }
    }

    private void writeMarkers(JournalEntry entry, List<Marker> markers) {
        // Markers form a small graph; write each name once, parents before their references.
        List<String> seen = new ArrayList<>(4);
        List<Marker> pending = new ArrayList<>(markers);
        for (int i = 0; i < pending.size(); i++) {
            Marker marker = pending.get(i);
            if (marker == null || seen.contains(marker.getName())) {
                continue;
            }
            seen.add(marker.getName());
            writer.marker(entry, marker.getName());
            for (Iterator<Marker> refs = marker.iterator(); refs.hasNext(); ) {
                pending.add(refs.next());
            }
        }
    }

    private static String withoutTrailingNewlines(String text) {
        // Patterns end with %n for files; in the journal a trailing newline only forces binary framing.
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return end == text.length() ? text : text.substring(0, end);
    }

    private static String stackTrace(IThrowableProxy thrown) {
        String trace = ThrowableProxyUtil.asString(thrown);
        StringBuilder s = new StringBuilder(trace.length());
        for (int i = 0; i < trace.length(); i++) {
            char c = trace.charAt(i);
            if (c != '\r') {
                s.append(c);
            }
        }
        while (s.length() > 0 && s.charAt(s.length() - 1) == '\n') {
            s.setLength(s.length() - 1);
        }
        return s.toString();
    }

    private int priorityOf(Level level) {
        switch (level.toInt()) {
            case Level.ERROR_INT:
                return errorPriority;
            case Level.WARN_INT:
                return warnPriority;
            case Level.INFO_INT:
                return infoPriority;
            case Level.DEBUG_INT:
                return debugPriority;
            default:
                return tracePriority;
        }
    }

    /**
     * Stops the appender and closes its socket. An event that races with {@code stop()} is dropped,
     * as Logback drops events for a stopped appender, or goes to the fallback if the socket was
     * already closed under it; the logging call never fails.
     */
    @Override
    public void stop() {
        super.stop();
        JournalSink s = sink;
        if (s != null) {
            sink = null;
            s.close();
        }
    }

    /**
     * The journal client underneath, for its counters ({@code getClient().counters()}); null when the
     * appender is not started.
     *
     * @return the client
     */
    public JournalClient getClient() {
        JournalSink s = sink;
        return s == null ? null : s.client();
    }

    /** Sends the sink's reports to Logback's status manager, naming this appender. */
    private final class Reporter implements StatusReporter {
        @Override
        public void info(String message) {
            addInfo("Appender [" + name + "]: " + message);
        }

        @Override
        public void warn(String message, Throwable cause) {
            addWarn("Appender [" + name + "]: " + message, cause);
        }
    }

    // ---- configuration: JavaBean properties, read at start() -------------------------------------

    /**
     * The journal's native socket. Default {@code /run/systemd/journal/socket}; {@code @name} for an
     * abstract address. Exclusive with {@link #setNamespace namespace}.
     *
     * @param socketPath an absolute path or {@code @name}
     */
    public void setSocketPath(String socketPath) {
        this.socketPath = socketPath;
    }

    /**
     * The configured socket path.
     *
     * @return the path, or null for the default
     */
    public String getSocketPath() {
        return socketPath;
    }

    /**
     * A journal namespace ({@code /run/systemd/journal.NAME/socket}). Default: none. Not needed under
     * {@code LogNamespace=} in a unit, where systemd mounts the namespace over the default path.
     *
     * @param namespace the namespace name
     */
    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    /**
     * The configured namespace.
     *
     * @return the namespace, or null
     */
    public String getNamespace() {
        return namespace;
    }

    /**
     * {@code SYSLOG_IDENTIFIER}, what {@code journalctl -t} matches. Default: the systemd service the
     * process runs in, else the jar or main class.
     *
     * @param syslogIdentifier the identifier
     */
    public void setSyslogIdentifier(String syslogIdentifier) {
        this.syslogIdentifier = syslogIdentifier;
    }

    /**
     * The configured identifier.
     *
     * @return the identifier, or null for detection
     */
    public String getSyslogIdentifier() {
        return syslogIdentifier;
    }

    /**
     * {@code SYSLOG_FACILITY}: a number 0..23 or a name ({@code daemon}, {@code local0}, …). Default:
     * not written.
     *
     * @param syslogFacility the facility
     */
    public void setSyslogFacility(String syslogFacility) {
        this.syslogFacility = syslogFacility;
    }

    /**
     * The configured facility.
     *
     * @return the facility, or null
     */
    public String getSyslogFacility() {
        return syslogFacility;
    }

    /**
     * Write {@code LOGGER}. Default true.
     *
     * @param on the switch
     */
    public void setLogLoggerName(boolean on) {
        this.logLoggerName = on;
    }

    /**
     * Whether {@code LOGGER} is written.
     *
     * @return the switch
     */
    public boolean isLogLoggerName() {
        return logLoggerName;
    }

    /**
     * Write {@code THREAD_NAME}. Default true.
     *
     * @param on the switch
     */
    public void setLogThreadName(boolean on) {
        this.logThreadName = on;
    }

    /**
     * Whether {@code THREAD_NAME} is written.
     *
     * @return the switch
     */
    public boolean isLogThreadName() {
        return logThreadName;
    }

    /**
     * Write {@code TID}, the kernel thread id. Default true. Written only when the appender runs on
     * the logging thread (not behind an {@code AsyncAppender}).
     *
     * @param on the switch
     */
    public void setLogTid(boolean on) {
        this.logTid = on;
    }

    /**
     * Whether {@code TID} is written.
     *
     * @return the switch
     */
    public boolean isLogTid() {
        return logTid;
    }

    /**
     * Write {@code CODE_FILE}, {@code CODE_LINE}, {@code CODE_FUNC} from caller data. Default false:
     * caller data costs a stack walk per event.
     *
     * @param on the switch
     */
    public void setLogSource(boolean on) {
        this.logSource = on;
    }

    /**
     * Whether caller location is written.
     *
     * @return the switch
     */
    public boolean isLogSource() {
        return logSource;
    }

    /**
     * Write MDC entries as fields. Default true.
     *
     * @param on the switch
     */
    public void setLogMdc(boolean on) {
        this.logMdc = on;
    }

    /**
     * Whether MDC entries are written.
     *
     * @return the switch
     */
    public boolean isLogMdc() {
        return logMdc;
    }

    /**
     * Prefix for MDC and key-value field names, such as {@code MDC_}. Default: none.
     *
     * @param mdcPrefix the prefix
     */
    public void setMdcPrefix(String mdcPrefix) {
        this.mdcPrefix = mdcPrefix == null ? "" : mdcPrefix;
    }

    /**
     * The prefix.
     *
     * @return the prefix, empty for none
     */
    public String getMdcPrefix() {
        return mdcPrefix;
    }

    /**
     * Only these MDC and key-value keys are written (comma-separated; repeat the element to add more).
     * Default: all.
     *
     * @param keys one or more keys, comma-separated
     */
    public void addMdcInclude(String keys) {
        mdcInclude.addAll(ContextFields.parseKeyList(keys));
    }

    /**
     * The include list.
     *
     * @return the keys, empty for all
     */
    public Set<String> getMdcInclude() {
        return Set.copyOf(mdcInclude);
    }

    /**
     * These MDC and key-value keys are never written (comma-separated; repeat to add more). Default:
     * none.
     *
     * @param keys one or more keys, comma-separated
     */
    public void addMdcExclude(String keys) {
        mdcExclude.addAll(ContextFields.parseKeyList(keys));
    }

    /**
     * The exclude list.
     *
     * @return the keys
     */
    public Set<String> getMdcExclude() {
        return Set.copyOf(mdcExclude);
    }

    /**
     * Write SLF4J 2 key-value pairs ({@code logger.atInfo().addKeyValue(...)}) as fields: text as is,
     * numbers and booleans as text, maps, collections and arrays as JSON. Default true.
     *
     * @param on the switch
     */
    public void setLogKeyValues(boolean on) {
        this.logKeyValues = on;
    }

    /**
     * Whether key-value pairs are written.
     *
     * @return the switch
     */
    public boolean isLogKeyValues() {
        return logKeyValues;
    }

    /**
     * Write one {@code MARKER} field per marker, nested markers included. Default true.
     *
     * @param on the switch
     */
    public void setLogMarkers(boolean on) {
        this.logMarkers = on;
    }

    /**
     * Whether markers are written.
     *
     * @return the switch
     */
    public boolean isLogMarkers() {
        return logMarkers;
    }

    /**
     * Append the stack trace (causes and suppressed included) to {@code MESSAGE}, so plain {@code
     * journalctl} shows it. Default true.
     *
     * @param on the switch
     */
    public void setStackTraceInMessage(boolean on) {
        this.stackTraceInMessage = on;
    }

    /**
     * Whether the stack trace is appended to {@code MESSAGE}.
     *
     * @return the switch
     */
    public boolean isStackTraceInMessage() {
        return stackTraceInMessage;
    }

    /**
     * Write the stack trace as a separate {@code STACK_TRACE} field. Default false.
     *
     * @param on the switch
     */
    public void setLogStackTrace(boolean on) {
        this.logStackTrace = on;
    }

    /**
     * Whether {@code STACK_TRACE} is written.
     *
     * @return the switch
     */
    public boolean isLogStackTrace() {
        return logStackTrace;
    }

    /**
     * Adds a static field ({@code <field>} element), written with every entry. Default: none.
     *
     * @param field the field
     */
    public void addField(JournalField field) {
        fields.add(field);
    }

    /**
     * The static fields.
     *
     * @return the fields, in order
     */
    public List<JournalField> getFields() {
        return List.copyOf(fields);
    }

    /**
     * A layout that renders {@code MESSAGE}, such as {@code [%thread] %msg}; a trailing line separator
     * is removed. All structured fields are still written. The layout alone decides whether {@code
     * MESSAGE} shows the stack trace ({@code PatternLayout} appends it unless the pattern has {@code
     * %nopex}); {@link #setStackTraceInMessage stackTraceInMessage} then has no effect. Default: the
     * formatted message.
     *
     * @param layout the layout
     */
    public void setLayout(Layout<ILoggingEvent> layout) {
        this.layout = layout;
    }

    /**
     * The message layout.
     *
     * @return the layout, or null
     */
    public Layout<ILoggingEvent> getLayout() {
        return layout;
    }

    /**
     * An encoder that renders {@code MESSAGE} (a pattern encoder is used through its layout; other
     * encoders' bytes are read as UTF-8; a trailing line separator is removed). Exclusive
     * with {@link #setLayout layout}. Default: none.
     *
     * @param encoder the encoder
     */
    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    /**
     * The message encoder.
     *
     * @return the encoder, or null
     */
    public Encoder<ILoggingEvent> getEncoder() {
        return encoder;
    }

    /**
     * Where entries go while journald cannot take them: {@code stderr} (default; one readable line per
     * event, or {@code <N>}-prefixed lines when stderr is itself the journal), {@code json} (one JSON
     * object per line on stdout, journal field names) or {@code none} (dropped and counted).
     *
     * @param fallback the mode
     */
    public void setFallback(String fallback) {
        this.fallback = fallback;
    }

    /**
     * The fallback mode.
     *
     * @return the mode
     */
    public String getFallback() {
        return fallback;
    }

    /**
     * Overrides of the level-to-priority mapping, such as {@code INFO=5,DEBUG=6}. Default: none
     * (ERROR 3, WARN 4, INFO 6, DEBUG 7, TRACE 7).
     *
     * @param priorityMapping comma-separated {@code LEVEL=digit} pairs
     */
    public void setPriorityMapping(String priorityMapping) {
        this.priorityMapping = priorityMapping == null ? "" : priorityMapping;
    }

    /**
     * The priority overrides.
     *
     * @return the overrides
     */
    public String getPriorityMapping() {
        return priorityMapping;
    }

    /**
     * The longest a logging call waits for room in journald's queue, such as {@code 200 milliseconds};
     * {@code 0} never waits (a full queue diverts the entry at once). Default 1 second.
     *
     * @param sendTimeout the timeout
     */
    public void setSendTimeout(Duration sendTimeout) {
        this.sendTimeout = sendTimeout;
    }

    /**
     * The send timeout.
     *
     * @return the timeout
     */
    public Duration getSendTimeout() {
        return sendTimeout;
    }

    /**
     * The largest entry, such as {@code 32MB}; larger ones are cut and marked {@code
     * JOURNAL_TRUNCATED}. Default 384 MB (below journald's limit for files passed by unprivileged
     * senders on systemd 252; use 32MB on systemd 260+).
     *
     * @param maxEntrySize the size
     */
    public void setMaxEntrySize(FileSize maxEntrySize) {
        this.maxEntrySize = maxEntrySize;
    }

    /**
     * The configured maximum entry size.
     *
     * @return the size, or null for the default
     */
    public FileSize getMaxEntrySize() {
        return maxEntrySize;
    }
}
