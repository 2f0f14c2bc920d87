package io.github.systemd4j.socket.internal;

import io.github.systemd4j.socket.SendException;
import io.github.systemd4j.socket.SendFailure;
import io.github.systemd4j.socket.UnixAddress;

/**
 * The {@code errno} values a datagram send can report on Linux (the generic numbering that x86_64,
 * aarch64, riscv64 and s390x share), their names, and what each means for a {@link SendFailure}.
 *
 * @see <a href="https://man7.org/linux/man-pages/man2/sendmsg.2.html">sendmsg(2)</a>
 * @see <a href="https://man7.org/linux/man-pages/man7/unix.7.html">unix(7)</a>
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EINVAL = 22;
    public static final int EMFILE = 24;
    public static final int EPIPE = 32;
    public static final int ENOTSOCK = 88;
    public static final int EMSGSIZE = 90;
    public static final int ECONNRESET = 104;
    public static final int ENOBUFS = 105;
    public static final int ENOTCONN = 107;
    public static final int ECONNREFUSED = 111;

    private Errno() {}

    /**
     * What an errno from {@code connect}, {@code send} or {@code sendmsg} means for the caller.
     *
     * @param errno the error number
     * @return {@code ENOENT} → NOT_FOUND, {@code ECONNREFUSED} → REFUSED, {@code EMSGSIZE} and {@code
     *     ENOBUFS} → TOO_LARGE, {@code EAGAIN} (queue full, also when {@code SO_SNDTIMEO} expired) →
     *     WOULD_BLOCK, anything else → OTHER
     */
    public static SendFailure classify(int errno) {
        switch (errno) {
            case ENOENT:
                return SendFailure.NOT_FOUND;
            case ECONNREFUSED:
                return SendFailure.REFUSED;
            case EMSGSIZE:
            case ENOBUFS:
                return SendFailure.TOO_LARGE;
            case EAGAIN:
                return SendFailure.WOULD_BLOCK;
            default:
                return SendFailure.OTHER;
        }
    }

    /**
     * The exception for a failed system call.
     *
     * @param errno the error number
     * @param target the receiving socket
     * @param action what failed, such as {@code "sending 290 bytes to"}
     * @return an exception whose failure is {@link #classify(int)} and whose message names the errno
     */
    public static SendException exception(int errno, UnixAddress target, String action) {
        SendFailure failure = classify(errno);
        return new SendException(failure, action + " " + target + " failed: " + failure + ": " + describe(errno), null);
    }

    /**
     * Whether a send on a connected socket failed because the peer went away: the kernel says {@code
     * ECONNREFUSED} once after the receiver closed its socket and {@code ENOTCONN} after that; {@code
     * EPIPE} and {@code ECONNRESET} when it shut down. A new connection may reach a restarted receiver.
     *
     * @param errno the error number of the failed send
     * @return true if reconnecting makes sense
     */
    public static boolean isPeerGone(int errno) {
        return errno == ECONNREFUSED || errno == ENOTCONN || errno == EPIPE || errno == ECONNRESET;
    }

    /**
     * A name for messages.
     *
     * @param errno the error number
     * @return for example {@code "ECONNREFUSED (111)"}, or {@code "errno 200"} for numbers not listed here
     */
    public static String describe(int errno) {
        String name = name(errno);
        return name == null ? "errno " + errno : name + " (" + errno + ")";
    }

    private static String name(int errno) {
        switch (errno) {
            case EPERM:
                return "EPERM";
            case ENOENT:
                return "ENOENT";
            case EINTR:
                return "EINTR";
            case EBADF:
                return "EBADF";
            case EAGAIN:
                return "EAGAIN";
            case ENOMEM:
                return "ENOMEM";
            case EACCES:
                return "EACCES";
            case EINVAL:
                return "EINVAL";
            case EMFILE:
                return "EMFILE";
            case EPIPE:
                return "EPIPE";
            case ENOTSOCK:
                return "ENOTSOCK";
            case EMSGSIZE:
                return "EMSGSIZE";
            case ECONNRESET:
                return "ECONNRESET";
            case ENOBUFS:
                return "ENOBUFS";
            case ENOTCONN:
                return "ENOTCONN";
            case ECONNREFUSED:
                return "ECONNREFUSED";
            default:
                return null;
        }
    }
}
