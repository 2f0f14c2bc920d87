package io.github.systemd4j.notify;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Pings systemd's watchdog ({@code WatchdogSec=}) while the application is healthy, so that systemd
 * restarts a process that is alive but stuck.
 *
 * <pre>{@code
 * Watchdog watchdog = Watchdog.start(notifier);          // deadlock detection built in
 * Heartbeat loop = watchdog.heartbeat("event-loop");     // the loop calls loop.beat()
 * }</pre>
 *
 * <p><b>When it runs.</b> Only when {@code WATCHDOG_USEC} is set and {@code WATCHDOG_PID}, if set,
 * is this process (the rules of {@code sd_watchdog_enabled(3)}); otherwise it is {@linkplain
 * #isActive() inactive}, starts no thread, and heartbeats cost one volatile write. Malformed
 * variables count as no watchdog ({@link SystemdNotifier#watchdogTimeout()}). A daemon thread
 * named {@code systemd-watchdog} checks and pings right away and then, while healthy, every half
 * timeout, as systemd recommends. A new timeout sent with {@link
 * SystemdNotifier#changeWatchdogTimeout(Duration)} counts from its arrival, so it wakes the thread:
 * it checks and pings at once and keeps to the new interval from then on.
 *
 * <p><b>Health.</b> Before each ping every check runs: the {@linkplain HealthCheck#noDeadlocks()
 * deadlock check} (on by default), each {@link Heartbeat} (no beat for longer than its allowed
 * silence, by default one watchdog timeout), and the application's own {@link HealthCheck}s. While
 * any fails, the watchdog stops pinging and sets {@code STATUS=} to the reasons, so {@code systemctl
 * status} says why; systemd then acts ({@code Restart=}, {@code WatchdogSignal=}) once a timeout has
 * passed since the last ping, or at once with {@link Builder#triggerWhenUnhealthy(boolean)}. Until
 * then the checks run again every tenth of a timeout, and the first round in which every check
 * passes pings at once and restores the application's last status. The first failing round comes
 * at most half a timeout after the last ping, so a check that passes again within 0.4 of a timeout
 * of its first failure (less the time the checks themselves take) costs no restart, while one that
 * fails for the rest of the timeout does. A hung loop is therefore noticed after its allowed
 * silence plus at most half a timeout, and acted on one timeout after the last ping.
 *
 * <p><b>Time budget of the checks.</b> The checks of a round run one after the other on the
 * watchdog's thread, and the round is timed: the next round starts half a timeout after the ping
 * less the time this round's checks took, so that slow checks do not push the next ping later. The
 * checks of one round together have half a timeout: a round that stays within it pings within one
 * timeout of the previous ping, however long the round before took. Rounds that take longer run
 * back to back, which still keeps the pings in time while no round takes a whole timeout or more
 * than half a timeout longer than the round before. Give checks that wait for something (a
 * database ping) their own timeout, well inside the budget.
 *
 * <p><b>A check that never returns</b> stops every ping, and systemd acts a timeout after the last
 * one: to the watchdog a hung check is a hung service. {@link #close()} cannot end such a check.
 *
 * <p><b>JMX.</b> While an active watchdog runs, its {@link #status()} and timeout are the platform
 * MXBean {@code io.github.systemd4j:type=Watchdog} ({@link WatchdogMXBean}); {@link
 * Builder#jmx(boolean)} leaves it out.
 *
 * <p><b>Errors.</b> Nothing is thrown into the application. A failing check counts as unhealthy;
 * failed sends are counted in {@link #status()} and logged through {@link System.Logger} ({@code
 * io.github.systemd4j.notify.Watchdog}) once per outage. An {@link Error} such as {@link
 * OutOfMemoryError} ends the thread, and with it the pings: systemd restarts the service.
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/sd_watchdog_enabled.html">sd_watchdog_enabled(3)</a>
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/systemd.service.html#WatchdogSec=">systemd.service(5): WatchdogSec=</a>
 */
public final class Watchdog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Watchdog.class.getName());

    private final SystemdNotifier notifier;
    private final boolean trigger;
    private final LongSupplier clock;
    private final boolean active;
    private final Map<String, HealthCheck> checks = new ConcurrentHashMap<>();
    private final Object tickLock = new Object();
    // Set by the notifier when it sent a new timeout; the thread then runs a round at once.
    private final AtomicBoolean timeoutChanged = new AtomicBoolean();
    private volatile boolean closed;
    private volatile Thread thread;
    private volatile ObjectName mbean;

    // Written under tickLock, read through status().
    private List<String> problems = List.of();
    private long pings;
    private long failedSends;
    private boolean sendFailing;

    private Watchdog(Builder builder) {
        this.notifier = builder.notifier;
        this.trigger = builder.trigger;
        this.clock = builder.clock;
        this.active = notifier.isEnabled() && notifier.watchdogTimeout().isPresent();
        if (builder.deadlockDetection) {
            checks.put("deadlock", HealthCheck.noDeadlocks());
        }
        checks.putAll(builder.checks);
    }

    /**
     * Starts a watchdog with the default checks (deadlock detection) if the unit has one.
     *
     * @param notifier where to send the pings
     * @return the watchdog, {@linkplain #isActive() inactive} when the unit has no {@code
     *     WatchdogSec=} for this process or its watchdog variables are malformed (the notifier
     *     logged why)
     */
    public static Watchdog start(SystemdNotifier notifier) {
        return builder(notifier).start();
    }

    /**
     * A builder for a watchdog with other checks or options.
     *
     * @param notifier where to send the pings
     * @return the builder
     */
    public static Builder builder(SystemdNotifier notifier) {
        return new Builder(notifier);
    }

    /** Options for a {@link Watchdog}. Not thread-safe. */
    public static final class Builder {
        private final SystemdNotifier notifier;
        private final Map<String, HealthCheck> checks = new LinkedHashMap<>();
        private boolean deadlockDetection = true;
        private boolean trigger;
        private boolean jmx = true;
        private LongSupplier clock = System::nanoTime;

        private Builder(SystemdNotifier notifier) {
            this.notifier = Objects.requireNonNull(notifier, "notifier");
        }

        /**
         * Adds a health check.
         *
         * @param name a short name, used when the check throws
         * @param check the check
         * @return this builder
         * @throws IllegalArgumentException if the name is taken
         */
        public Builder check(String name, HealthCheck check) {
            Objects.requireNonNull(check, "check");
            if (checks.putIfAbsent(Objects.requireNonNull(name, "name"), check) != null) {
                throw new IllegalArgumentException("a check named " + name + " exists already");
            }
            return this;
        }

        /**
         * Whether to stop pinging while JVM threads are deadlocked. Default: true.
         *
         * @param enabled false to leave deadlocks alone
         * @return this builder
         */
        public Builder deadlockDetection(boolean enabled) {
            this.deadlockDetection = enabled;
            return this;
        }

        /**
         * Whether to send {@code WATCHDOG=trigger} when a check starts failing, so that systemd acts
         * at once instead of after the timeout. Default: false, which leaves a failing check the rest
         * of the timeout since the last ping (at least half a timeout) to recover.
         *
         * @param enabled true to act at once
         * @return this builder
         */
        public Builder triggerWhenUnhealthy(boolean enabled) {
            this.trigger = enabled;
            return this;
        }

        /**
         * Whether an active watchdog's state is the platform MXBean {@code io.github.systemd4j:type=Watchdog}
         * ({@link WatchdogMXBean}) while it runs. Default: true.
         *
         * @param enabled false to register none
         * @return this builder
         */
        public Builder jmx(boolean enabled) {
            this.jmx = enabled;
            return this;
        }

        /** The clock for heartbeats and for timing rounds, for tests. */
        Builder clock(LongSupplier nanoClock) {
            this.clock = nanoClock;
            return this;
        }

        /** A watchdog whose thread is not started, for tests that call {@link Watchdog#tick()}. */
        Watchdog build() {
            return new Watchdog(this);
        }

        /**
         * Starts the watchdog's thread if the unit has a watchdog for this process.
         *
         * @return the watchdog, {@linkplain #isActive() inactive} as described at {@link
         *     Watchdog#start(SystemdNotifier)}
         */
        public Watchdog start() {
            Watchdog watchdog = build();
            if (watchdog.active) {
                Thread t = new Thread(watchdog::run, "systemd-watchdog");
                t.setDaemon(true);
                watchdog.thread = t;
                watchdog.notifier.addWatchdog(watchdog);
                if (jmx) {
                    watchdog.registerMBean();
                }
                t.start();
            }
            return watchdog;
        }
    }

    private void registerMBean() {
        try {
            mbean = WatchdogBean.register(this);
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.WARNING, "the watchdog's state cannot be read through JMX: registering its MXBean failed", e);
        }
    }

    /**
     * Whether this watchdog pings: the notifier is enabled and the unit has a watchdog for this
     * process.
     *
     * @return false when there is nothing to ping
     */
    public boolean isActive() {
        return active;
    }

    /**
     * The watchdog timeout in force.
     *
     * @return the timeout, empty when inactive
     */
    public Optional<Duration> timeout() {
        return active ? notifier.watchdogTimeout() : Optional.empty();
    }

    /**
     * A new heartbeat whose allowed silence is the watchdog timeout in force. Its silence counts
     * from now: create it when its loop is about to run, not before a long start.
     *
     * @param name the loop's name, shown when its beats stop
     * @return the heartbeat, checked from now on
     * @throws IllegalArgumentException if the name is taken
     */
    public Heartbeat heartbeat(String name) {
        return register(name, null);
    }

    /**
     * A new heartbeat with its own allowed silence.
     *
     * @param name the loop's name, shown when its beats stop
     * @param maxSilence the longest time between beats that still counts as healthy
     * @return the heartbeat, checked from now on
     * @throws IllegalArgumentException if the name is taken or the silence is not positive
     */
    public Heartbeat heartbeat(String name, Duration maxSilence) {
        if (maxSilence.isNegative() || maxSilence.isZero()) {
            throw new IllegalArgumentException("allowed silence must be positive: " + maxSilence);
        }
        return register(name, maxSilence);
    }

    private Heartbeat register(String name, Duration maxSilence) {
        String key = "heartbeat " + Objects.requireNonNull(name, "name");
        Heartbeat heartbeat =
                new Heartbeat(name, maxSilence, notifier::watchdogTimeout, clock, () -> checks.remove(key));
        if (checks.putIfAbsent(key, heartbeat) != null) {
            throw new IllegalArgumentException("a heartbeat named " + name + " exists already");
        }
        return heartbeat;
    }

    /**
     * What the last check found.
     *
     * @return a snapshot
     */
    public WatchdogStatus status() {
        synchronized (tickLock) {
            return new WatchdogStatus(active, problems, pings, failedSends);
        }
    }

    private void run() {
        long next = clock.getAsLong();
        while (!closed) {
            // A change seen before parking skips the wait; one after it unparks the thread.
            if (timeoutChanged.getAndSet(false)) {
                next = clock.getAsLong();
            }
            long now = clock.getAsLong();
            if (now - next < 0) {
                LockSupport.parkNanos(this, next - now);
                continue;
            }
            long wait = tick();
            next = clock.getAsLong() + wait;
        }
    }

    /**
     * Called by the notifier once a new {@code WATCHDOG_USEC=} went out: systemd counts the new
     * timeout from now, so the thread must not sleep out an interval of the old one.
     */
    void timeoutChanged() {
        timeoutChanged.set(true);
        LockSupport.unpark(thread);
    }

    /**
     * A part of the timeout in nanoseconds, at least a millisecond (so that a tiny timeout does not
     * spin); timeouts beyond ~292 years saturate.
     */
    static long partOf(Duration timeout, int divisor) {
        Duration part = timeout.dividedBy(divisor);
        long nanos = part.compareTo(Duration.ofNanos(Long.MAX_VALUE / 2)) > 0 ? Long.MAX_VALUE / 2 : part.toNanos();
        return Math.max(1_000_000, nanos);
    }

    /**
     * One round: run the checks, then ping or report. Runs on the watchdog thread (or a test).
     *
     * @return nanoseconds from now until the next round should start
     */
    long tick() {
        long start = clock.getAsLong();
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, HealthCheck> entry : checks.entrySet()) {
            try {
                entry.getValue().check().ifPresent(found::add);
            } catch (Exception e) {
                found.add(entry.getKey() + " check failed: " + e);
            }
        }
        long checksTook = clock.getAsLong() - start;
        boolean pinged = false;
        synchronized (tickLock) {
            boolean wasHealthy = problems.isEmpty();
            boolean healthy = found.isEmpty();
            NotifyMessage message = null;
            if (healthy) {
                message = NotifyMessage.create().watchdogPing();
                if (!wasHealthy) {
                    message = message.status(notifier.lastStatus().orElse(""));
                    LOG.log(Level.INFO, "healthy again, watchdog pings resume");
                }
            } else if (!found.equals(problems)) {
                String reasons = String.join("; ", found);
                message = NotifyMessage.create()
                        .status(NotifyMessage.sanitize(
                                "Unhealthy, watchdog pings stopped: " + reasons, NotifyMessage.STATUS_BUDGET));
                if (wasHealthy && trigger) {
                    message = message.watchdogTrigger();
                }
                if (wasHealthy) {
                    LOG.log(Level.WARNING, "unhealthy, watchdog pings stopped: {0}", reasons);
                }
            }
            problems = List.copyOf(found);
            if (message != null) {
                pinged = send(message, healthy) && healthy;
            }
        }
        Duration timeout = notifier.watchdogTimeout().orElseThrow();
        if (pinged) {
            // The ping went out just now and the next is due half a timeout later; the checks before
            // it are expected to take as long as these did.
            return Math.max(0, partOf(timeout, 2) - checksTook);
        }
        // Unhealthy, or the ping did not go out: systemd's deadline still runs from the last ping.
        return Math.max(0, partOf(timeout, 10) - (clock.getAsLong() - start));
    }

    /** Sends, counting pings and failures; true if the message went out. */
    private boolean send(NotifyMessage message, boolean ping) {
        try {
            notifier.send(message, false);
            if (ping) {
                pings++;
            }
            if (sendFailing) {
                sendFailing = false;
                LOG.log(
                        Level.INFO,
                        "watchdog notifications reach {0} again",
                        notifier.socket().orElse(""));
            }
            return true;
        } catch (IOException | RuntimeException e) {
            failedSends++;
            if (!sendFailing) {
                sendFailing = true;
                LOG.log(
                        Level.WARNING,
                        "watchdog notification to " + notifier.socket().orElse("") + " failed",
                        e);
            }
            return false;
        }
    }

    /**
     * Stops the thread and removes the MXBean; pings stop, and systemd acts after the timeout unless
     * the process exits. Waits at most a second for a round in progress.
     */
    @Override
    public void close() {
        closed = true;
        notifier.removeWatchdog(this);
        ObjectName name = mbean;
        if (name != null) {
            mbean = null;
            try {
                WatchdogBean.unregister(name);
            } catch (JMException | RuntimeException e) {
                LOG.log(Level.WARNING, "removing the watchdog's MXBean failed", e);
            }
        }
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "Watchdog[" + status() + "]";
    }
}
