package io.github.systemd4j.spring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code systemd4j.journal.*}: the journal appender the starter adds to Spring Boot's logging system
 * (Logback or Log4j2) when the application runs under systemd. Besides {@code enabled} and {@code
 * keep-console}, these are the properties every systemd4j logging adapter shares (the table in
 * journal-core's README), in kebab-case, with the same value syntax: {@code
 * systemd4j.journal.send-timeout=250ms} is {@code <sendTimeout>250ms</sendTimeout>} in {@code
 * logback.xml}. A property left unset keeps the adapter's default. Read once, when Spring Boot has
 * initialised its logging system.
 *
 * @see <a href="https://systemd.io/JOURNAL_NATIVE_PROTOCOL/">Native Journal Protocol</a>
 */
@ConfigurationProperties("systemd4j.journal")
public class SystemdJournalProperties {
    /**
     * Whether to add the journal appender: unset, it is added when the process runs under systemd
     * (INVOCATION_ID set, or standard output or error connected to the journal); true adds it
     * anywhere, false never.
     */
    private Boolean enabled;

    /**
     * Whether Spring Boot's console appender stays when the journal appender is added while standard
     * output or error is connected to the journal (where every line would reach the journal twice).
     */
    private boolean keepConsole = false;

    /** The journal's native socket; @name for an abstract one. Default: /run/systemd/journal/socket. */
    private String socketPath;

    /** Write to journal namespace NAME (/run/systemd/journal.NAME/socket); not with socketPath. Default: none. */
    private String namespace;

    /** SYSLOG_IDENTIFIER: else the unit, the jar or the main class. Default: detected. */
    private String syslogIdentifier;

    /** SYSLOG_FACILITY: 0..23 or a name (daemon, local0 … local7, …). Default: not written. */
    private String syslogFacility;

    /** Static fields on every entry, NAME=value,NAME2=value2; an event's own field of that name wins. Default: none. */
    private String fields;

    /** Longest a logging call waits for room in journald's queue: 250ms, 1 second, 0 (never wait); a bare number is milliseconds. Default: 1 second. */
    private String sendTimeout;

    /** Larger entries are cut and marked JOURNAL_TRUNCATED: 32MB, 64KB, 1GiB, bytes (use 32MB on systemd 260+). Default: 384MB. */
    private String maxEntrySize;

    /** While journald cannot take entries: stderr (readable lines), json (one object per line on stdout), none (counted as dropped). Default: stderr. */
    private String fallback;

    /** The logging thread writes the entry and queues it; one daemon thread per adapter sends it. Default: false. */
    private Boolean async;

    /** With async: the most bytes of entries queued, 512KB, 64MB, bytes (at least 64KB). Default: 8MB. */
    private String asyncQueueSize;

    /** With async, when the queue is full: wait up to send-timeout for room, then drop; drop at once. Default: wait. */
    private String asyncOverflow;

    /** Level to PRIORITY overrides, LEVEL=digit,… such as INFO=5,DEBUG=6. Default: none. */
    private String priorityMapping;

    /** LOGGER: the logger name. Default: true. */
    private Boolean logLoggerName;

    /** THREAD_NAME: the logging thread's name. Default: true. */
    private Boolean logThreadName;

    /** TID: the kernel thread id, when the event is written on its logging thread. Default: true. */
    private Boolean logTid;

    /** CODE_FILE, CODE_LINE, CODE_FUNC from the caller (costs a stack walk). Default: false. */
    private Boolean logSource;

    /** Context entries as fields: Logback MDC and key-value pairs, Log4j2 ThreadContext and MapMessage entries, JUL Map parameters. Default: true. */
    private Boolean logContext;

    /** Prepended to every context key before it is sanitised. Default: none. */
    private String contextPrefix;

    /** Only these context keys, comma-separated. Default: all. */
    private List<String> contextInclude;

    /** Never these context keys, comma-separated. Default: none. */
    private List<String> contextExclude;

    /** One MARKER field per marker, with the markers it references (JUL has none). Default: true. */
    private Boolean logMarkers;

    /** Append the stack trace to MESSAGE (a layout or formatter decides itself). Default: true. */
    private Boolean stackTraceInMessage;

    /** The stack trace in its own STACK_TRACE field. Default: false. */
    private Boolean logStackTrace;

