package io.github.systemd4j.journal.internal;

import io.github.systemd4j.journal.FieldName;
import io.github.systemd4j.journal.JournalEntry;
import io.github.systemd4j.journal.JournalFields;
import io.github.systemd4j.journal.KernelThreadId;

/**
 * Writes a logging event into a journal entry, the same way for every framework: the fields in a
 * fixed order, small ones first and the message and stack trace last, so that an entry cut to its
 * size limit keeps its priority and identifiers.
 *
 * <table>
 *   <caption>Fields in order, and the properties that switch them</caption>
 *   <tr><th>Field</th><th>Property</th></tr>
 *   <tr><td>{@code PRIORITY}</td><td>always ({@code priorityMapping})</td></tr>
 *   <tr><td>{@code LOGGER}</td><td>{@code logLoggerName}</td></tr>
 *   <tr><td>{@code THREAD_NAME}</td><td>{@code logThreadName}</td></tr>
 *   <tr><td>{@code TID}</td><td>{@code logTid}, on the logging thread only</td></tr>
 *   <tr><td>{@code CODE_FILE}, {@code CODE_LINE}, {@code CODE_FUNC}</td><td>{@code logSource}</td></tr>
 *   <tr><td>the framework's own ({@code SD_ID}, {@code JUL_*})</td><td>the adapter's</td></tr>
 *   <tr><td>context fields, {@code MESSAGE_ID}</td><td>{@code logContext}, {@code contextPrefix},
 *       {@code contextInclude}, {@code contextExclude} ({@link ContextFields})</td></tr>
 *   <tr><td>{@code MARKER}</td><td>{@code logMarkers}; each name once</td></tr>
 *   <tr><td>{@code EXCEPTION}, {@code EXCEPTION_MESSAGE}</td><td>when there is a throwable</td></tr>
 *   <tr><td>{@code MESSAGE}</td><td>trailing line breaks removed; followed by a line break and the
 *       stack trace if {@code stackTraceInMessage} and no layout rendered it</td></tr>
 *   <tr><td>{@code STACK_TRACE}</td><td>{@code logStackTrace}</td></tr>
 * </table>
 *
 * With {@code collectorSafe}, {@code MESSAGE} is the message followed by a line break and the
 * throwable's first line (not when a layout rendered it), the whole trace always goes to {@code
 * STACK_TRACE}, and the fields are then rewritten by {@link CollectorSafe}.
 *
 * Immutable and thread-safe; the per-thread state is the caller's {@link EventScratch}.
 *
 * @param <E> the framework's event type
 */
public final class EventMapper<E> {
    private final EventAccessor<E> accessor;
    private final ContextFields context;
    private final boolean logLoggerName;
    private final boolean logThreadName;
    private final boolean logTid;
    private final boolean logSource;
    private final boolean logContext;
    private final boolean logMarkers;
    private final boolean stackTraceInMessage;
    private final boolean logStackTrace;
    private final CollectorSafe collectorSafe;

    /**
     * A mapping with the settings' switches.
     *
     * @param settings the adapter's settings
     * @param accessor how to read the framework's events
     * @param reporter told once, as a warning, when a {@code MESSAGE_ID} context value is neither a
     *     UUID nor 32 hex digits (it is written as an ordinary field)
     */
    public EventMapper(JournalSettings settings, EventAccessor<E> accessor, StatusReporter reporter) {
        this.accessor = accessor;
        this.context = settings.context(value -> reporter.warn(
                "MESSAGE_ID \"" + value + "\" is neither a UUID nor 32 hex digits; written as an ordinary field."
                        + " Further invalid ids are not reported.",
                null));
        this.logLoggerName = settings.isOn(JournalProperty.LOG_LOGGER_NAME);
        this.logThreadName = settings.isOn(JournalProperty.LOG_THREAD_NAME);
        this.logTid = settings.isOn(JournalProperty.LOG_TID);
        this.logSource = settings.isOn(JournalProperty.LOG_SOURCE);
        this.logContext = settings.isOn(JournalProperty.LOG_CONTEXT);
        this.logMarkers = settings.isOn(JournalProperty.LOG_MARKERS);
        this.stackTraceInMessage = settings.isOn(JournalProperty.STACK_TRACE_IN_MESSAGE);
        this.logStackTrace = settings.isOn(JournalProperty.LOG_STACK_TRACE);
        this.collectorSafe = settings.collectorSafe();
    }

