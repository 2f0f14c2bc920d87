package io.github.systemd4j.socket;

import java.io.IOException;

/**
 * A datagram could not be sent; {@link #failure()} says why.
 *
 * <p>The exception carries no stack trace of its own (it is created on hot paths while a receiver is
 * absent); the cause, when there is one, carries the native error's trace.
 */
public final class SendException extends IOException {
    private static final long serialVersionUID = 1L;

    private final SendFailure failure;

    /**
     * Creates an exception.
     *
     * @param failure the classified reason
     * @param message a message naming the target
     * @param cause the underlying error, or null
     */
    public SendException(SendFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    /** No stack trace of our own: these are created on hot paths; the cause has the native one. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    /**
     * The classified reason.
     *
     * @return the reason
     */
    public SendFailure failure() {
        return failure;
    }
}