    /** Every field readable by collectors that run journalctl -o json without --all: MESSAGE without the trace, the trace in STACK_TRACE, STACK_TRACE_2, …, each field once, under 4096 bytes, control characters escaped. Default: false. */
    private Boolean collectorSafe;

    /** With collector-safe: stack trace text beyond this is cut, with a marker line: 16KB, 1MB, bytes (at least 1KB). Default: 64KB. */
    private String maxStackTraceSize;

    /** The appender's counters and outage state as the platform MXBean io.github.systemd4j:type=Journal,name=NAME. Default: true. */
    private Boolean jmx;

    /** Creates the properties, all unset; Spring Boot binds them. */
    public SystemdJournalProperties() {}

    /**
     * Whether to add the journal appender. Default: unset, which means when running under systemd.
     *
     * @return true or false as configured, null to detect
     */
    public Boolean getEnabled() {
        return enabled;
    }

    /**
     * Sets {@link #getEnabled()}.
     *
     * @param enabled true to add it anywhere, false never, null to detect
     */
    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * Whether Spring Boot's console appender stays next to the journal appender although standard
     * output or error goes to the journal. Default {@code false}: it is removed then, so that no
     * line reaches the journal twice (once natively, once as {@code _TRANSPORT=stdout}).
     *
     * @return the switch
     */
    public boolean isKeepConsole() {
        return keepConsole;
    }

    /**
     * Sets {@link #isKeepConsole()}.
     *
     * @param keepConsole true to keep the console appender
     */
    public void setKeepConsole(boolean keepConsole) {
        this.keepConsole = keepConsole;
    }

    /**
     * The shared property {@code socketPath}: the journal's native socket; {@code @name} for an abstract one.
     *
     * @return the value, null for the adapter's default ({@code /run/systemd/journal/socket})
     */
    public String getSocketPath() {
        return socketPath;
    }

    /**
     * Sets {@link #getSocketPath()}.
     *
     * @param socketPath the value, in the syntax of the shared property table
     */
    public void setSocketPath(String socketPath) {
        this.socketPath = socketPath;
    }

    /**
     * The shared property {@code namespace}: write to journal namespace {@code NAME} ({@code /run/systemd/journal.NAME/socket}); not with {@code socketPath}.
     *
     * @return the value, null for the adapter's default (none)
     */
    public String getNamespace() {
        return namespace;
    }

    /**
     * Sets {@link #getNamespace()}.
     *
     * @param namespace the value, in the syntax of the shared property table
     */
    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    /**
     * The shared property {@code syslogIdentifier}: {@code SYSLOG_IDENTIFIER}: else the unit, the jar or the main class.
     *
     * @return the value, null for the adapter's default (detected)
     */
    public String getSyslogIdentifier() {
        return syslogIdentifier;
    }

    /**
     * Sets {@link #getSyslogIdentifier()}.
     *
     * @param syslogIdentifier the value, in the syntax of the shared property table
     */
    public void setSyslogIdentifier(String syslogIdentifier) {
        this.syslogIdentifier = syslogIdentifier;
    }

    /**
     * The shared property {@code syslogFacility}: {@code SYSLOG_FACILITY}: {@code 0}..{@code 23} or a name ({@code daemon}, {@code local0} … {@code local7}, …).
     *
     * @return the value, null for the adapter's default (not written)
     */
    public String getSyslogFacility() {
        return syslogFacility;
    }

    /**
     * Sets {@link #getSyslogFacility()}.
     *
     * @param syslogFacility the value, in the syntax of the shared property table
     */
    public void setSyslogFacility(String syslogFacility) {
        this.syslogFacility = syslogFacility;
    }

    /**
     * The shared property {@code fields}: static fields on every entry, {@code NAME=value,NAME2=value2}; an event's own field of that name wins.
     *
     * @return the value, null for the adapter's default (none)
     */
    public String getFields() {
        return fields;
    }

    /**
     * Sets {@link #getFields()}.
     *
     * @param fields the value, in the syntax of the shared property table
     */
    public void setFields(String fields) {
        this.fields = fields;
    }

    /**
     * The shared property {@code sendTimeout}: longest a logging call waits for room in journald's queue: {@code 250ms}, {@code 1 second}, {@code 0} (never wait); a bare number is milliseconds.
     *
     * @return the value, null for the adapter's default ({@code 1 second})
     */
    public String getSendTimeout() {
        return sendTimeout;
    }

