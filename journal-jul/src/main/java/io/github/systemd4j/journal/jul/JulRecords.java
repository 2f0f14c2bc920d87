package io.github.systemd4j.journal.jul;

import io.github.systemd4j.journal.FieldName;
import io.github.systemd4j.journal.JournalEntry;
import io.github.systemd4j.journal.internal.EventAccessor;
import io.github.systemd4j.journal.internal.RenderedMessage;
import io.github.systemd4j.journal.internal.ValueText;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * How the journal mapping reads a {@link LogRecord}. A record has no thread name and no markers; its
 * context entries are the entries of its {@code Map} parameters; the trace context is the
 * OpenTelemetry span current when the record is published on the thread that logged it. Immutable.
 */
final class JulRecords implements EventAccessor<LogRecord> {
    static final FieldName JUL_THREAD_ID = FieldName.of("JUL_THREAD_ID");
    static final FieldName JUL_SEQUENCE_NUMBER = FieldName.of("JUL_SEQUENCE_NUMBER");
    static final FieldName JUL_MESSAGE_KEY = FieldName.of("JUL_MESSAGE_KEY");

    private final JulLevelMapping levels;
    private final Set<FieldName> ownFields;
    private final boolean traceContext;
    private final Supplier<Formatter> formatter;
    private final Consumer<Throwable> formatFailure;

    /**
     * @param levels the level table
     * @param ownFields which of {@code JUL_THREAD_ID}, {@code JUL_SEQUENCE_NUMBER} and {@code
     *     JUL_MESSAGE_KEY} to write
     * @param traceContext whether to write the current OpenTelemetry span's ids; true only when
     *     {@link TraceContext#available()}
     * @param formatter the handler's formatter at the time of the record, which renders {@code
     *     MESSAGE}; null for none
     * @param formatFailure told when the formatter or a message parameter's {@code toString()} fails,
     *     or a parameter map changes while it is read (the record is still written, with the
     *     unformatted message or the map's entries read so far)
     */
    JulRecords(
            JulLevelMapping levels,
            Set<FieldName> ownFields,
            boolean traceContext,
            Supplier<Formatter> formatter,
            Consumer<Throwable> formatFailure) {
        this.levels = levels;
        this.ownFields = Set.copyOf(ownFields);
        this.traceContext = traceContext;
        this.formatter = formatter;
        this.formatFailure = formatFailure;
    }

    @Override
    public int priority(LogRecord record) {
        return levels.priorityOf(record.getLevel());
    }

    @Override
    public String loggerName(LogRecord record) {
        return record.getLoggerName();
    }

    @Override
    public String threadName(LogRecord record) {
        // A record has only the logging thread's id: its name is known on that thread alone.
        return onLoggingThread(record) ? Thread.currentThread().getName() : null;
    }

    @Override
    public boolean onLoggingThread(LogRecord record) {
        return record.getLongThreadID() == Thread.currentThread().getId();
    }

    @Override
    public StackTraceElement caller(LogRecord record) {
        String sourceClass = record.getSourceClassName();
        if (sourceClass == null) {
            return null;
        }
        String method = record.getSourceMethodName();
        return new StackTraceElement(sourceClass, method == null ? "" : method, null, -1);
    }

    @Override
    public void writeOwnFields(LogRecord record, JournalEntry entry, StringBuilder scratch) {
        // The current span is the record's only on the thread that logged it: a MemoryHandler's
        // push or an asynchronous handler on another thread would see that thread's span instead.
        if (traceContext && onLoggingThread(record)) {
            TraceContext.writeCurrentSpan(entry);
        }
        if (ownFields.contains(JUL_THREAD_ID)) {
            entry.add(JUL_THREAD_ID, record.getLongThreadID());
        }
        if (ownFields.contains(JUL_SEQUENCE_NUMBER)) {
            entry.add(JUL_SEQUENCE_NUMBER, record.getSequenceNumber());
        }
        if (ownFields.contains(JUL_MESSAGE_KEY)
                && record.getMessage() != null
                && (record.getResourceBundle() != null || record.getResourceBundleName() != null)) {
            entry.add(JUL_MESSAGE_KEY, record.getMessage());
        }
    }

    @Override
    public void forEachContextEntry(LogRecord record, ContextVisitor visitor) {
        Object[] parameters = record.getParameters();
        if (parameters == null) {
            return;
        }
        for (Object parameter : parameters) {
            if (parameter instanceof Map) {
                try {
                    for (Map.Entry<?, ?> e : ((Map<?, ?>) parameter).entrySet()) {
                        Object key = e.getKey();
                        visitor.entry(key == null ? null : ValueText.render(key).toString(), e.getValue());
                    }
                } catch (RuntimeException e) {
                    // The map changed while being read: keep what was written.
                    formatFailure.accept(e);
                }
            }
        }
    }

    @Override
    public void forEachMarker(LogRecord record, MarkerVisitor visitor) {
        // java.util.logging has no markers.
    }

    @Override
    public void message(LogRecord record, RenderedMessage out) {
        Formatter f = formatter.get();
        if (f != null) {
            try {
                String text = f.format(record);
                if (text != null) {
                    out.layout(text);
                    return;
                }
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                formatFailure.accept(e);
            }
        }
        String message = RecordMessage.format(record, formatFailure);
        Throwable thrown = record.getThrown();
        // log(SEVERE, null, e): the throwable's own line is the best headline there is.
        out.text(message != null ? message : thrown != null ? thrown.toString() : "");
    }

    @Override
    public Throwable thrown(LogRecord record) {
        return record.getThrown();
    }
}
