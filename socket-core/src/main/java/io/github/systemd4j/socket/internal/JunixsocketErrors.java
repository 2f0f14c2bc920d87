package io.github.systemd4j.socket.internal;

import io.github.systemd4j.socket.SendException;
import io.github.systemd4j.socket.SendFailure;
import io.github.systemd4j.socket.UnixAddress;
import java.io.FileNotFoundException;
import java.net.SocketTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import org.newsclub.net.unix.BrokenPipeSocketException;
import org.newsclub.net.unix.ConnectionRefusedSocketException;
import org.newsclub.net.unix.ConnectionResetSocketException;
import org.newsclub.net.unix.NotConnectedSocketException;

/**
 * Maps the exceptions junixsocket throws to a {@link SendFailure} ({@link Failures} handles errors).
 * junixsocket has exception types for some errnos and reports the others as a {@code SocketException}
 * carrying glibc's {@code strerror} text, which is stable and what we match on.
 */
final class JunixsocketErrors {
    private JunixsocketErrors() {}

    static SendException of(Exception error, UnixAddress target, String action) {
        SendFailure failure = classify(error);
        String detail = error.getMessage() == null ? error.getClass().getName() : error.getMessage();
        return new SendException(failure, action + " " + target + " failed: " + failure + ": " + detail, error);
    }

    static SendFailure classify(Exception e) {
        if (e instanceof ConnectionRefusedSocketException) {
            return SendFailure.REFUSED;
        }
        if (e instanceof FileNotFoundException || e instanceof NoSuchFileException) {
            return SendFailure.NOT_FOUND;
        }
        if (e instanceof SocketTimeoutException) {
            return SendFailure.WOULD_BLOCK;
        }
        if (e instanceof AsynchronousCloseException) {
            return SendFailure.CLOSED;
        }
        if (e instanceof NotConnectedSocketException
                || e instanceof BrokenPipeSocketException
                || e instanceof ConnectionResetSocketException
                || e instanceof ClosedChannelException) {
            // The connected peer went away (junixsocket closes our descriptor then): reconnect.
            return SendFailure.REFUSED;
        }
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (message.contains("no such file or directory")) {
            return SendFailure.NOT_FOUND;
        }
        if (message.contains("connection refused")) {
            return SendFailure.REFUSED;
        }
        if (message.contains("message too long")
                || message.contains("no buffer space")
                || message.contains("cannot allocate memory")) {
            return SendFailure.TOO_LARGE;
        }
        if (message.contains("resource temporarily unavailable")) {
            return SendFailure.WOULD_BLOCK;
        }
        return SendFailure.OTHER;
    }
}