    /**
     * Sets {@link #getSendTimeout()}.
     *
     * @param sendTimeout the value, in the syntax of the shared property table
     */
    public void setSendTimeout(String sendTimeout) {
        this.sendTimeout = sendTimeout;
    }

    /**
     * The shared property {@code maxEntrySize}: larger entries are cut and marked {@code JOURNAL_TRUNCATED}: {@code 32MB}, {@code 64KB}, {@code 1GiB}, bytes (use {@code 32MB} on systemd 260+).
     *
     * @return the value, null for the adapter's default ({@code 384MB})
     */
    public String getMaxEntrySize() {
        return maxEntrySize;
    }

    /**
     * Sets {@link #getMaxEntrySize()}.
     *
     * @param maxEntrySize the value, in the syntax of the shared property table
     */
    public void setMaxEntrySize(String maxEntrySize) {
        this.maxEntrySize = maxEntrySize;
    }

    /**
     * The shared property {@code fallback}: while journald cannot take entries: {@code stderr} (readable lines), {@code json} (one object per line on stdout), {@code none} (counted as dropped).
     *
     * @return the value, null for the adapter's default ({@code stderr})
     */
    public String getFallback() {
        return fallback;
    }

    /**
     * Sets {@link #getFallback()}.
     *
     * @param fallback the value, in the syntax of the shared property table
     */
    public void setFallback(String fallback) {
        this.fallback = fallback;
    }

    /**
     * The shared property {@code async}: the logging thread writes the entry and queues it; one daemon
     * thread per adapter sends it.
     *
     * @return the value, null for the adapter's default ({@code false})
     */
    public Boolean getAsync() {
        return async;
    }

    /**
     * Sets {@link #getAsync()}.
     *
     * @param async the value, in the syntax of the shared property table
     */
    public void setAsync(Boolean async) {
        this.async = async;
    }

    /**
     * The shared property {@code asyncQueueSize}: with {@code async}, the most bytes of entries
     * queued.
     *
     * @return the value, null for the adapter's default ({@code 8MB})
     */
    public String getAsyncQueueSize() {
        return asyncQueueSize;
    }

    /**
     * Sets {@link #getAsyncQueueSize()}.
     *
     * @param asyncQueueSize the value, in the syntax of the shared property table
     */
    public void setAsyncQueueSize(String asyncQueueSize) {
        this.asyncQueueSize = asyncQueueSize;
    }

    /**
     * The shared property {@code asyncOverflow}: with {@code async}, when the queue is full, {@code
     * wait} up to {@code sendTimeout} for room, then drop, or {@code drop} at once.
     *
     * @return the value, null for the adapter's default ({@code wait})
     */
    public String getAsyncOverflow() {
        return asyncOverflow;
    }

    /**
     * Sets {@link #getAsyncOverflow()}.
     *
     * @param asyncOverflow the value, in the syntax of the shared property table
     */
    public void setAsyncOverflow(String asyncOverflow) {
        this.asyncOverflow = asyncOverflow;
    }

    /**
     * The shared property {@code priorityMapping}: level to {@code PRIORITY} overrides, {@code LEVEL=digit,…} such as {@code INFO=5,DEBUG=6}.
     *
     * @return the value, null for the adapter's default (none)
     */
    public String getPriorityMapping() {
        return priorityMapping;
    }

    /**
     * Sets {@link #getPriorityMapping()}.
     *
     * @param priorityMapping the value, in the syntax of the shared property table
     */
    public void setPriorityMapping(String priorityMapping) {
        this.priorityMapping = priorityMapping;
    }

    /**
     * The shared property {@code logLoggerName}: {@code LOGGER}: the logger name.
     *
     * @return the value, null for the adapter's default ({@code true})
     */
    public Boolean getLogLoggerName() {
        return logLoggerName;
    }

    /**
     * Sets {@link #getLogLoggerName()}.
     *
     * @param logLoggerName the value, in the syntax of the shared property table
     */
    public void setLogLoggerName(Boolean logLoggerName) {
        this.logLoggerName = logLoggerName;
    }

    /**
     * The shared property {@code logThreadName}: {@code THREAD_NAME}: the logging thread's name.
     *
     * @return the value, null for the adapter's default ({@code true})
     */
    public Boolean getLogThreadName() {
        return logThreadName;
    }

