package io.github.systemd4j.socket.internal;

import io.github.systemd4j.socket.SendException;
import io.github.systemd4j.socket.SendFailure;
import io.github.systemd4j.socket.UnixAddress;
import java.io.FileNotFoundException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetConnectedException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import org.newsclub.net.unix.BrokenPipeSocketException;
import org.newsclub.net.unix.ConnectionRefusedSocketException;
import org.newsclub.net.unix.ConnectionResetSocketException;
import org.newsclub.net.unix.NotConnectedSocketException;
import org.newsclub.net.unix.SocketClosedException;

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
        if (e instanceof ClosedByInterruptException) {
            // The JDK closed the channel because the sending thread was interrupted; sending again from
            // this thread would be interrupted again. CLOSED is for a sender its user closed.
            return SendFailure.OTHER;
        }
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (e instanceof NotConnectedSocketException
                || e instanceof NotYetConnectedException
                || e instanceof BrokenPipeSocketException
                || e instanceof ConnectionResetSocketException
                || e instanceof SocketClosedException
                || e instanceof ClosedChannelException
                || message.contains("bad file descriptor")
                || message.contains("socket is closed")) {
            // The connected peer went away: reconnect. junixsocket closes the descriptor itself on
            // ECONNREFUSED, ENOTCONN and ECONNRESET, so of several threads sending on one channel only
            // the first sees ECONNREFUSED and the others fail in these ways, AsynchronousCloseException
            // included. A sender its user closed is told apart before this, by its closed flag.
            return SendFailure.REFUSED;
        }
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
