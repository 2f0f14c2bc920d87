package io.github.systemd4j.journal.mapping;

import io.github.systemd4j.journal.JournalEntry;
import io.github.systemd4j.journal.JournalFields;
import io.github.systemd4j.journal.KernelThreadId;
import java.util.Objects;

/**
 * Writes the standard fields of one logging event in the same order and with the same switches in
 * every adapter: small fields first, the message and stack trace last (so that an entry cut to its
 * size limit keeps its priority and identifiers).
 *
 * <table>
 *   <caption>Fields and switches (defaults as in the adapters)</caption>
 *   <tr><th>Field</th><th>Switch</th><th>Default</th></tr>
 *   <tr><td>{@code PRIORITY}</td><td>always</td><td></td></tr>
 *   <tr><td>{@code LOGGER}</td><td>{@code logLoggerName}</td><td>on</td></tr>
 *   <tr><td>{@code THREAD_NAME}</td><td>{@code logThreadName}</td><td>on</td></tr>
 *   <tr><td>{@code TID}</td><td>{@code logTid}; only when the adapter runs on the logging thread
 *       (not behind an asynchronous appender, where it would name the wrong thread)</td><td>on</td></tr>
 *   <tr><td>{@code CODE_FILE}, {@code CODE_LINE}, {@code CODE_FUNC}</td><td>{@code logSource}</td><td>off</td></tr>
 *   <tr><td>context fields, {@code MESSAGE_ID}</td><td>see {@link ContextFields}</td><td></td></tr>
 *   <tr><td>{@code MARKER}</td><td>adapter's {@code logMarkers}</td><td>on</td></tr>
 *   <tr><td>{@code EXCEPTION}, {@code EXCEPTION_MESSAGE}</td><td>when there is a throwable</td><td></td></tr>
 *   <tr><td>{@code MESSAGE}</td><td>followed by a newline and the stack trace if {@code
 *       stackTraceInMessage}</td><td>on</td></tr>
 *   <tr><td>{@code STACK_TRACE}</td><td>{@code logStackTrace}</td><td>off</td></tr>
 * </table>
 *
 * Immutable and thread-safe.
 */
public final class EventFieldWriter {
    private static final int SCRATCH_RETAINED = 16 * 1024;

    /** EXCEPTION, EXCEPTION_MESSAGE, MESSAGE, STACK_TRACE. */
    private static final int MESSAGE_FIELDS = 4;

    private final boolean logLoggerName;
    private final boolean logThreadName;
    private final boolean logTid;
    private final boolean logSource;
    private final boolean stackTraceInMessage;
    private final boolean logStackTrace;
    private final ContextFields context;
    private final ThreadLocal<StringBuilder> scratch = ThreadLocal.withInitial(() -> new StringBuilder(256));

    private EventFieldWriter(Builder b) {
        this.logLoggerName = b.logLoggerName;
        this.logThreadName = b.logThreadName;
        this.logTid = b.logTid;
        this.logSource = b.logSource;
        this.stackTraceInMessage = b.stackTraceInMessage;
        this.logStackTrace = b.logStackTrace;
        this.context = b.context;
    }

    /**
     * A builder with the defaults in the table above.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Writes {@code PRIORITY}, {@code LOGGER}, {@code THREAD_NAME} and {@code TID}.
     *
     * @param entry the entry
     * @param priority 0..7
     * @param loggerName the logger, or null
     * @param threadName the logging thread's name, or null
     * @param onLoggingThread whether the calling thread is the one that logged the event
     */
    public void header(
            JournalEntry entry, int priority, String loggerName, String threadName, boolean onLoggingThread) {
        entry.priority(priority);
        // Context maps can hold thousands of entries; the message fields must still fit.
        entry.reserveFields(MESSAGE_FIELDS);
        if (logLoggerName && loggerName != null) {
            entry.add(JournalFields.LOGGER, loggerName);
        }
        if (logThreadName && threadName != null) {
            entry.add(JournalFields.THREAD_NAME, threadName);
        }
        if (logTid && onLoggingThread) {
            int tid = KernelThreadId.current();
            if (tid > 0) {
                entry.add(JournalFields.TID, tid);
            }
        }
    }

    /**
     * Whether caller location is wanted; adapters skip computing it (it costs a stack walk) when not.
     *
     * @return the {@code logSource} switch
     */
    public boolean logSource() {
        return logSource;
    }

