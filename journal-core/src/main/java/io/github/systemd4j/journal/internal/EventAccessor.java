package io.github.systemd4j.journal.internal;

import io.github.systemd4j.journal.JournalEntry;

/**
 * How an adapter reads its framework's event: the only part of the event-to-entry mapping that
 * differs between Logback, Log4j2 and java.util.logging. {@link EventMapper} asks for each piece in a
 * fixed order and does everything else (switches, names, values, stack traces, limits) itself.
 * Implementations are immutable, thread-safe and allocate nothing they do not have to; they are
 * called on the logging thread, before the framework reuses its event.
 *
 * @param <E> the framework's event type
 */
public interface EventAccessor<E> {
    /**
     * The event's syslog priority, from the adapter's level table.
     *
     * @param event the event
     * @return 0..7
     */
    int priority(E event);

    /**
     * The logger's name.
     *
     * @param event the event
     * @return the name, or null
     */
    String loggerName(E event);

    /**
     * The logging thread's name.
     *
     * @param event the event
     * @return the name, or null when unknown
     */
    String threadName(E event);

    /**
     * Whether the calling thread is the one that logged the event (not an asynchronous appender's
     * thread), so that its kernel thread id is the event's.
     *
     * @param event the event
     * @return true on the logging thread
     */
    boolean onLoggingThread(E event);

    /**
     * The logging call's location; asked only when {@code logSource} is on.
     *
     * @param event the event
     * @return the caller (file and line may be unknown: null and a negative number; an empty method
     *     name for none), or null
     */
    StackTraceElement caller(E event);

    /**
     * Fields only this framework has ({@code SD_ID}, {@code JUL_THREAD_ID}), written after the
     * caller's location and before the context. Default: none.
     *
     * @param event the event
     * @param entry the entry
     * @param scratch a reusable builder, for rendering a value without a {@code String}
     */
    default void writeOwnFields(E event, JournalEntry entry, StringBuilder scratch) {}

    /**
     * Visits the event's context entries (MDC, key-value pairs, ThreadContext, map messages, map
     * parameters), as the adapter's own switches select them. Keys and values as the framework holds
     * them: either may be null.
     *
     * @param event the event
     * @param visitor receives each entry
     */
    void forEachContextEntry(E event, ContextVisitor visitor);

    /**
     * Visits the event's markers: each marker, then (if the visitor returns true for it) the markers
     * it references or descends from.
     *
     * @param event the event
     * @param visitor receives each marker's name
     */
    void forEachMarker(E event, MarkerVisitor visitor);

    /**
     * Renders the message: the event's formatted message, or the configured layout's output.
     *
     * @param event the event
     * @param out where the text goes
     */
    void message(E event, RenderedMessage out);

    /**
     * The event's throwable, for the default throwable methods. Default: none.
     *
     * @param event the event
     * @return the throwable, or null
     */
    default Throwable thrown(E event) {
        return null;
    }

    /**
     * The throwable's class name.
     *
     * @param event the event
     * @return the name, or null when the event has no throwable
     */
    default String exceptionClass(E event) {
        Throwable thrown = thrown(event);
        return thrown == null ? null : thrown.getClass().getName();
    }

    /**
     * The throwable's message.
     *
     * @param event the event, which has a throwable
     * @return the message, or null
     */
    default String exceptionMessage(E event) {
        return thrown(event).getMessage();
    }

    /**
     * Appends the throwable's stack trace as {@link Throwable#printStackTrace()} prints it; the
     * mapper removes carriage returns and the final line break.
     *
     * @param event the event, which has a throwable
     * @param out where to append
     */
    default void appendStackTrace(E event, StringBuilder out) {
        StackTraceText.append(thrown(event), out);
    }

    /** Receives context entries; see {@link #forEachContextEntry}. */
    interface ContextVisitor {
        /**
         * One entry.
         *
         * @param key the key, or null
         * @param value the value, or null
         */
        void entry(String key, Object value);
    }

    /** Receives marker names; see {@link #forEachMarker}. */
    interface MarkerVisitor {
        /**
         * One marker.
         *
         * @param name its name
         * @return true the first time a name is seen (go on to its references), false after that
         */
        boolean marker(String name);
    }
}
