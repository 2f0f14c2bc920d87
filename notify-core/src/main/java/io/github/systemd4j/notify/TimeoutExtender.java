package io.github.systemd4j.notify;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps a long start (or stop) within systemd's timeout by sending {@code EXTEND_TIMEOUT_USEC=}
 * periodically, from a daemon thread, until {@code READY=1} is sent, until closed, or until a limit
 * is reached.
 *
 * <pre>{@code
 * try (TimeoutExtender startup = TimeoutExtender.start(notifier, Duration.ofSeconds(10), Duration.ofMinutes(5))) {
 *     migrateDatabase();      // may take minutes; TimeoutStartSec= stays short for real hangs
 *     warmCaches();
 * }
 * notifier.ready();
 * }</pre>
 *
 * <p>Each message grants {@code extension} from the moment it arrives; it is sent at once and then
 * every third of the extension, so two messages may be lost or late before the timeout can strike.
 * The limit bounds the whole: after it the extender stops and systemd's own timeout applies again,
 * so that a start that hangs is still caught. Works for the start, runtime ({@code RuntimeMaxSec=})
 * and stop timeouts alike (systemd 236+).
 *
 * <p><b>READY=1 ends it.</b> Sending {@code READY=1} through the same {@link SystemdNotifier} (with
 * {@link SystemdNotifier#ready()} or any message that carries it, such as the one {@link
 * ReloadHandler} sends after a reload) stops every extender running on that notifier, because the
 * start or reload it covered is over; no {@code EXTEND_TIMEOUT_USEC=} follows {@code READY=1}. An
 * extender for the runtime timeout is therefore also stopped by a reload; start a new one after it.
 * Closing the extender afterwards is still allowed and does nothing more.
 *
 * <p>Does nothing when the notifier is disabled. Failed sends are logged through {@link
 * System.Logger} once and never thrown into the application.
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/sd_notify.html#EXTEND_TIMEOUT_USEC=%E2%80%A6">sd_notify(3): EXTEND_TIMEOUT_USEC=</a>
 */
public final class TimeoutExtender implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TimeoutExtender.class.getName());

    private final SystemdNotifier notifier;
    private final Duration extension;
    private final long deadline;
    private final Thread thread;
    private volatile boolean closed;

    private TimeoutExtender(SystemdNotifier notifier, Duration extension, Duration limit) {
        this.notifier = notifier;
        this.extension = extension;
        this.deadline = System.nanoTime() + limit.toNanos();
        this.thread = notifier.isEnabled() ? new Thread(this::run, "systemd-timeout-extender") : null;
    }

    /**
     * Starts extending.
     *
     * @param notifier where to send
     * @param extension how much time each message grants, at least one second
     * @param limit how long to keep extending at most
     * @return the running extender; close it when the long phase is over
     * @throws IllegalArgumentException if the extension is shorter than a second or the limit not
     *     positive
     */
    public static TimeoutExtender start(SystemdNotifier notifier, Duration extension, Duration limit) {
        Objects.requireNonNull(notifier, "notifier");
        if (extension.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("extension must be at least one second: " + extension);
        }
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        NotifyMessage.create().extendTimeout(extension); // validates before any thread starts
        TimeoutExtender extender = new TimeoutExtender(notifier, extension, limit);
        if (extender.thread != null) {
            notifier.addExtender(extender);
            extender.thread.setDaemon(true);
            extender.thread.start();
        }
        return extender;
    }

    private void run() {
        long period = extension.toNanos() / 3;
        boolean failing = false;
        while (!closed && System.nanoTime() - deadline < 0) {
            try {
                if (!notifier.extendTimeout(this, extension)) {
                    break; // READY=1 went out, or close() unregistered it
                }
                failing = false;
            } catch (IOException | RuntimeException e) {
                if (!failing) {
                    LOG.log(
                            Level.WARNING,
                            "EXTEND_TIMEOUT_USEC to " + notifier.socket().orElse("") + " failed",
                            e);
                }
                failing = true;
            }
            long wake = System.nanoTime() + period;
            while (!closed && System.nanoTime() - wake < 0) {
                LockSupport.parkNanos(this, wake - System.nanoTime());
            }
        }
        notifier.removeExtender(this);
    }

    /** Called by the notifier once {@code READY=1} is sent; does not wait for the thread. */
    void stopExtending() {
        closed = true;
        LockSupport.unpark(thread);
    }

    /**
     * Stops extending, if {@code READY=1} or the limit has not stopped it already; the timeout last
     * granted still runs its course. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            notifier.removeExtender(this);
            LockSupport.unpark(thread);
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