    /**
     * Writes {@code CODE_FILE}, {@code CODE_LINE} and {@code CODE_FUNC}, each only when known.
     *
     * @param entry the entry
     * @param file source file name, or null
     * @param line line number, or a value below 1 when unknown
     * @param function {@code Class.method}, or null
     */
    public void source(JournalEntry entry, String file, int line, String function) {
        if (file != null) {
            entry.add(JournalFields.CODE_FILE, file);
        }
        if (line > 0) {
            entry.add(JournalFields.CODE_LINE, line);
        }
        if (function != null) {
            entry.add(JournalFields.CODE_FUNC, function);
        }
    }

    /**
     * The context-map mapping (filters, prefix, {@code MESSAGE_ID}).
     *
     * @return the mapping
     */
    public ContextFields context() {
        return context;
    }

    /**
     * Writes one {@code MARKER} field.
     *
     * @param entry the entry
     * @param marker the marker name
     */
    public void marker(JournalEntry entry, String marker) {
        entry.add(JournalFields.MARKER, marker);
    }

    /**
     * Writes {@code EXCEPTION}, {@code EXCEPTION_MESSAGE}, {@code MESSAGE} (with the trace appended
     * unless switched off) and {@code STACK_TRACE} (if switched on), in that order.
     *
     * @param entry the entry
     * @param message the rendered message
     * @param exceptionClass the throwable's class name, or null when there is none
     * @param exceptionMessage the throwable's message, or null
     * @param stackTrace the rendered trace (see {@link ThrowableFields#render}), or null
     */
    public void message(
            JournalEntry entry,
            CharSequence message,
            String exceptionClass,
            String exceptionMessage,
            CharSequence stackTrace) {
        entry.releaseReservedFields();
        if (exceptionClass != null) {
            ThrowableFields.write(entry, exceptionClass, exceptionMessage, null);
        }
        if (stackTrace != null && stackTraceInMessage) {
            StringBuilder s = scratch.get();
            s.setLength(0);
            s.append(message).append('\n').append(stackTrace);
            entry.message(s);
            if (s.capacity() > SCRATCH_RETAINED) {
                scratch.remove();
            }
        } else {
            entry.message(message);
        }
        if (stackTrace != null && logStackTrace) {
            entry.add(JournalFields.STACK_TRACE, stackTrace);
        }
    }

    /**
     * Whether a stack trace is needed at all (in {@code MESSAGE} or {@code STACK_TRACE}).
     *
     * @return true if either switch is on
     */
    public boolean needsStackTrace() {
        return stackTraceInMessage || logStackTrace;
    }

    /** Builds an {@link EventFieldWriter}. */
    public static final class Builder {
        private boolean logLoggerName = true;
        private boolean logThreadName = true;
        private boolean logTid = true;
        private boolean logSource;
        private boolean stackTraceInMessage = true;
        private boolean logStackTrace;
        private ContextFields context = new ContextFields("", java.util.Set.of(), java.util.Set.of(), v -> {});

        private Builder() {}

        /**
         * Write {@code LOGGER}. Default on.
         *
         * @param on the switch
         * @return this builder
         */
        public Builder logLoggerName(boolean on) {
            this.logLoggerName = on;
            return this;
        }

        /**
         * Write {@code THREAD_NAME}. Default on.
         *
         * @param on the switch
         * @return this builder
         */
        public Builder logThreadName(boolean on) {
            this.logThreadName = on;
            return this;
        }

        /**
         * Write {@code TID}. Default on.
         *
         * @param on the switch
         * @return this builder
         */
        public Builder logTid(boolean on) {
            this.logTid = on;
            return this;
        }

        /**
         * Write {@code CODE_FILE}, {@code CODE_LINE}, {@code CODE_FUNC}. Default off.
         *
         * @param on the switch
         * @return this builder
         */
        public Builder logSource(boolean on) {
            this.logSource = on;
            return this;
        }

        /**
         * Append the stack trace to {@code MESSAGE}. Default on.
         *
         * @param on the switch
         * @return this builder
         */
        public Builder stackTraceInMessage(boolean on) {
            this.stackTraceInMessage = on;
            return this;
        }

        /**
         * Write the stack trace as {@code STACK_TRACE}. Default off.
         *
         * @param on the switch
         * @return this builder
         */
        public Builder logStackTrace(boolean on) {
            this.logStackTrace = on;
            return this;
        }

        /**
         * The context-map mapping. Default: no prefix, no filters, invalid message ids ignored.
         *
         * @param context the mapping
         * @return this builder
         */
        public Builder context(ContextFields context) {
            this.context = Objects.requireNonNull(context, "context");
            return this;
        }

        /**
         * Builds the writer.
         *
         * @return the writer
         */
        public EventFieldWriter build() {
            return new EventFieldWriter(this);
        }
    }
}
