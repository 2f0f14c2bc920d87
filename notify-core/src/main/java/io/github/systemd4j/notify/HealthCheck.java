package io.github.systemd4j.notify;

import java.util.Optional;

/**
 * A check that must pass before the {@link Watchdog} pings systemd. A failing check stops the pings,
 * so that systemd restarts a process that runs but no longer works.
 *
 * <pre>{@code
 * Watchdog.builder(notifier)
 *         .check("database", () -> pool.isHealthy() ? Optional.empty() : Optional.of("no database connection"))
 *         .start();
 * }</pre>
 *
 * <p>Checks run one after the other on the watchdog's thread before every ping (twice per watchdog
 * timeout, and every tenth of a timeout while one fails). Together they have half a timeout: the
 * watchdog subtracts their time from the wait before the next round, so a round within that budget
 * still pings in time (see {@link Watchdog}). A check that waits for something needs its own
 * timeout well inside the budget; one that blocks for longer than the timeout gets the service
 * restarted, as a hang should.
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/systemd.service.html#WatchdogSec=">systemd.service(5): WatchdogSec=</a>
 */
@FunctionalInterface
public interface HealthCheck {
    /**
     * Checks health.
     *
     * @return empty when healthy, otherwise a short reason (shown in {@code systemctl status})
     * @throws Exception counts as unhealthy, with the exception as the reason
     */
    Optional<String> check() throws Exception;

    /**
     * A check that fails while JVM threads are deadlocked on monitors or {@link
     * java.util.concurrent.locks.Lock}s, found with {@link
     * java.lang.management.ThreadMXBean#findDeadlockedThreads()}. A deadlock never resolves itself,
     * so this check never recovers.
     *
     * @return the check
     */
    static HealthCheck noDeadlocks() {
        return new DeadlockCheck();
    }
}
