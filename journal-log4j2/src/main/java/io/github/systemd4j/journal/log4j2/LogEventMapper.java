package io.github.systemd4j.journal.log4j2;

import io.github.systemd4j.journal.JournalEntry;
import io.github.systemd4j.journal.JournalFields;
import io.github.systemd4j.journal.mapping.ContextFields;
import io.github.systemd4j.journal.mapping.EventFieldWriter;
import io.github.systemd4j.journal.mapping.PriorityMap;
import io.github.systemd4j.journal.mapping.ThrowableFields;
import io.github.systemd4j.journal.mapping.ValueText;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.StringLayout;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.MapMessage;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.StructuredDataId;
import org.apache.logging.log4j.message.StructuredDataMessage;
import org.apache.logging.log4j.spi.StandardLevel;
import org.apache.logging.log4j.util.ReadOnlyStringMap;
import org.apache.logging.log4j.util.StringBuilderFormattable;
import org.apache.logging.log4j.util.TriConsumer;

/**
 * Writes a Log4j {@link LogEvent} into a {@link JournalEntry}, using journal-core's shared mapping
 * ({@link EventFieldWriter}, {@link ContextFields}) for the field order, switches and names.
 *
 * <p>Garbage-free in steady state: text is rendered into per-thread builders that are reused
 * (messages through {@link StringBuilderFormattable}, a {@link PatternLayout} through {@link
 * PatternLayout#serialize}), ThreadContext and {@link MapMessage} entries are visited with the
 * allocation-free {@code forEach(TriConsumer, state)}, and every value is encoded straight from its
 * {@link CharSequence} into the entry's buffer. What still allocates: caller location, throwables,
 * markers with parents (Log4j's {@code Marker.getParents()} returns a copy), context values that are
 * not text, and layouts other than {@code PatternLayout}.
 */
final class LogEventMapper {
    /** Builders that grew beyond this many characters for a huge event are replaced, not kept. */
    private static final int RETAINED_CHARS = 16 * 1024;

    private final EventFieldWriter writer;
    private final PriorityMap priorities;
    private final int[] standardPriorities;
    private final boolean logContext;
    private final boolean logMapMessage;
    private final boolean logMarkers;
    private final Layout<? extends Serializable> layout;
    private final PatternLayout patternLayout;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    private final TriConsumer<String, Object, Scratch> contextEntry = this::writeContextEntry;

    LogEventMapper(
            EventFieldWriter writer,
            PriorityMap priorities,
            boolean logContext,
            boolean logMapMessage,
            boolean logMarkers,
            Layout<? extends Serializable> layout) {
        this.writer = writer;
        this.priorities = priorities;
        this.standardPriorities = standardPriorities(priorities);
        this.logContext = logContext;
        this.logMapMessage = logMapMessage;
        this.logMarkers = logMarkers;
        this.layout = layout;
        this.patternLayout = layout instanceof PatternLayout ? (PatternLayout) layout : null;
    }

    private static int[] standardPriorities(PriorityMap priorities) {
        int[] byLevel = new int[StandardLevel.values().length];
        for (StandardLevel level : StandardLevel.values()) {
            String name = level == StandardLevel.OFF ? "FATAL" : level == StandardLevel.ALL ? "TRACE" : level.name();
            byLevel[level.ordinal()] = priorities.priorityOf(name, 7);
        }
        return byLevel;
    }

    /**
     * The priority of a level: its own name in the mapping (so custom levels can be listed), else that
     * of its standard level (a custom level between WARN and INFO counts as WARN, as in Log4j).
     */
    int priorityOf(Level level) {
        return priorities.priorityOf(
                level.name(), standardPriorities[level.getStandardLevel().ordinal()]);
    }

    /** Whether caller location is written, so Log4j must capture it. */
    boolean requiresLocation() {
        return writer.logSource();
    }

    /**
     * Writes the event's fields. Must run on the thread that called the appender, before it returns:
     * Log4j reuses the event and its message afterwards.
     */
    void write(JournalEntry entry, LogEvent event) {
        Scratch s = scratch.get();
        s.entry = entry;
        try {
            writeFields(s, entry, event);
        } finally {
            s.entry = null;
            s.trim();
        }
    }

