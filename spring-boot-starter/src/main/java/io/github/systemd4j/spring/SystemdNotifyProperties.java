package io.github.systemd4j.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code systemd4j.notify.*}: what the application tells systemd over {@code $NOTIFY_SOCKET}. Outside
 * systemd ({@code NOTIFY_SOCKET} unset) nothing is sent whatever these say.
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/sd_notify.html">sd_notify(3)</a>
 */
@ConfigurationProperties("systemd4j.notify")
public class SystemdNotifyProperties {
    /** Whether to talk to systemd at all: readiness, status, stopping, watchdog, reload. */
    private boolean enabled = true;

    private final ExtendTimeout extendTimeout = new ExtendTimeout();
    private final Watchdog watchdog = new Watchdog();
    private final Reload reload = new Reload();

    /** Creates the properties with their defaults; Spring Boot binds them. */
    public SystemdNotifyProperties() {}

    /**
     * Whether to talk to systemd at all. Default {@code true}.
     *
     * @return the switch
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets {@link #isEnabled()}.
     *
     * @param enabled false to send nothing
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * {@code systemd4j.notify.extend-timeout.*}.
     *
     * @return the nested properties
     */
    public ExtendTimeout getExtendTimeout() {
        return extendTimeout;
    }

    /**
     * {@code systemd4j.notify.watchdog.*}.
     *
     * @return the nested properties
     */
    public Watchdog getWatchdog() {
        return watchdog;
    }

    /**
     * {@code systemd4j.notify.reload.*}.
     *
     * @return the nested properties
     */
    public Reload getReload() {
        return reload;
    }

    /**
     * {@code EXTEND_TIMEOUT_USEC} while the application starts: sent from the moment Spring Boot has
     * read its configuration until {@code READY=1}, so that a start longer than {@code
     * TimeoutStartSec=} (migrations, cache warm-up, slow runners) is not killed, while a start that
     * hangs still is, once the limit has passed.
     */
    public static class ExtendTimeout {
        /** Whether to extend the start timeout while the application starts. */
        private boolean enabled = true;

        /** How much time each extension grants; one is sent every third of it. */
        private Duration extension = Duration.ofSeconds(10);

        /** How long to keep extending at most; after it, TimeoutStartSec= applies again. */
        private Duration limit = Duration.ofMinutes(5);

        /** Creates the defaults. */
        public ExtendTimeout() {}

        /**
         * Whether to extend. Default {@code true}.
         *
         * @return the switch
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets {@link #isEnabled()}.
         *
         * @param enabled false to leave {@code TimeoutStartSec=} alone
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * What each {@code EXTEND_TIMEOUT_USEC} grants. Default 10 s; at least 1 s.
         *
         * @return the extension
         */
        public Duration getExtension() {
            return extension;
        }

        /**
         * Sets {@link #getExtension()}.
         *
         * @param extension at least one second
         */
        public void setExtension(Duration extension) {
            this.extension = extension;
        }

        /**
         * The longest the start is extended. Default 5 minutes.
         *
         * @return the limit
         */
        public Duration getLimit() {
            return limit;
        }

        /**
         * Sets {@link #getLimit()}.
         *
         * @param limit positive
         */
        public void setLimit(Duration limit) {
            this.limit = limit;
        }
    }

    /**
     * The watchdog: when the unit has {@code WatchdogSec=}, {@code WATCHDOG=1} every half timeout
     * from readiness on, while the checked health groups are not down and no threads are
     * deadlocked.
     */
    public static class Watchdog {
        /** Whether to ping systemd's watchdog when the unit has WatchdogSec=. */
        private boolean enabled = true;

        /**
         * Actuator health groups that must be healthy for the pings to go on. "liveness" without
         * such a group (probes off, as in Spring Boot 3.5 outside Kubernetes) means the
         * application's LivenessState.
         */
        private List<String> healthGroups = new ArrayList<>(List.of("liveness"));

