package io.github.systemd4j.socket.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A socket descriptor shared by sending threads and closed only when the last of them is done with
 * it. Closing a descriptor another thread is still sending on would let the kernel hand its number to
 * the next {@code open}, and that thread's datagram would go to a stranger's file.
 */
final class NativeSocket {
    /** Set in {@link #state} once closing was asked for; the rest of the bits count the users. */
    private static final int CLOSING = Integer.MIN_VALUE;

    final int fd;
    private final AtomicInteger state = new AtomicInteger();

    NativeSocket(int fd) {
        this.fd = fd;
    }

    /**
     * Starts using the descriptor.
     *
     * @return false if it is being closed; then do not use it
     */
    boolean acquire() {
        while (true) {
            int s = state.get();
            if (s < 0) {
                return false;
            }
            if (state.compareAndSet(s, s + 1)) {
                return true;
            }
        }
    }

    /** Ends one {@link #acquire}; closes the descriptor if it was the last use after {@link #close()}. */
    void release() {
        if (state.decrementAndGet() == CLOSING) {
            Libc.close(fd);
        }
    }

    /** Closes the descriptor now, or when the last user releases it. Idempotent. */
    void close() {
        while (true) {
            int s = state.get();
            if (s < 0) {
                return;
            }
            if (state.compareAndSet(s, s | CLOSING)) {
                if (s == 0) {
                    Libc.close(fd);
                }
                return;
            }
        }
    }
}