    private void writeFields(Scratch s, JournalEntry entry, LogEvent event) {
        // Not behind an async logger or appender: TID would name the wrong thread there.
        boolean onLoggingThread = event.getThreadId() == Thread.currentThread().getId();
        writer.header(
                entry, priorityOf(event.getLevel()), event.getLoggerName(), event.getThreadName(), onLoggingThread);
        if (writer.logSource()) {
            StackTraceElement source = event.getSource();
            if (source != null) {
                writer.source(
                        entry,
                        source.getFileName(),
                        source.getLineNumber(),
                        source.getClassName() + "." + source.getMethodName());
            }
        }
        if (logContext) {
            ReadOnlyStringMap context = event.getContextData();
            if (context != null && !context.isEmpty()) {
                context.forEach(contextEntry, s);
            }
        }
        Message message = event.getMessage();
        if (logMapMessage && message instanceof MapMessage) {
            if (message instanceof StructuredDataMessage) {
                StructuredDataId id = ((StructuredDataMessage) message).getId();
                if (id != null) {
                    StringBuilder text = s.clearedValue();
                    id.formatTo(text);
                    entry.add(JournalFields.SD_ID, text);
                }
            }
            ((MapMessage<?, ?>) message).forEach(contextEntry, s);
        }
        if (logMarkers && event.getMarker() != null) {
            writeMarkers(s, entry, event.getMarker());
        }
        CharSequence text = render(s, event, message);
        Throwable thrown = event.getThrown();
        if (thrown == null) {
            writer.message(entry, text, null, null, null);
        } else {
            CharSequence trace = null;
            if (writer.needsStackTrace()) {
                s.trace.setLength(0);
                trace = ThrowableFields.render(thrown, s.trace);
            }
            writer.message(entry, text, thrown.getClass().getName(), thrown.getMessage(), trace);
        }
    }

    /** One ThreadContext or MapMessage entry; a named method so the consumer is created once. */
    private void writeContextEntry(String key, Object value, Scratch s) {
        ContextFields context = writer.context();
        if (!context.includes(key)) {
            return; // before rendering: an excluded value costs nothing
        }
        if (value instanceof CharSequence) {
            context.write(s.entry, key, (CharSequence) value);
            return;
        }
        StringBuilder text = s.clearedValue();
        if (value instanceof StringBuilderFormattable) {
            formatValue(text, (StringBuilderFormattable) value);
        } else {
            // Boxed primitives without a String; maps, collections and arrays as JSON, as in every adapter.
            ValueText.appendTo(text, value);
        }
        context.write(s.entry, key, text);
    }

    /** Log4j's own garbage-free rendering; a failure is rendered as {@link ValueText} renders one. */
    private static void formatValue(StringBuilder text, StringBuilderFormattable value) {
        try {
            value.formatTo(text);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            text.setLength(0);
            ValueText.appendTo(text, value);
        }
    }

    private void writeMarkers(Scratch s, JournalEntry entry, Marker marker) {
        if (!marker.hasParents()) {
            writer.marker(entry, marker.getName());
            return;
        }
        // A marker and its ancestors, breadth first, each name once (Log4j markers may share parents).
        List<Marker> pending = s.markers;
        pending.clear();
        pending.add(marker);
        for (int i = 0; i < pending.size(); i++) {
            Marker m = pending.get(i);
            if (pending.indexOf(m) < i) {
                continue;
            }
            writer.marker(entry, m.getName());
            if (m.hasParents()) {
                for (Marker parent : m.getParents()) {
                    pending.add(parent);
                }
            }
        }
        pending.clear();
    }

    private CharSequence render(Scratch s, LogEvent event, Message message) {
        StringBuilder text = s.message;
        text.setLength(0);
        if (patternLayout != null) {
            patternLayout.serialize(event, text);
            stripTrailingLineBreaks(text);
        } else if (layout != null) {
            text.append(
                    layout instanceof StringLayout
                            ? (String) layout.toSerializable(event)
                            : new String(layout.toByteArray(event), StandardCharsets.UTF_8));
            stripTrailingLineBreaks(text);
        } else if (message instanceof StringBuilderFormattable) {
            ((StringBuilderFormattable) message).formatTo(text);
        } else if (message != null) {
            text.append(message.getFormattedMessage());
        }
        return text;
    }

    /** Layouts end with {@code %n} for files; in the journal a trailing newline only forces binary framing. */
    private static void stripTrailingLineBreaks(StringBuilder text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        text.setLength(end);
    }

    /** The calling thread's reusable buffers, and the entry being written (the consumers' state). */
    private static final class Scratch {
        StringBuilder message = new StringBuilder(256);
        StringBuilder value = new StringBuilder(64);
        StringBuilder trace = new StringBuilder(0);
        final List<Marker> markers = new ArrayList<>(4);
        JournalEntry entry;

        StringBuilder clearedValue() {
            value.setLength(0);
            return value;
        }

        void trim() {
            if (message.capacity() > RETAINED_CHARS) {
                message = new StringBuilder(256);
            }
            if (value.capacity() > RETAINED_CHARS) {
                value = new StringBuilder(64);
            }
            if (trace.capacity() > RETAINED_CHARS) {
                trace = new StringBuilder(0);
            }
        }
    }
}
