package io.github.systemd4j.journal.log4j2;

import io.github.systemd4j.journal.JournalEntry;
import io.github.systemd4j.journal.JournalFields;
import io.github.systemd4j.journal.internal.EventAccessor;
import io.github.systemd4j.journal.internal.PriorityMap;
import io.github.systemd4j.journal.internal.RenderedMessage;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.StringLayout;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.MapMessage;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.ReusableSimpleMessage;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.message.StructuredDataId;
import org.apache.logging.log4j.message.StructuredDataMessage;
import org.apache.logging.log4j.spi.StandardLevel;
import org.apache.logging.log4j.util.ReadOnlyStringMap;
import org.apache.logging.log4j.util.StringBuilderFormattable;
import org.apache.logging.log4j.util.TriConsumer;

/**
 * How the journal mapping reads a Log4j {@link LogEvent}. Garbage-free in steady state: a plain
 * text message is used as it is, any other is rendered into the mapping's reused builder ({@link
 * StringBuilderFormattable}, {@link PatternLayout#serialize}), ThreadContext and {@link MapMessage}
 * entries are visited with the allocation-free {@code forEach(TriConsumer, state)}. What allocates:
 * caller location, throwables, markers with parents ({@code Marker.getParents()} returns a copy),
 * layouts other than {@code PatternLayout}, and context values that are neither text nor boxed
 * primitives. Immutable.
 */
final class Log4jEvents implements EventAccessor<LogEvent> {
    /** Hands Log4j's map entries to the mapping's visitor; created once, it captures nothing. */
    private static final TriConsumer<String, Object, ContextVisitor> TO_VISITOR =
            (key, value, visitor) -> visitor.entry(key, value);

    private final PriorityMap priorities;
    private final int[] standardPriorities;
    private final boolean logThreadContext;
    private final boolean logMapMessage;
    private final Layout<? extends Serializable> layout;
    private final PatternLayout patternLayout;

    /**
     * @param priorities the level table, overrides applied
     * @param logThreadContext whether ThreadContext entries are context entries
     * @param logMapMessage whether {@code MapMessage} entries are context entries (and {@code SD_ID} is
     *     written)
     * @param layout renders {@code MESSAGE}, or null
     */
    Log4jEvents(
            PriorityMap priorities,
            boolean logThreadContext,
            boolean logMapMessage,
            Layout<? extends Serializable> layout) {
        this.priorities = priorities;
        this.standardPriorities = new int[StandardLevel.values().length];
        for (StandardLevel level : StandardLevel.values()) {
            String name = level == StandardLevel.OFF ? "FATAL" : level == StandardLevel.ALL ? "TRACE" : level.name();
            standardPriorities[level.ordinal()] = priorities.priorityOf(name, 7);
        }
        this.logThreadContext = logThreadContext;
        this.logMapMessage = logMapMessage;
        this.layout = layout;
        this.patternLayout = layout instanceof PatternLayout ? (PatternLayout) layout : null;
    }

    /**
     * The priority of a level: its own name in the mapping (so custom levels can be listed), else that
     * of its standard level (a custom level between WARN and INFO counts as WARN, as in Log4j).
     */
    @Override
    public int priority(LogEvent event) {
        Level level = event.getLevel();
        return priorities.priorityOf(
                level.name(), standardPriorities[level.getStandardLevel().ordinal()]);
    }

    @Override
    public String loggerName(LogEvent event) {
        return event.getLoggerName();
    }

    @Override
    public boolean onLoggingThread(LogEvent event) {
        // Log4j records the logging thread's id; behind an async logger or <Async> this thread differs.
        return event.getThreadId() == Thread.currentThread().getId();
    }

    @Override
    public String threadName(LogEvent event) {
        return event.getThreadName();
    }

    @Override
    public StackTraceElement caller(LogEvent event) {
        return event.getSource(); // captured by Log4j because requiresLocation() said so
    }

    @Override
    public void writeOwnFields(LogEvent event, JournalEntry entry, StringBuilder scratch) {
        if (logMapMessage && event.getMessage() instanceof StructuredDataMessage) {
            StructuredDataId id = ((StructuredDataMessage) event.getMessage()).getId();
            if (id != null) {
                scratch.setLength(0);
                id.formatTo(scratch);
                entry.add(JournalFields.SD_ID, scratch);
            }
        }
    }

    @Override
    public void forEachContextEntry(LogEvent event, ContextVisitor visitor) {
        if (logThreadContext) {
            ReadOnlyStringMap context = event.getContextData();
            if (context != null && !context.isEmpty()) {
                context.forEach(TO_VISITOR, visitor);
            }
        }
        Message message = event.getMessage();
        if (logMapMessage && message instanceof MapMessage) {
            ((MapMessage<?, ?>) message).forEach(TO_VISITOR, visitor);
        }
    }

    @Override
    public void forEachMarker(LogEvent event, MarkerVisitor visitor) {
        visit(event.getMarker(), visitor);
    }

    private static void visit(Marker marker, MarkerVisitor visitor) {
        if (marker != null && visitor.marker(marker.getName()) && marker.hasParents()) {
            for (Marker parent : marker.getParents()) {
                visit(parent, visitor);
            }
        }
    }

    @Override
    public void message(LogEvent event, RenderedMessage out) {
        Message message = event.getMessage();
        String plain = plainText(message);
        if (patternLayout != null) {
            StringBuilder text = out.builder();
            patternLayout.serialize(event, text);
            out.layout(text);
        } else if (layout != null) {
            out.layout(
                    layout instanceof StringLayout
                            ? (String) layout.toSerializable(event)
                            : new String(layout.toByteArray(event), StandardCharsets.UTF_8));
        } else if (plain != null) {
            out.text(plain);
        } else if (message instanceof StringBuilderFormattable) {
            StringBuilder text = out.builder();
            ((StringBuilderFormattable) message).formatTo(text);
            out.text(text);
        } else {
            out.text(message == null ? null : message.getFormattedMessage());
        }
    }

    /**
     * The text of a message that is a plain {@code String} ({@code logger.info("text")} where Log4j
     * hands over its own message objects: without thread-local events, the default in web
     * applications), used as it is: rendering it into the builder copied it, twice over for a large
     * message while the builder grew. Null for any other message, and for Log4j's reusable events,
     * which carry a copy of the text that only rendering reaches.
     */
    @SuppressWarnings("deprecation") // getFormat: the one accessor from 2.17 on that renders nothing
    private static String plainText(Message message) {
        // The classes themselves: a subclass may render differently.
        Class<?> type = message == null ? null : message.getClass();
        return type == ReusableSimpleMessage.class || type == SimpleMessage.class ? message.getFormat() : null;
    }

    @Override
    public Throwable thrown(LogEvent event) {
        return event.getThrown();
    }
}