    /**
     * Whether caller location is written, so that the framework must capture it.
     *
     * @return the {@code logSource} switch
     */
    public boolean logSource() {
        return logSource;
    }

    ContextFields context() {
        return context;
    }

    /** Writes the event's fields; on the logging thread, before the framework reuses the event. */
    void write(E event, JournalEntry entry, EventScratch s) {
        if (collectorSafe == null) {
            writeFields(event, entry, s);
        } else {
            JournalEntry raw = s.raw();
            writeFields(event, raw, s);
            collectorSafe.copy(raw, entry);
        }
    }

    private void writeFields(E event, JournalEntry entry, EventScratch s) {
        s.begin(this, entry);
        entry.priority(accessor.priority(event));
        if (logLoggerName) {
            addIfKnown(entry, accessor.loggerName(event), JournalFields.LOGGER);
        }
        if (logThreadName) {
            addIfKnown(entry, accessor.threadName(event), JournalFields.THREAD_NAME);
        }
        if (logTid && accessor.onLoggingThread(event)) {
            int tid = KernelThreadId.current();
            if (tid > 0) {
                entry.add(JournalFields.TID, tid);
            }
        }
        if (logSource) {
            writeSource(entry, accessor.caller(event));
        }
        accessor.writeOwnFields(event, entry, s.value);
        if (logContext) {
            accessor.forEachContextEntry(event, s);
        }
        if (logMarkers) {
            accessor.forEachMarker(event, s);
        }
        writeMessage(event, entry, s);
    }

    private static void addIfKnown(JournalEntry entry, String value, FieldName name) {
        if (value != null) {
            entry.add(name, value);
        }
    }

    private static void writeSource(JournalEntry entry, StackTraceElement caller) {
        if (caller == null) {
            return;
        }
        addIfKnown(entry, caller.getFileName(), JournalFields.CODE_FILE);
        if (caller.getLineNumber() > 0) {
            entry.add(JournalFields.CODE_LINE, caller.getLineNumber());
        }
        String method = caller.getMethodName();
        entry.add(
                JournalFields.CODE_FUNC,
                method.isEmpty() ? caller.getClassName() : caller.getClassName() + "." + method);
    }

    private void writeMessage(E event, JournalEntry entry, EventScratch s) {
        RenderedMessage rendered = s.message;
        accessor.message(event, rendered);
        CharSequence message = rendered.withoutTrailingLineBreaks();
        String exceptionClass = accessor.exceptionClass(event);
        if (exceptionClass == null) {
            entry.message(message);
            return;
        }
        entry.add(JournalFields.EXCEPTION, exceptionClass);
        addIfKnown(entry, accessor.exceptionMessage(event), JournalFields.EXCEPTION_MESSAGE);
        if (collectorSafe != null) {
            writeCollectorSafeMessage(event, entry, s, message);
            return;
        }
        boolean traceInMessage = stackTraceInMessage && !rendered.fromLayout();
        StringBuilder trace = null;
        if (traceInMessage || logStackTrace) {
            trace = s.trace;
            trace.setLength(0);
            accessor.appendStackTrace(event, trace);
            StackTraceText.clean(trace, 0);
        }
        if (traceInMessage) {
            StringBuilder both = s.messageWithTrace;
            both.setLength(0);
            both.append(message).append('\n').append(trace);
            entry.message(both);
        } else {
            entry.message(message);
        }
        if (logStackTrace) {
            entry.add(JournalFields.STACK_TRACE, trace);
        }
    }

    /** The message with the throwable's first line, and the whole trace in {@code STACK_TRACE}. */
    private void writeCollectorSafeMessage(E event, JournalEntry entry, EventScratch s, CharSequence message) {
        StringBuilder trace = s.trace;
        trace.setLength(0);
        accessor.appendStackTrace(event, trace);
        StackTraceText.clean(trace, 0);
        if (s.message.fromLayout()) {
            entry.message(message); // the layout decided what the message shows
        } else {
            int firstLineEnd = trace.indexOf("\n");
            entry.message(CollectorSafe.messageWithFirstLine(
                    message, trace.subSequence(0, firstLineEnd < 0 ? trace.length() : firstLineEnd)));
        }
        entry.add(JournalFields.STACK_TRACE, trace);
    }
}
