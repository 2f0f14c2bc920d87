package io.github.systemd4j.journal.jul;

import io.github.systemd4j.journal.FieldName;
import io.github.systemd4j.journal.JournalEntry;
import io.github.systemd4j.journal.JournalSink;
import io.github.systemd4j.journal.mapping.ContextFields;
import io.github.systemd4j.journal.mapping.EventFieldWriter;
import io.github.systemd4j.journal.mapping.ThrowableFields;
import io.github.systemd4j.journal.mapping.ValueText;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Turns one {@link LogRecord} into a journal entry, in the field order every adapter uses ({@link
 * EventFieldWriter}), and sends it through the {@link JournalSink}. Immutable and thread-safe: the
 * entry comes from the sink per thread, so concurrent records share no state here.
 *
 * <p>Application code (the formatter, parameters' {@code toString()}, the throwable) runs before the
 * entry is taken, so a failure there cannot leave the thread's reusable entry behind.
 */
final class RecordWriter {
    static final FieldName JUL_THREAD_ID = FieldName.of("JUL_THREAD_ID");
    static final FieldName JUL_SEQUENCE_NUMBER = FieldName.of("JUL_SEQUENCE_NUMBER");
    static final FieldName JUL_MESSAGE_KEY = FieldName.of("JUL_MESSAGE_KEY");

    private final JournalSink sink;
    private final EventFieldWriter plain;
    private final EventFieldWriter formatted;
    private final JulLevelMapping levels;
    private final boolean logParameterMaps;
    private final boolean logThreadId;
    private final boolean logSequenceNumber;
    private final boolean logMessageKey;
    private final Consumer<Throwable> formatFailure;

    /**
     * Creates a writer.
     *
     * @param config the handler's configuration
     * @param sink where entries go
     * @param context the mapping of parameter-map entries to fields
     * @param formatFailure told when the formatter or a message parameter's {@code toString()} fails,
     *     or a parameter map changes while it is read (the record is still written, with the
     *     unformatted message or with the map's entries read so far); a map value whose {@code
     *     toString()} fails is written as {@link ValueText} says, not reported
     */
    RecordWriter(
            JournalHandlerConfig config, JournalSink sink, ContextFields context, Consumer<Throwable> formatFailure) {
        this.sink = sink;
        EventFieldWriter.Builder fields = EventFieldWriter.builder()
                .logLoggerName(config.logLoggerName())
                .logThreadName(config.logThreadName())
                .logTid(config.logTid())
                .logSource(config.logSource())
                .logStackTrace(config.logStackTrace())
                .context(context);
        this.plain = fields.stackTraceInMessage(config.stackTraceInMessage()).build();
        // A formatter renders MESSAGE itself and decides whether it shows the throwable.
        this.formatted = fields.stackTraceInMessage(false).build();
        this.levels = config.levels();
        this.logParameterMaps = config.logParameterMaps();
        this.logThreadId = config.logThreadId();
        this.logSequenceNumber = config.logSequenceNumber();
        this.logMessageKey = config.logMessageKey();
        this.formatFailure = formatFailure;
    }

    /**
     * Writes and sends a record. Never throws for a record the application could log, except where
     * its own throwable misbehaves.
     *
     * @param record the record, already found loggable
     * @param formatter renders {@code MESSAGE}; null for the formatted message
     * @return what became of the entry
     */
    JournalSink.Delivery write(LogRecord record, Formatter formatter) {
        String message = formatter == null ? null : format(formatter, record);
        EventFieldWriter fields = message == null ? plain : formatted;
        Throwable thrown = record.getThrown();
        if (message == null) {
            message = RecordMessage.format(record, formatFailure);
            if (message == null) {
                // log(SEVERE, null, e): the throwable's own line is the best headline there is.
                message = thrown != null ? thrown.toString() : "";
            }
        }
        String thrownClass = null;
        String thrownMessage = null;
        CharSequence trace = null;
        if (thrown != null) {
            thrownClass = thrown.getClass().getName();
            thrownMessage = thrown.getMessage();
            trace = fields.needsStackTrace() ? ThrowableFields.render(thrown, new StringBuilder(1024)) : null;
        }

        JournalEntry entry = sink.entry();
        Thread current = Thread.currentThread();
        boolean onLoggingThread = record.getLongThreadID() == current.getId();
        fields.header(
                entry,
                levels.priorityOf(record.getLevel()),
                record.getLoggerName(),
                onLoggingThread ? current.getName() : null,
                onLoggingThread);
        if (fields.logSource()) {
            String sourceClass = record.getSourceClassName();
            if (sourceClass != null) {
                String method = record.getSourceMethodName();
                fields.source(entry, null, 0, method == null ? sourceClass : sourceClass + "." + method);
            }
        }
        if (logThreadId) {
            entry.add(JUL_THREAD_ID, record.getLongThreadID());
        }
        if (logSequenceNumber) {
            entry.add(JUL_SEQUENCE_NUMBER, record.getSequenceNumber());
        }
        if (logMessageKey
                && record.getMessage() != null
                && (record.getResourceBundle() != null || record.getResourceBundleName() != null)) {
            entry.add(JUL_MESSAGE_KEY, record.getMessage());
        }
        if (logParameterMaps) {
            Object[] parameters = record.getParameters();
            if (parameters != null) {
                for (Object parameter : parameters) {
                    if (parameter instanceof Map) {
                        writeMap(entry, fields.context(), (Map<?, ?>) parameter);
                    }
                }
            }
        }
        fields.message(entry, message, thrownClass, thrownMessage, trace);
        return sink.deliver(entry);
    }

    private String format(Formatter formatter, LogRecord record) {
        try {
            String text = formatter.format(record);
            return text == null ? null : withoutTrailingNewlines(text);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            formatFailure.accept(e);
            return null;
        }
    }

    private void writeMap(JournalEntry entry, ContextFields context, Map<?, ?> map) {
        try {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object key = e.getKey();
                String name = key == null ? null : ValueText.render(key).toString();
                if (context.includes(name)) {
                    context.write(entry, name, ValueText.render(e.getValue()));
                }
            }
        } catch (RuntimeException e) {
            // The map changed while being read: keep what was written.
            formatFailure.accept(e);
        }
    }

    /** Formatters end records with a line separator for files; in the journal it only forces binary framing. */
    private static String withoutTrailingNewlines(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return end == text.length() ? text : text.substring(0, end);
    }
}
