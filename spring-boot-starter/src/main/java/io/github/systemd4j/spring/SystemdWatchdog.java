package io.github.systemd4j.spring;

import io.github.systemd4j.notify.HealthCheck;
import io.github.systemd4j.notify.SystemdNotifier;
import io.github.systemd4j.notify.Watchdog;
import io.github.systemd4j.notify.WatchdogStatus;
import java.util.Optional;

/**
 * The application's systemd watchdog: started when the application is ready (systemd's watchdog
 * runs from {@code READY=1} on), stopped when the context closes. While it runs it pings every half
 * {@code WatchdogSec=} as long as the configured health groups are healthy and no JVM threads are
 * deadlocked; otherwise the pings stop, {@code systemctl status} says why, and systemd restarts
 * the service after the timeout ({@code Restart=on-failure} or {@code on-watchdog}).
 *
 * <p>Without {@code WatchdogSec=} in the unit (or outside systemd) nothing runs: {@link #status()}
 * is empty. Thread-safe.
 *
 * @see Watchdog
 */
public final class SystemdWatchdog implements AutoCloseable {
    private final SystemdNotifier notifier;
    private final SystemdNotifyProperties.Watchdog properties;
    private final HealthCheck health;
    private Watchdog watchdog;
    private boolean closed;

    SystemdWatchdog(SystemdNotifier notifier, SystemdNotifyProperties.Watchdog properties, HealthCheck health) {
        this.notifier = notifier;
        this.properties = properties;
        this.health = health;
    }

    /** Starts pinging; called once the application is ready. Idempotent. */
    synchronized void start() {
        if (watchdog != null || closed) {
            return;
        }
        Watchdog.Builder builder = Watchdog.builder(notifier)
                .deadlockDetection(properties.isDeadlockDetection())
                .triggerWhenUnhealthy(properties.isTriggerWhenUnhealthy());
        if (health != null) {
            builder.check("health", health);
        }
        watchdog = builder.start();
    }

    /**
     * The watchdog's last check.
     *
     * @return the status, empty before the application is ready and when the unit has no watchdog
     *     for this process
     */
    public synchronized Optional<WatchdogStatus> status() {
        return watchdog != null && watchdog.isActive() ? Optional.of(watchdog.status()) : Optional.empty();
    }

    /** Stops the pings: once {@code STOPPING=1} went out, systemd's watchdog no longer applies. */
    @Override
    public synchronized void close() {
        closed = true;
        if (watchdog != null) {
            watchdog.close();
        }
    }

    @Override
    public String toString() {
        return "SystemdWatchdog[" + status().map(Object::toString).orElse("inactive") + "]";
    }
}
