package io.github.systemd4j.journal.internal;

/**
 * How a {@link JournalSink} talks to its framework's own status channel: Logback's {@code
 * addInfo}/{@code addWarn}/{@code addError}, Log4j2's {@code StatusLogger}, JUL's {@code
 * ErrorManager}. Implementations must not log through the appender that owns the sink.
 *
 * <p>Three kinds of message, by who must see them:
 *
 * <ul>
 *   <li>{@link #notice notices}, the few a user must see without configuring anything (journald
 *       unavailable, journald back): the adapter passes them to the framework's channel and, where
 *       the framework would not show them by default, prints them itself, one line each ({@link
 *       StderrNotice});
 *   <li>{@link #error errors} in the configuration, once each when the adapter starts, on the
 *       framework's error channel;
 *   <li>{@link #warn warnings}: failures of single entries, rate-limited by the sink, on the
 *       framework's channel only.
 * </ul>
 */
public interface StatusReporter {
    /** What a notice says. */
    enum Notice {
        /**
         * journald cannot take entries: no socket or no usable transport when the adapter starts, or
         * an outage began. A warning.
         */
        UNAVAILABLE,
        /** journald takes entries again after an outage. Information. */
        BACK;

        /**
         * Whether it reports a problem (a warning) rather than good news (information).
         *
         * @return true for {@link #UNAVAILABLE}
         */
        public boolean isProblem() {
            return this == UNAVAILABLE;
        }
    }

    /**
     * A notice: at most one per outage and its end, rate-limited by the sink when outages come in
     * quick succession.
     *
     * @param notice what it says
     * @param message the text, one line
     * @param cause the error, or null
     */
    void notice(Notice notice, String message, Throwable cause);

    /**
     * An error in the configuration, reported once when the adapter starts.
     *
     * @param message the text, one line
     */
    void error(String message);

    /**
     * A problem that loses or diverts one entry but leaves the adapter working, rate-limited by the
     * sink.
     *
     * @param message the text
     * @param cause the error, or null
     */
    void warn(String message, Throwable cause);
}
