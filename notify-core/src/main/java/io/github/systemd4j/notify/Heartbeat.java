package io.github.systemd4j.notify;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Proof of life from one loop of the application, such as an event loop or a queue consumer: the
 * loop calls {@link #beat()} each time around, and the {@link Watchdog} stops pinging systemd when
 * no beat came for longer than the allowed silence. This catches what a live JVM thread alone does
 * not: a loop that is stuck, waiting forever or spinning without progress.
 *
 * <pre>{@code
 * Heartbeat loop = watchdog.heartbeat("event-loop");
 * while (running) {
 *     loop.beat();
 *     handle(queue.poll(1, SECONDS));
 * }
 * loop.close(); // the loop ends on purpose: stop checking it
 * }</pre>
 *
 * <p>{@link #beat()} is a single volatile write of {@link System#nanoTime()}; call it as often as
 * convenient. Thread-safe.
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/systemd.service.html#WatchdogSec=">systemd.service(5): WatchdogSec=</a>
 */
public final class Heartbeat implements HealthCheck, AutoCloseable {
    private final String name;
    private final Duration maxSilence;
    private final Supplier<Optional<Duration>> watchdogTimeout;
    private final LongSupplier clock;
    private final Runnable onClose;
    private volatile long lastBeat;

    Heartbeat(
            String name,
            Duration maxSilence,
            Supplier<Optional<Duration>> watchdogTimeout,
            LongSupplier clock,
            Runnable onClose) {
        this.name = name;
        this.maxSilence = maxSilence;
        this.watchdogTimeout = watchdogTimeout;
        this.clock = clock;
        this.onClose = onClose;
        this.lastBeat = clock.getAsLong();
    }

    /** Records that the loop is making progress. */
    public void beat() {
        lastBeat = clock.getAsLong();
    }

    /**
     * The name shown when the heartbeat is missing.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The longest silence tolerated before the watchdog stops pinging.
     *
     * @return the silence given when the heartbeat was made, or else the watchdog timeout in force
     *     (empty if the unit has no watchdog)
     */
    public Optional<Duration> maxSilence() {
        return maxSilence != null ? Optional.of(maxSilence) : watchdogTimeout.get();
    }

    /**
     * The time since the last beat (or since the heartbeat was made).
     *
     * @return the silence
     */
    public Duration silence() {
        return Duration.ofNanos(clock.getAsLong() - lastBeat);
    }

    @Override
    public Optional<String> check() {
        Optional<Duration> limit = maxSilence();
        Duration silence = silence();
        if (limit.isEmpty() || silence.compareTo(limit.get()) <= 0) {
            return Optional.empty();
        }
        return Optional.of(
                "no heartbeat from " + name + " for " + seconds(silence) + " (limit " + seconds(limit.get()) + ")");
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** Stops checking this heartbeat, for a loop that ends on purpose. */
    @Override
    public void close() {
        onClose.run();
    }

    @Override
    public String toString() {
        return "Heartbeat[" + name + "]";
    }
}