        /** Health status codes that stop the pings. */
        private List<String> unhealthyStatuses = new ArrayList<>(List.of("DOWN", "OUT_OF_SERVICE"));

        /** Whether deadlocked JVM threads stop the pings. */
        private boolean deadlockDetection = true;

        /** Whether to send WATCHDOG=trigger when a check starts failing, so systemd acts at once. */
        private boolean triggerWhenUnhealthy = false;

        /** Creates the defaults. */
        public Watchdog() {}

        /**
         * Whether to ping. Default {@code true}; without {@code WatchdogSec=} there is nothing to
         * ping anyway.
         *
         * @return the switch
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets {@link #isEnabled()}.
         *
         * @param enabled false for no pings even with {@code WatchdogSec=} (systemd then restarts
         *     the service after one timeout)
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * The health groups checked before each ping. Default {@code liveness}. An empty list checks
         * no health, only deadlocks.
         *
         * @return the group names
         */
        public List<String> getHealthGroups() {
            return healthGroups;
        }

        /**
         * Sets {@link #getHealthGroups()}.
         *
         * @param healthGroups group names as in {@code management.endpoint.health.group.NAME}
         */
        public void setHealthGroups(List<String> healthGroups) {
            this.healthGroups = healthGroups;
        }

        /**
         * The status codes that count as unhealthy. Default {@code DOWN}, {@code OUT_OF_SERVICE}
         * (those Spring Boot answers with HTTP 503).
         *
         * @return the codes
         */
        public List<String> getUnhealthyStatuses() {
            return unhealthyStatuses;
        }

        /**
         * Sets {@link #getUnhealthyStatuses()}.
         *
         * @param unhealthyStatuses status codes such as {@code DOWN}
         */
        public void setUnhealthyStatuses(List<String> unhealthyStatuses) {
            this.unhealthyStatuses = unhealthyStatuses;
        }

        /**
         * Whether a JVM deadlock stops the pings. Default {@code true}.
         *
         * @return the switch
         */
        public boolean isDeadlockDetection() {
            return deadlockDetection;
        }

        /**
         * Sets {@link #isDeadlockDetection()}.
         *
         * @param deadlockDetection false to ignore deadlocks
         */
        public void setDeadlockDetection(boolean deadlockDetection) {
            this.deadlockDetection = deadlockDetection;
        }

        /**
         * Whether to send {@code WATCHDOG=trigger} as soon as a check fails. Default {@code false}:
         * a check that recovers within about half a timeout costs no restart.
         *
         * @return the switch
         */
        public boolean isTriggerWhenUnhealthy() {
            return triggerWhenUnhealthy;
        }

        /**
         * Sets {@link #isTriggerWhenUnhealthy()}.
         *
         * @param triggerWhenUnhealthy true to have systemd act at once
         */
        public void setTriggerWhenUnhealthy(boolean triggerWhenUnhealthy) {
            this.triggerWhenUnhealthy = triggerWhenUnhealthy;
        }
    }

    /**
     * Reload: with at least one {@link SystemdReloadAction} bean, {@code SIGHUP} ({@code systemctl
     * reload} with {@code ExecReload=kill -HUP $MAINPID}, or {@code Type=notify-reload}) sends
     * {@code RELOADING=1}, runs the actions and sends {@code READY=1}.
     */
    public static class Reload {
        /** Whether SIGHUP runs the application's SystemdReloadAction beans (when there are any). */
        private boolean enabled = true;

        /** Creates the defaults. */
        public Reload() {}

        /**
         * Whether {@code SIGHUP} reloads when {@link SystemdReloadAction} beans exist. Default {@code
         * true}; without such beans no handler is installed and {@code SIGHUP} keeps the JVM's
         * default action (shut down).
         *
         * @return the switch
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets {@link #isEnabled()}.
         *
         * @param enabled false to leave {@code SIGHUP} alone
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