    /**
     * Sets {@link #getLogThreadName()}.
     *
     * @param logThreadName the value, in the syntax of the shared property table
     */
    public void setLogThreadName(Boolean logThreadName) {
        this.logThreadName = logThreadName;
    }

    /**
     * The shared property {@code logTid}: {@code TID}: the kernel thread id, when the event is written on its logging thread.
     *
     * @return the value, null for the adapter's default ({@code true})
     */
    public Boolean getLogTid() {
        return logTid;
    }

    /**
     * Sets {@link #getLogTid()}.
     *
     * @param logTid the value, in the syntax of the shared property table
     */
    public void setLogTid(Boolean logTid) {
        this.logTid = logTid;
    }

    /**
     * The shared property {@code logSource}: {@code CODE_FILE}, {@code CODE_LINE}, {@code CODE_FUNC} from the caller (costs a stack walk).
     *
     * @return the value, null for the adapter's default ({@code false})
     */
    public Boolean getLogSource() {
        return logSource;
    }

    /**
     * Sets {@link #getLogSource()}.
     *
     * @param logSource the value, in the syntax of the shared property table
     */
    public void setLogSource(Boolean logSource) {
        this.logSource = logSource;
    }

    /**
     * The shared property {@code logContext}: context entries as fields: Logback MDC and key-value pairs, Log4j2 ThreadContext and {@code MapMessage} entries, JUL {@code Map} parameters.
     *
     * @return the value, null for the adapter's default ({@code true})
     */
    public Boolean getLogContext() {
        return logContext;
    }

    /**
     * Sets {@link #getLogContext()}.
     *
     * @param logContext the value, in the syntax of the shared property table
     */
    public void setLogContext(Boolean logContext) {
        this.logContext = logContext;
    }

    /**
     * The shared property {@code contextPrefix}: prepended to every context key before it is sanitised.
     *
     * @return the value, null for the adapter's default (none)
     */
    public String getContextPrefix() {
        return contextPrefix;
    }

    /**
     * Sets {@link #getContextPrefix()}.
     *
     * @param contextPrefix the value, in the syntax of the shared property table
     */
    public void setContextPrefix(String contextPrefix) {
        this.contextPrefix = contextPrefix;
    }

    /**
     * The shared property {@code contextInclude}: only these context keys, comma-separated.
     *
     * @return the value, null for the adapter's default (all)
     */
    public List<String> getContextInclude() {
        return contextInclude;
    }

    /**
     * Sets {@link #getContextInclude()}.
     *
     * @param contextInclude the value, in the syntax of the shared property table
     */
    public void setContextInclude(List<String> contextInclude) {
        this.contextInclude = contextInclude;
    }

    /**
     * The shared property {@code contextExclude}: never these context keys, comma-separated.
     *
     * @return the value, null for the adapter's default (none)
     */
    public List<String> getContextExclude() {
        return contextExclude;
    }

    /**
     * Sets {@link #getContextExclude()}.
     *
     * @param contextExclude the value, in the syntax of the shared property table
     */
    public void setContextExclude(List<String> contextExclude) {
        this.contextExclude = contextExclude;
    }

    /**
     * The shared property {@code logMarkers}: one {@code MARKER} field per marker, with the markers it references (JUL has none).
     *
     * @return the value, null for the adapter's default ({@code true})
     */
    public Boolean getLogMarkers() {
        return logMarkers;
    }

    /**
     * Sets {@link #getLogMarkers()}.
     *
     * @param logMarkers the value, in the syntax of the shared property table
     */
    public void setLogMarkers(Boolean logMarkers) {
        this.logMarkers = logMarkers;
    }

    /**
     * The shared property {@code stackTraceInMessage}: append the stack trace to {@code MESSAGE} (a layout or formatter decides itself).
     *
     * @return the value, null for the adapter's default ({@code true})
     */
    public Boolean getStackTraceInMessage() {
        return stackTraceInMessage;
    }

    /**
     * Sets {@link #getStackTraceInMessage()}.
     *
     * @param stackTraceInMessage the value, in the syntax of the shared property table
     */
    public void setStackTraceInMessage(Boolean stackTraceInMessage) {
        this.stackTraceInMessage = stackTraceInMessage;
    }

