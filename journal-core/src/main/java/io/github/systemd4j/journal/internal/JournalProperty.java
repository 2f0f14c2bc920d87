package io.github.systemd4j.journal.internal;

import io.github.systemd4j.journal.JournalClient;

/**
 * The settings every adapter (Logback {@code <appender>}, Log4j2 {@code <Journal>}, JUL {@code
 * logging.properties}) accepts under the same name, with the same value syntax and default. The
 * table in journal-core's README is this list; a test holds the two together.
 */
public enum JournalProperty {
    /** The native socket. */
    SOCKET_PATH(
            "socketPath",
            "`" + JournalClient.DEFAULT_SOCKET + "`",
            "the journal's native socket; `@name` for an abstract one"),
    /** A journal namespace instead of the socket path. */
    NAMESPACE(
            "namespace",
            "none",
            "write to journal namespace `NAME` (`/run/systemd/journal.NAME/socket`); not with `socketPath`"),
    /** {@code SYSLOG_IDENTIFIER}. */
    SYSLOG_IDENTIFIER("syslogIdentifier", "detected", "`SYSLOG_IDENTIFIER`: else the unit, the jar or the main class"),
    /** {@code SYSLOG_FACILITY}. */
    SYSLOG_FACILITY(
            "syslogFacility",
            "not written",
            "`SYSLOG_FACILITY`: `0`..`23` or a name (`daemon`, `local0` … `local7`, …)"),
    /** Static fields. */
    FIELDS(
            "fields",
            "none",
            "static fields on every entry, `NAME=value,NAME2=value2`; an event's own field of that name wins"),
    /** How long one logging call may wait for room in journald's queue. */
    SEND_TIMEOUT(
            "sendTimeout",
            "`1 second`",
            "longest a logging call waits for room in journald's queue: `250ms`, `1 second`, `0` (never wait); a bare number is milliseconds"),
    /** The largest entry. */
    MAX_ENTRY_SIZE(
            "maxEntrySize",
            "`384MB`",
            "larger entries are cut and marked `JOURNAL_TRUNCATED`: `32MB`, `64KB`, `1GiB`, bytes; services that do not run as root need less on newer journalds: [Size limits](#size-limits-by-journald-version)"),
    /** Where entries go while journald cannot take them. */
    FALLBACK(
            "fallback",
            "`stderr`",
            "while journald cannot take entries: `stderr` (readable lines), `json` (one object per line on stdout), `none` (counted as dropped)"),
    /** Delivery on a sender thread of the adapter's own. */
    ASYNC(
            "async",
            "`false`",
            "the logging thread writes the entry and queues it; one daemon thread per adapter sends it: [Async mode](#async-mode)"),
    /** The async queue's bound. */
    ASYNC_QUEUE_SIZE(
            "asyncQueueSize",
            "`8MB`",
            "with `async`: the most bytes of entries queued, `512KB`, `64MB`, bytes (at least `64KB`); an entry larger than that is queued only into an empty queue"),
    /** What a logging call does when the async queue is full. */
    ASYNC_OVERFLOW(
            "asyncOverflow",
            "`wait`",
            "with `async`, when the queue is full: `wait` up to `sendTimeout` for room, then drop; `drop` at once; drops are counted and reported"),
    /** Level to priority overrides. */
    PRIORITY_MAPPING(
            "priorityMapping", "none", "level to `PRIORITY` overrides, `LEVEL=digit,…` such as `INFO=5,DEBUG=6`"),
    /** {@code LOGGER}. */
    LOG_LOGGER_NAME("logLoggerName", "`true`", "`LOGGER`: the logger name"),
    /** {@code THREAD_NAME}. */
    LOG_THREAD_NAME("logThreadName", "`true`", "`THREAD_NAME`: the logging thread's name"),
    /** {@code TID}. */
    LOG_TID("logTid", "`true`", "`TID`: the kernel thread id, when the event is written on its logging thread"),
    /** {@code CODE_FILE}, {@code CODE_LINE}, {@code CODE_FUNC}. */
    LOG_SOURCE("logSource", "`false`", "`CODE_FILE`, `CODE_LINE`, `CODE_FUNC` from the caller (costs a stack walk)"),
    /** Context entries. */
    LOG_CONTEXT(
            "logContext",
            "`true`",
            "context entries as fields: Logback MDC and key-value pairs, Log4j2 ThreadContext and `MapMessage` entries, JUL `Map` parameters"),
    /** Prefix of context field names. */
    CONTEXT_PREFIX("contextPrefix", "none", "prepended to every context key before it is sanitised"),
    /** Context keys to keep. */
    CONTEXT_INCLUDE("contextInclude", "all", "only these context keys, comma-separated"),
    /** Context keys to leave out. */
    CONTEXT_EXCLUDE("contextExclude", "none", "never these context keys, comma-separated"),
    /** {@code MARKER}. */
    LOG_MARKERS("logMarkers", "`true`", "one `MARKER` field per marker, with the markers it references (JUL has none)"),
    /** The stack trace in {@code MESSAGE}. */
    STACK_TRACE_IN_MESSAGE(
            "stackTraceInMessage",
            "`true`",
            "append the stack trace to `MESSAGE` (a layout or formatter decides itself)"),
    /** {@code STACK_TRACE}. */
    LOG_STACK_TRACE("logStackTrace", "`false`", "the stack trace in its own `STACK_TRACE` field"),
    /** Output that collectors reading {@code journalctl -o json} without {@code --all} can read. */
    COLLECTOR_SAFE(
            "collectorSafe",
            "`false`",
            "every field readable by collectors that run `journalctl -o json` without `--all`: `MESSAGE` without the trace, the trace in `STACK_TRACE`, `STACK_TRACE_2`, …, each field once, under 4096 bytes, control characters escaped: [Collector-safe output](#collector-safe-output)"),
    /** The most stack trace text in collector-safe output. */
    MAX_STACK_TRACE_SIZE(
            "maxStackTraceSize",
            "`64KB`",
            "with `collectorSafe`: stack trace text beyond this is cut, with a marker line: `16KB`, `1MB`, bytes (at least `1KB`)"),
    /** The adapter's MXBean. */
    JMX(
            "jmx",
            "`true`",
            "the adapter's counters and outage state as the platform MXBean `io.github.systemd4j:type=Journal,name=NAME`: [JMX](#jmx)");

    private final String propertyName;
    private final String defaultValue;
    private final String description;

    JournalProperty(String propertyName, String defaultValue, String description) {
        this.propertyName = propertyName;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /**
     * The name users write.
     *
     * @return the name, such as {@code sendTimeout}
     */
    public String propertyName() {
        return propertyName;
    }

    /**
     * The default, as the README states it (Markdown: a value in backticks, else words).
     *
     * @return the default's text
     */
    public String defaultValue() {
        return defaultValue;
    }

    /**
     * What the property does, as the README states it (Markdown).
     *
     * @return the description
     */
    public String description() {
        return description;
    }

    /**
     * The property of a name.
     *
     * @param name a property name, exactly as listed
     * @return the property, or null for a name that is not in the table
     */
    public static JournalProperty named(String name) {
        for (JournalProperty p : values()) {
            if (p.propertyName.equals(name)) {
                return p;
            }
        }
        return null;
    }
}
