package io.github.systemd4j.journal.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.Encoder;
import io.github.systemd4j.journal.internal.EventAccessor;
import io.github.systemd4j.journal.internal.PriorityMap;
import io.github.systemd4j.journal.internal.RenderedMessage;
import io.github.systemd4j.journal.internal.StackTraceText;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/** How the journal mapping reads a Logback event. Immutable. */
final class LogbackEvents implements EventAccessor<ILoggingEvent> {
    /** Logback's levels, most severe first; {@link #byLevel} follows this order. */
    private static final Level[] LEVELS = {Level.ERROR, Level.WARN, Level.INFO, Level.DEBUG, Level.TRACE};

    private final int[] byLevel = new int[LEVELS.length];
    private final boolean logMdc;
    private final boolean logKeyValues;
    private final Layout<ILoggingEvent> layout;
    private final Encoder<ILoggingEvent> encoder;

    /**
     * @param priorities the level table, overrides applied
     * @param logMdc whether MDC entries are context entries
     * @param logKeyValues whether SLF4J key-value pairs are context entries
     * @param layout renders {@code MESSAGE}, or null
     * @param encoder renders {@code MESSAGE} when there is no layout, or null
     */
    LogbackEvents(
            PriorityMap priorities,
            boolean logMdc,
            boolean logKeyValues,
            Layout<ILoggingEvent> layout,
            Encoder<ILoggingEvent> encoder) {
        for (int i = 0; i < LEVELS.length; i++) {
            byLevel[i] = priorities.priorityOf(LEVELS[i].levelStr, 7);
        }
        this.logMdc = logMdc;
        this.logKeyValues = logKeyValues;
        this.layout = layout;
        this.encoder = encoder;
    }

    @Override
    public int priority(ILoggingEvent event) {
        int level = event.getLevel().toInt();
        for (int i = 0; i < LEVELS.length - 1; i++) {
            if (level >= LEVELS[i].toInt()) {
                return byLevel[i];
            }
        }
        return byLevel[LEVELS.length - 1];
    }

    @Override
    public String loggerName(ILoggingEvent event) {
        return event.getLoggerName();
    }

    @Override
    public String threadName(ILoggingEvent event) {
        return event.getThreadName();
    }

    @Override
    public boolean onLoggingThread(ILoggingEvent event) {
        // Logback events carry no thread id; behind an AsyncAppender the name differs.
        String name = event.getThreadName();
        return name != null && name.equals(Thread.currentThread().getName());
    }

    @Override
    public StackTraceElement caller(ILoggingEvent event) {
        StackTraceElement[] caller = event.getCallerData();
        return caller != null && caller.length > 0 ? caller[0] : null;
    }

    @Override
    public void forEachContextEntry(ILoggingEvent event, ContextVisitor visitor) {
        if (logMdc) {
            Map<String, String> mdc = event.getMDCPropertyMap();
            if (mdc != null) {
                for (Map.Entry<String, String> e : mdc.entrySet()) {
                    visitor.entry(e.getKey(), e.getValue());
                }
            }
        }
        if (logKeyValues) {
            List<KeyValuePair> pairs = event.getKeyValuePairs();
            if (pairs != null) {
                for (KeyValuePair pair : pairs) {
                    visitor.entry(pair.key, pair.value);
                }
            }
        }
    }

    @Override
    public void forEachMarker(ILoggingEvent event, MarkerVisitor visitor) {
        List<Marker> markers = event.getMarkerList();
        if (markers != null) {
            for (Marker marker : markers) {
                visit(marker, visitor);
            }
        }
    }

    private static void visit(Marker marker, MarkerVisitor visitor) {
        if (marker != null && visitor.marker(marker.getName())) {
            for (Iterator<Marker> references = marker.iterator(); references.hasNext(); ) {
                visit(references.next(), visitor);
            }
        }
    }

    @Override
    public void message(ILoggingEvent event, RenderedMessage out) {
        if (layout != null) {
            out.layout(layout.doLayout(event));
        } else if (encoder != null) {
            out.layout(new String(encoder.encode(event), StandardCharsets.UTF_8));
        } else {
            out.text(event.getFormattedMessage());
        }
    }

    @Override
    public String exceptionClass(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        return thrown == null ? null : thrown.getClassName();
    }

    @Override
    public String exceptionMessage(ILoggingEvent event) {
        return event.getThrowableProxy().getMessage();
    }

    @Override
    public void appendStackTrace(ILoggingEvent event, StringBuilder out) {
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown instanceof ThrowableProxy) {
            // The live throwable: the same text as the other adapters write.
            StackTraceText.append(((ThrowableProxy) thrown).getThrowable(), out);
        } else {
            out.append(ThrowableProxyUtil.asString(thrown)); // deserialised: only the proxy is left
        }
    }
}