    /**
     * The shared property {@code logStackTrace}: the stack trace in its own {@code STACK_TRACE} field.
     *
     * @return the value, null for the adapter's default ({@code false})
     */
    public Boolean getLogStackTrace() {
        return logStackTrace;
    }

    /**
     * Sets {@link #getLogStackTrace()}.
     *
     * @param logStackTrace the value, in the syntax of the shared property table
     */
    public void setLogStackTrace(Boolean logStackTrace) {
        this.logStackTrace = logStackTrace;
    }

    /**
     * The shared property {@code collectorSafe}: every field readable by collectors that run {@code journalctl -o json} without {@code --all} (journal-core's README, "Collector-safe output").
     *
     * @return the value, null for the adapter's default ({@code false})
     */
    public Boolean getCollectorSafe() {
        return collectorSafe;
    }

    /**
     * Sets {@link #getCollectorSafe()}.
     *
     * @param collectorSafe the value, in the syntax of the shared property table
     */
    public void setCollectorSafe(Boolean collectorSafe) {
        this.collectorSafe = collectorSafe;
    }

    /**
     * The shared property {@code maxStackTraceSize}: with {@code collectorSafe}, stack trace text beyond this is cut, with a marker line.
     *
     * @return the value, null for the adapter's default ({@code 64KB})
     */
    public String getMaxStackTraceSize() {
        return maxStackTraceSize;
    }

    /**
     * Sets {@link #getMaxStackTraceSize()}.
     *
     * @param maxStackTraceSize the value, in the syntax of the shared property table
     */
    public void setMaxStackTraceSize(String maxStackTraceSize) {
        this.maxStackTraceSize = maxStackTraceSize;
    }

    /**
     * The shared property {@code jmx}: the appender's counters and outage state as the platform MXBean
     * {@code io.github.systemd4j:type=Journal,name=NAME}.
     *
     * @return the value, null for the adapter's default ({@code true})
     */
    public Boolean getJmx() {
        return jmx;
    }

    /**
     * Sets {@link #getJmx()}.
     *
     * @param jmx the value, in the syntax of the shared property table
     */
    public void setJmx(Boolean jmx) {
        this.jmx = jmx;
    }

    /**
     * The shared properties that are set, by their adapter name ({@code sendTimeout}), in the
     * table's order; lists joined with commas.
     *
     * @return the settings to pass to an adapter
     */
    Map<String, String> adapterSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        put(settings, "socketPath", socketPath);
        put(settings, "namespace", namespace);
        put(settings, "syslogIdentifier", syslogIdentifier);
        put(settings, "syslogFacility", syslogFacility);
        put(settings, "fields", fields);
        put(settings, "sendTimeout", sendTimeout);
        put(settings, "maxEntrySize", maxEntrySize);
        put(settings, "fallback", fallback);
        put(settings, "async", async == null ? null : async.toString());
        put(settings, "asyncQueueSize", asyncQueueSize);
        put(settings, "asyncOverflow", asyncOverflow);
        put(settings, "priorityMapping", priorityMapping);
        put(settings, "logLoggerName", logLoggerName == null ? null : logLoggerName.toString());
        put(settings, "logThreadName", logThreadName == null ? null : logThreadName.toString());
        put(settings, "logTid", logTid == null ? null : logTid.toString());
        put(settings, "logSource", logSource == null ? null : logSource.toString());
        put(settings, "logContext", logContext == null ? null : logContext.toString());
        put(settings, "contextPrefix", contextPrefix);
        put(settings, "contextInclude", contextInclude == null ? null : String.join(",", contextInclude));
        put(settings, "contextExclude", contextExclude == null ? null : String.join(",", contextExclude));
        put(settings, "logMarkers", logMarkers == null ? null : logMarkers.toString());
        put(settings, "stackTraceInMessage", stackTraceInMessage == null ? null : stackTraceInMessage.toString());
        put(settings, "logStackTrace", logStackTrace == null ? null : logStackTrace.toString());
        put(settings, "collectorSafe", collectorSafe == null ? null : collectorSafe.toString());
        put(settings, "maxStackTraceSize", maxStackTraceSize);
        put(settings, "jmx", jmx == null ? null : jmx.toString());
        return settings;
    }

    private static void put(Map<String, String> settings, String name, String value) {
        if (value != null) {
            settings.put(name, value);
        }
    }
}
