package io.github.systemd4j.notify;

/**
 * A running {@link Watchdog}'s state as a platform MXBean, for monitoring systems that read JMX:
 * registered with {@link java.lang.management.ManagementFactory#getPlatformMBeanServer()} when {@link
 * Watchdog#start} starts an {@linkplain Watchdog#isActive() active} watchdog (unless {@link
 * Watchdog.Builder#jmx(boolean) jmx(false)}), removed by {@link Watchdog#close()}. An inactive watchdog
 * (no {@code WatchdogSec=} for this process) has none.
 *
 * <p><b>Object name:</b> {@code io.github.systemd4j:type=Watchdog}; a further watchdog running at the
 * same time gets {@code io.github.systemd4j:type=Watchdog,instance=2}, the next {@code instance=3}.
 *
 * <p><b>Attributes:</b> {@code Healthy}, {@code Problems}, {@code Pings}, {@code FailedSends} (as in
 * {@link Watchdog#status()}) and {@code TimeoutMillis}.
 */
public interface WatchdogMXBean {
    /**
     * Whether every check passed at the last round, so that the watchdog pings.
     *
     * @return {@link WatchdogStatus#isHealthy()}
     */
    boolean isHealthy();

    /**
     * Why the last round failed: the failing checks' reasons, as {@code STATUS=} shows them.
     *
     * @return the reasons joined with {@code "; "}, empty when healthy
     */
    String getProblems();

    /**
     * Pings sent so far.
     *
     * @return {@link WatchdogStatus#pings()}
     */
    long getPings();

    /**
     * Datagrams (pings and status lines) the watchdog could not send.
     *
     * @return {@link WatchdogStatus#failedSends()}
     */
    long getFailedSends();

    /**
     * The watchdog timeout in force ({@code WatchdogSec=}, or a new one sent with {@link
     * SystemdNotifier#changeWatchdogTimeout}).
     *
     * @return milliseconds
     */
    long getTimeoutMillis();
}
