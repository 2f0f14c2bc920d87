package io.github.systemd4j.journal.internal;

/**
 * How a {@link JournalSink} talks to its framework's own status channel: Logback's {@code
 * addInfo}/{@code addWarn}/{@code addError}, Log4j2's {@code StatusLogger}, JUL's {@code
 * ErrorManager}. Implementations must not log through the appender that owns the sink.
 */
public interface StatusReporter {
    /**
     * An informational message, such as a recovery.
     *
     * @param message the text
     */
    void info(String message);

    /**
     * A problem that loses or diverts entries but leaves the appender working.
     *
     * @param message the text
     * @param cause the error, or null
     */
    void warn(String message, Throwable cause);
}
