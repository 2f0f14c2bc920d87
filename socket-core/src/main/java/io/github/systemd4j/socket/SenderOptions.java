package io.github.systemd4j.socket;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link DatagramSender} behaves. Immutable; start from {@link #defaults()}.
 *
 * <table>
 *   <caption>Options and defaults</caption>
 *   <tr><th>Option</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>{@link #sendTimeout()}</td><td>1 s</td>
 *       <td>Longest a send waits for room in the receiver's queue ({@code SO_SNDTIMEO}); {@link
 *       Duration#ZERO} never waits.</td></tr>
 *   <tr><td>{@link #sendBufferSize()}</td><td>8 MiB</td>
 *       <td>Requested {@code SO_SNDBUF}, as libsystemd asks; the kernel caps it at twice {@code
 *       net.core.wmem_max}.</td></tr>
 *   <tr><td>{@link #reconnectInterval()}</td><td>100 ms</td>
 *       <td>While the receiver is absent, how often a send tries to reach it again; sends in between
 *       fail at once without a system call.</td></tr>
 * </table>
 */
public final class SenderOptions {
    private static final SenderOptions DEFAULTS =
            new SenderOptions(Duration.ofSeconds(1), 8 * 1024 * 1024, Duration.ofMillis(100));

    private final Duration sendTimeout;
    private final int sendBufferSize;
    private final Duration reconnectInterval;

    private SenderOptions(Duration sendTimeout, int sendBufferSize, Duration reconnectInterval) {
        this.sendTimeout = sendTimeout;
        this.sendBufferSize = sendBufferSize;
        this.reconnectInterval = reconnectInterval;
    }

    /**
     * The defaults in the table above.
     *
     * @return the default options
     */
    public static SenderOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The longest one send may block.
     *
     * @return the timeout, {@link Duration#ZERO} for non-blocking sends
     */
    public Duration sendTimeout() {
        return sendTimeout;
    }

    /**
     * The send buffer size requested from the kernel.
     *
     * @return bytes
     */
    public int sendBufferSize() {
        return sendBufferSize;
    }

    /**
     * The minimum time between two attempts to reach an absent receiver.
     *
     * @return the interval
     */
    public Duration reconnectInterval() {
        return reconnectInterval;
    }

    /**
     * Returns a copy with another send timeout.
     *
     * @param timeout zero or positive, at most {@link Integer#MAX_VALUE} milliseconds
     * @return the new options
     * @throws IllegalArgumentException if negative or too long
     */
    public SenderOptions withSendTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("send timeout out of range: " + timeout);
        }
        return new SenderOptions(timeout, sendBufferSize, reconnectInterval);
    }

    /**
     * Returns a copy with another send buffer size.
     *
     * @param bytes positive
     * @return the new options
     * @throws IllegalArgumentException if not positive
     */
    public SenderOptions withSendBufferSize(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("send buffer size must be positive: " + bytes);
        }
        return new SenderOptions(sendTimeout, bytes, reconnectInterval);
    }

    /**
     * Returns a copy with another reconnect interval.
     *
     * @param interval zero (try on every send) or positive
     * @return the new options
     * @throws IllegalArgumentException if negative
     */
    public SenderOptions withReconnectInterval(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("reconnect interval must not be negative: " + interval);
        }
        return new SenderOptions(sendTimeout, sendBufferSize, interval);
    }

    @Override
    public String toString() {
        return "SenderOptions[sendTimeout=" + sendTimeout + ", sendBufferSize=" + sendBufferSize
                + ", reconnectInterval=" + reconnectInterval + "]";
    }
}
