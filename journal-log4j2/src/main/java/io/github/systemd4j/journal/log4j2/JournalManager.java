package io.github.systemd4j.journal.log4j2;

import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.internal.JournalSettings;
import io.github.systemd4j.journal.internal.JournalSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractManager;
import org.apache.logging.log4j.core.appender.ManagerFactory;

/**
 * Owns the journal socket of one or more {@link JournalAppender}s: a {@link JournalSink} (the client
 * plus the shared error policy), registered with Log4j by the settings' {@linkplain
 * JournalSettings#sharingKey() sharing key}: the destination socket and every client setting
 * (identifier, facility, static fields, limits, fallback).
 *
 * <p>Log4j counts the appenders using a manager and closes it when the last one stops. A
 * reconfiguration ({@code monitorInterval}, {@code LoggerContext.reconfigure()}) builds the new
 * appenders before it stops the old ones, so when the {@code <Journal>} settings are unchanged the new
 * appender gets this same manager and the socket is never reopened; entries in flight on the old
 * configuration still go out through it.
 */
public final class JournalManager extends AbstractManager {
    private static final Factory FACTORY = new Factory();

    private final JournalSink sink;

    private JournalManager(LoggerContext context, String key, JournalSink sink) {
        super(context, key);
        this.sink = sink;
    }

    /**
     * The manager for a key, created from {@code data} if none is registered.
     *
     * @param key the destination and client settings
     * @param data how to create it
     * @return the shared manager, its use count raised by one
     */
    static JournalManager getManager(String key, FactoryData data) {
        return getManager(key, FACTORY, data);
    }

    /**
     * The sink the appenders send through.
     *
     * @return the sink
     */
    JournalSink sink() {
        return sink;
    }

    /**
     * The journal client, for its counters ({@code client().counters()}) and socket.
     *
     * @return the client
     */
    public JournalClient client() {
        return sink.client();
    }

    /**
     * Closes the sink. In async mode the queue drains for at most 5 seconds, or for the timeout Log4j
     * passes if it is shorter ({@code LoggerContext.stop(timeout, unit)}; 0 means none of its own).
     */
    @Override
    protected boolean releaseSub(long timeout, TimeUnit timeUnit) {
        if (timeout > 0) {
            sink.close(Duration.ofNanos(timeUnit.toNanos(timeout)));
        } else {
            sink.close();
        }
        return true;
    }

    /** What the factory needs to open a sink. */
    static final class FactoryData {
        final LoggerContext context;
        final JournalSettings settings;
        final String appenderName;

        FactoryData(LoggerContext context, JournalSettings settings, String appenderName) {
            this.context = context;
            this.settings = settings;
            this.appenderName = appenderName;
        }
    }

    private static final class Factory implements ManagerFactory<JournalManager, FactoryData> {
        @Override
        public JournalManager createManager(String key, FactoryData data) {
            JournalSink sink = JournalSink.open(
                    data.settings, List.of(), data.appenderName, new StatusLoggerReporter(data.appenderName));
            return new JournalManager(data.context, key, sink);
        }
    }
}
