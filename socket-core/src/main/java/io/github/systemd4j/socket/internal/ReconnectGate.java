package io.github.systemd4j.socket.internal;

import io.github.systemd4j.socket.SendException;
import io.github.systemd4j.socket.SenderOptions;
import java.time.Duration;

/**
 * Keeps a sender from trying to connect to an absent receiver on every send: after a failed attempt,
 * further attempts within {@link SenderOptions#reconnectInterval()} fail at once with the same
 * failure, without a system call.
 *
 * <p>Not thread-safe: the sender calls it under its connect lock.
 */
public final class ReconnectGate {
    private final long intervalNanos;
    private SendException lastFailure;
    private long nextAttemptNanos;

    /**
     * Creates an open gate.
     *
     * @param interval the least time between two connection attempts that failed
     */
    public ReconnectGate(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /**
     * Refuses an attempt made too soon after a failed one.
     *
     * @param now {@link System#nanoTime()}
     * @param force true to attempt anyway (the connected peer just went away, so a new one may exist)
     * @throws SendException a fresh copy of the last failure while the interval runs
     */
    public void checkAttemptAllowed(long now, boolean force) throws SendException {
        if (!force && lastFailure != null && now - nextAttemptNanos < 0) {
            // A fresh exception per caller: a shared one would collect everyone's suppressed ones.
            throw new SendException(lastFailure.failure(), lastFailure.getMessage(), lastFailure.getCause());
        }
    }

    /**
     * Records a failed attempt.
     *
     * @param now {@link System#nanoTime()} of the attempt
     * @param failure why it failed
     * @return {@code failure}, for throwing
     */
    public SendException failed(long now, SendException failure) {
        lastFailure = failure;
        nextAttemptNanos = now + intervalNanos;
        return failure;
    }

    /** Records a successful connection: the next failure starts a new interval. */
    public void connected() {
        lastFailure = null;
    }
}
