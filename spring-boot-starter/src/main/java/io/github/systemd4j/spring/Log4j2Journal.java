package io.github.systemd4j.spring;

import io.github.systemd4j.journal.log4j2.JournalAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;

/** The {@code <Journal>} appender on Log4j2's root logger. Only loaded when log4j-core is present. */
final class Log4j2Journal {
    private Log4j2Journal() {}

    /** Whether Log4j2's API is backed by log4j-core, which Spring Boot then configures. */
    static boolean isActive() {
        return LogManager.getContext(false) instanceof LoggerContext;
    }

    /** Like {@link #install(LoggerContext, Map, boolean)} for the running Log4j2. */
    static boolean install(Map<String, String> settings, boolean removeConsole) {
        return install((LoggerContext) LogManager.getContext(false), settings, removeConsole);
    }

    /**
     * Adds the appender to the root logger unless the configuration has one of its own (a user's
     * {@code log4j2-spring.xml} with {@code <Journal>} wins), and removes the console appenders from
     * the root logger if asked.
     *
     * @return true if an appender was added
     * @throws IllegalStateException if the settings are invalid, with Log4j's reasons
     */
    static boolean install(LoggerContext context, Map<String, String> settings, boolean removeConsole) {
        Configuration config = context.getConfiguration();
        if (!appenders(context).isEmpty()) {
            return false;
        }
        JournalAppender.Builder<?> builder = JournalAppender.newBuilder()
                .setName(SystemdJournalLogging.APPENDER_NAME)
                .setConfiguration(config);
        AdapterSettings.apply(builder, settings);
        Errors errors = new Errors();
        StatusLogger.getLogger().registerListener(errors);
        JournalAppender appender;
        try {
            appender = builder.build();
        } finally {
            StatusLogger.getLogger().removeListener(errors);
        }
        // An appender with configuration errors is built writing to its fallback only (a user's
        // log4j2.xml must not lose entries); a Spring Boot start fails on them instead, as on its own.
        if (appender == null || !errors.messages.isEmpty()) {
            if (appender != null) {
                appender.stop();
            }
            throw new IllegalStateException(
                    "systemd4j.journal.* is not valid: " + AdapterSettings.reasons(errors.messages));
        }
        appender.start();
        config.addAppender(appender);
        LoggerConfig root = config.getRootLogger();
        root.addAppender(appender, null, null);
        if (removeConsole) {
            for (Map.Entry<String, Appender> attached :
                    Map.copyOf(root.getAppenders()).entrySet()) {
                if (attached.getValue() instanceof ConsoleAppender) {
                    root.removeAppender(attached.getKey());
                }
            }
        }
        context.updateLoggers();
        return true;
    }

    /** The journal appenders of a Log4j2 configuration. */
    static List<JournalAppender> appenders(LoggerContext context) {
        List<JournalAppender> found = new ArrayList<>();
        for (Appender appender : context.getConfiguration().getAppenders().values()) {
            if (appender instanceof JournalAppender) {
                found.add((JournalAppender) appender);
            }
        }
        return found;
    }

    /** The journal appenders of the running framework, for the meters and the info endpoint. */
    static List<SystemdJournalLogging.Appender> inUse() {
        List<SystemdJournalLogging.Appender> found = new ArrayList<>();
        if (isActive()) {
            for (JournalAppender appender : appenders((LoggerContext) LogManager.getContext(false))) {
                found.add(new SystemdJournalLogging.Appender(appender.getName(), appender::getClient));
            }
        }
        return found;
    }

    /** Collects what the builder reports as errors while it builds. */
    private static final class Errors implements StatusListener {
        private final List<String> messages = new ArrayList<>();

        @Override
        public void log(StatusData data) {
            synchronized (messages) {
                messages.add(data.getMessage().getFormattedMessage());
            }
        }

        @Override
        public Level getStatusLevel() {
            return Level.ERROR;
        }

        @Override
        public void close() {}
    }
}
