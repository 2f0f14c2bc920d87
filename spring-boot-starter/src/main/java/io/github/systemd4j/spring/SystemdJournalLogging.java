package io.github.systemd4j.spring;

import io.github.systemd4j.journal.JournalClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.util.ClassUtils;

/**
 * Adds the journal appender to the logging system Spring Boot initialised (Logback or Log4j2), and
 * finds the journal appenders in use for the meters and the info endpoint. Each framework's code is
 * loaded only when that framework is on the class path.
 */
final class SystemdJournalLogging {
    /** The name of the appender the starter adds. */
    static final String APPENDER_NAME = "SYSTEMD_JOURNAL";

    private static final ClassLoader LOADER = SystemdJournalLogging.class.getClassLoader();
    private static final boolean LOGBACK = ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext", LOADER)
            && ClassUtils.isPresent("io.github.systemd4j.journal.logback.JournalAppender", LOADER);
    private static final boolean LOG4J2 = ClassUtils.isPresent("org.apache.logging.log4j.core.LoggerContext", LOADER)
            && ClassUtils.isPresent("io.github.systemd4j.journal.log4j2.JournalAppender", LOADER);

    private SystemdJournalLogging() {}

    /** What {@link #install} did. */
    enum Outcome {
        /** The starter's appender was added. */
        ADDED,
        /** The configuration has a journal appender of its own, which stays alone. */
        CONFIGURED_BY_USER,
        /** Neither Logback nor Log4j2 (with log4j-core) is the logging system. */
        NO_LOGGING_SYSTEM
    }

    /**
     * Adds the appender to the active logging system.
     *
     * @param properties the settings
     * @param removeConsole whether to detach the console appenders of the root logger
     * @return what happened
     * @throws IllegalStateException if the settings are invalid
     */
    static Outcome install(SystemdJournalProperties properties, boolean removeConsole) {
        if (LOGBACK && LogbackJournal.isActive()) {
            return LogbackJournal.install(properties.adapterSettings(), removeConsole)
                    ? Outcome.ADDED
                    : Outcome.CONFIGURED_BY_USER;
        }
        if (LOG4J2 && Log4j2Journal.isActive()) {
            return Log4j2Journal.install(properties.adapterSettings(), removeConsole)
                    ? Outcome.ADDED
                    : Outcome.CONFIGURED_BY_USER;
        }
        return Outcome.NO_LOGGING_SYSTEM;
    }

    /** A journal appender in use: its name and a way to read its client's counters. */
    record Appender(String name, Supplier<JournalClient> client) {}

    /**
     * The journal appenders of the active logging system, the starter's or the user's.
     *
     * @return the appenders, empty when none
     */
    static List<Appender> appenders() {
        List<Appender> found = new ArrayList<>();
        if (LOGBACK) {
            found.addAll(LogbackJournal.inUse());
        }
        if (LOG4J2) {
            found.addAll(Log4j2Journal.inUse());
        }
        return found;
    }
}
