package io.github.systemd4j.spring;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.status.Status;
import io.github.systemd4j.journal.logback.JournalAppender;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/** The journal appender on Logback's root logger. Only loaded when Logback is present. */
final class LogbackJournal {
    private LogbackJournal() {}

    /** Whether Logback is SLF4J's backend, which Spring Boot then configures. */
    static boolean isActive() {
        return LoggerFactory.getILoggerFactory() instanceof LoggerContext;
    }

    /**
     * Adds the appender to the root logger unless the configuration has one of its own (a user's
     * {@code logback-spring.xml} with our appender wins), and detaches the console appenders of the
     * root logger if asked.
     *
     * @return true if an appender was added
     * @throws IllegalStateException if the settings are invalid, with Logback's reasons
     */
    static boolean install(Map<String, String> settings, boolean removeConsole) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        LoggerContext context = (LoggerContext) factory;
        if (!appenders(context).isEmpty()) {
            return false;
        }
        JournalAppender appender = new JournalAppender();
        appender.setContext(context);
        appender.setName(SystemdJournalLogging.APPENDER_NAME);
        AdapterSettings.apply(appender, settings);
        appender.start();
        // An appender with configuration errors starts writing to its fallback only (a user's
        // logback.xml must not lose entries); a Spring Boot start fails on them instead, as on its own.
        List<String> errors = new ArrayList<>();
        for (Status status : context.getStatusManager().getCopyOfStatusList()) {
            if (status.getLevel() == Status.ERROR && status.getOrigin() == appender) {
                errors.add(status.getMessage());
            }
        }
        if (!errors.isEmpty() || !appender.isStarted()) {
            appender.stop();
            throw new IllegalStateException("systemd4j.journal.* is not valid: " + AdapterSettings.reasons(errors));
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        if (removeConsole) {
            List<Appender<ILoggingEvent>> consoles = new ArrayList<>();
            root.iteratorForAppenders().forEachRemaining(a -> {
                if (a instanceof ConsoleAppender) {
                    consoles.add(a);
                }
            });
            for (Appender<ILoggingEvent> console : consoles) {
                root.detachAppender(console);
                console.stop();
            }
        }
        return true;
    }

    /**
     * The journal appenders of a Logback configuration, also those inside an appender that holds
     * others (such as {@code AsyncAppender}).
     */
    static List<JournalAppender> appenders(LoggerContext context) {
        List<JournalAppender> found = new ArrayList<>();
        for (Logger logger : context.getLoggerList()) {
            collect(logger.iteratorForAppenders(), found);
        }
        return found;
    }

    /** The journal appenders of the running framework, for the meters and the info endpoint. */
    static List<SystemdJournalLogging.Appender> inUse() {
        List<SystemdJournalLogging.Appender> found = new ArrayList<>();
        if (isActive()) {
            for (JournalAppender appender : appenders((LoggerContext) LoggerFactory.getILoggerFactory())) {
                found.add(new SystemdJournalLogging.Appender(appender.getName(), appender::getClient));
            }
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private static void collect(Iterator<Appender<ILoggingEvent>> appenders, List<JournalAppender> found) {
        while (appenders.hasNext()) {
            Appender<ILoggingEvent> appender = appenders.next();
            if (appender instanceof JournalAppender) {
                if (!found.contains(appender)) {
                    found.add((JournalAppender) appender);
                }
            } else if (appender instanceof AppenderAttachable) {
                collect(((AppenderAttachable<ILoggingEvent>) appender).iteratorForAppenders(), found);
            }
        }
    }
}
