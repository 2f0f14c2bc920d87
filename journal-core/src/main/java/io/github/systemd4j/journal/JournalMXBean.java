package io.github.systemd4j.journal;

/**
 * What one logging adapter (a Logback appender, a Log4j2 {@code <Journal>}, a JUL handler) has done
 * with its entries, as a platform MXBean for monitoring systems that read JMX: registered with
 * {@link java.lang.management.ManagementFactory#getPlatformMBeanServer()} when the adapter starts and
 * removed when it stops, unless the adapter's {@code jmx} property is {@code false} (default {@code
 * true}).
 *
 * <p><b>Object name:</b> {@code io.github.systemd4j:type=Journal,name=NAME}, {@code NAME} being the
 * Logback appender's name, the Log4j2 appender's name, or the JUL handler's class name; quoted with
 * {@link javax.management.ObjectName#quote} when it contains a character an object name does not
 * allow unquoted ({@code , = : " * ?}, a backslash, a newline) or is empty. Further adapters of the same name
 * running at the same time (two Logback contexts, a Log4j2 reconfiguration that opens the new
 * configuration's socket before it closes the old one) get {@code ,instance=2}, {@code 3}, …; when the
 * adapter holding the plain name stops, the oldest one left takes it over.
 *
 * <p><b>Attributes:</b> {@code Sent}, {@code SentViaFd}, {@code Dropped}, {@code Failed}, {@code
 * Truncated} (the client's {@link JournalCounters}), {@code FallbackWrites}, {@code Outage}, {@code
 * FallbackOnly} and {@code Socket}. Counters count from the adapter's start: a Log4j2 reconfiguration
 * that changes the {@code <Journal>} settings starts new ones, one that keeps them keeps the socket and
 * its counters. Log4j2 appenders with identical settings share one socket and one MXBean, named after
 * the first of them.
 */
public interface JournalMXBean {
    /**
     * Entries the kernel accepted for journald, as datagrams or file descriptors.
     *
     * @return {@link JournalCounters#sent()}
     */
    long getSent();

    /**
     * Of the sent entries, those too large for a datagram, handed over as a file descriptor.
     *
     * @return {@link JournalCounters#sentViaFd()}
     */
    long getSentViaFd();

    /**
     * Entries journald did not get because it was absent, its socket stale or its queue full for the
     * whole send timeout; each went to the fallback (or, with fallback {@code none}, nowhere).
     *
     * @return {@link JournalCounters#dropped()}
     */
    long getDropped();

    /**
     * Entries journald did not get for another reason (permissions, no file for a large entry).
     *
     * @return {@link JournalCounters#failed()}
     */
    long getFailed();

    /**
     * Sent entries that were cut to the size or field limits and carry a truncation marker.
     *
     * @return {@link JournalCounters#truncated()}
     */
    long getTruncated();

    /**
     * Entries written to the fallback ({@code stderr} or {@code json}); 0 with fallback {@code none}.
     *
     * @return the count
     */
    long getFallbackWrites();

    /**
     * Whether journald cannot take entries now (no socket, journald stopped or stuck, no usable
     * transport in this JVM): entries go to the fallback until the next one is delivered.
     *
     * @return true during an outage
     */
    boolean isOutage();

    /**
     * Whether the adapter's configuration has errors, so that it never uses journald and every entry
     * goes to the fallback.
     *
     * @return true until the configuration is fixed
     */
    boolean isFallbackOnly();

    /**
     * The journal socket the adapter sends to.
     *
     * @return such as {@code /run/systemd/journal/socket}, or {@code @name} for an abstract address
     */
    String getSocket();
}
