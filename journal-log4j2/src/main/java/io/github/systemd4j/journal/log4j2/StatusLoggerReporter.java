package io.github.systemd4j.journal.log4j2;

import io.github.systemd4j.journal.internal.StatusReporter;
import io.github.systemd4j.journal.internal.StderrNotice;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.status.StatusConsoleListener;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;
import org.apache.logging.log4j.util.PropertiesUtil;

/**
 * Sends a {@link io.github.systemd4j.journal.internal.JournalSink}'s reports to Log4j's {@link
 * StatusLogger}, naming the appender. The status logger never reaches an appender, so reporting cannot
 * recurse.
 *
 * <p>The status logger shows errors only by default; a notice (journald unavailable, journald back)
 * that it would not show is printed here as well, one line on stderr, as long as it shows errors: a
 * {@code status="warn"} (or {@code info}, {@code debug}), a status listener at that level or {@code
 * -Dlog4j2.debug} shows it through Log4j instead, and {@code status="off"} silences both (from Log4j
 * 2.24 on; before, Log4j's own status console logger still prints errors then, and so the notices are
 * printed too).
 */
final class StatusLoggerReporter implements StatusReporter {
    private static final StatusLogger LOGGER = StatusLogger.getLogger();

    private final String prefix;

    StatusLoggerReporter(String appenderName) {
        this.prefix = "Journal appender [" + appenderName + "]: ";
    }

    @Override
    public void notice(Notice notice, String message, Throwable cause) {
        Level level = notice.isProblem() ? Level.WARN : Level.INFO;
        if (!shown(level) && shown(Level.ERROR)) {
            StderrNotice.print("Log4j2 " + prefix + message, StderrNotice.priority(notice));
        }
        LOGGER.log(level, prefix + message, cause);
    }

    /**
     * Whether the status logger would show a message of this level to someone. Its own {@code
     * isEnabled} is not enough: Log4j before 2.24 answers yes for WARN when its listeners are the
     * console one of a configuration without {@code status} (ERROR) and the JMX one (WARN), which
     * shows nothing. So with listeners registered (the status logger then talks to them alone), one
     * that shows something must take the level: a console listener, or one of the application's own.
     */
    private static boolean shown(Level level) {
        if (!LOGGER.isEnabled(level)) {
            return false;
        }
        if (PropertiesUtil.getProperties().getBooleanProperty("log4j2.debug", false, true)) {
            return true; // -Dlog4j2.debug: the status logger prints everything
        }
        boolean anyListener = false;
        for (StatusListener listener : LOGGER.getListeners()) {
            anyListener = true;
            boolean showsSomeone = listener instanceof StatusConsoleListener
                    || !listener.getClass().getName().startsWith("org.apache.logging.log4j.");
            if (showsSomeone && level.isMoreSpecificThan(listener.getStatusLevel())) {
                return true;
            }
        }
        // Without a registered listener the status logger's own level, checked above, decides.
        return !anyListener;
    }

    @Override
    public void error(String message) {
        LOGGER.error(prefix + message);
    }

    @Override
    public void warn(String message, Throwable cause) {
        LOGGER.warn(prefix + message, cause);
    }
}
