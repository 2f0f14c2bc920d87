package io.github.systemd4j.notify;

import java.util.List;

/**
 * What the {@link Watchdog} found at its last check, for an application's own health endpoint or
 * logs. Immutable.
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/sd_watchdog_enabled.html">sd_watchdog_enabled(3)</a>
 */
public final class WatchdogStatus {
    private final boolean active;
    private final List<String> problems;
    private final long pings;
    private final long failedSends;

    WatchdogStatus(boolean active, List<String> problems, long pings, long failedSends) {
        this.active = active;
        this.problems = List.copyOf(problems);
        this.pings = pings;
        this.failedSends = failedSends;
    }

    /**
     * Whether the watchdog runs at all (the unit has {@code WatchdogSec=} for this process).
     *
     * @return false when there is nothing to ping
     */
    public boolean isActive() {
        return active;
    }

    /**
     * Whether every check passed at the last tick.
     *
     * @return true when pinging
     */
    public boolean isHealthy() {
        return problems.isEmpty();
    }

    /**
     * The reasons of the failing checks at the last tick.
     *
     * @return the reasons, empty when healthy
     */
    public List<String> problems() {
        return problems;
    }

    /**
     * Pings sent so far.
     *
     * @return the count
     */
    public long pings() {
        return pings;
    }

    /**
     * Datagrams the watchdog could not send (pings and status lines).
     *
     * @return the count
     */
    public long failedSends() {
        return failedSends;
    }

    @Override
    public String toString() {
        return "WatchdogStatus[" + (active ? (isHealthy() ? "healthy" : "unhealthy: " + problems) : "inactive")
                + ", pings=" + pings + ", failedSends=" + failedSends + "]";
    }
}
