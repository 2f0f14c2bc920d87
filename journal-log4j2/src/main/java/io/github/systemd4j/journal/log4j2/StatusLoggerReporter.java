package io.github.systemd4j.journal.log4j2;

import io.github.systemd4j.journal.internal.StatusReporter;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * Sends a {@link io.github.systemd4j.journal.internal.JournalSink}'s reports to Log4j's {@link StatusLogger},
 * naming the appender. The status logger never reaches an appender, so reporting cannot recurse.
 */
final class StatusLoggerReporter implements StatusReporter {
    private static final StatusLogger LOGGER = StatusLogger.getLogger();

    private final String prefix;

    StatusLoggerReporter(String appenderName) {
        this.prefix = "Journal appender [" + appenderName + "]: ";
    }

    @Override
    public void info(String message) {
        LOGGER.info(prefix + message);
    }

    @Override
    public void warn(String message, Throwable cause) {
        LOGGER.warn(prefix + message, cause);
    }
}
