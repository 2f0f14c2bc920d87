package io.github.systemd4j.socket.internal;

import io.github.systemd4j.socket.SendException;
import io.github.systemd4j.socket.SendFailure;
import io.github.systemd4j.socket.SocketTransport;
import io.github.systemd4j.socket.UnixAddress;

/**
 * The {@link SendException}s every transport throws alike, and the rule that nothing else leaves a
 * sender: an {@link Error} from native code (junixsocket's {@link UnsatisfiedLinkError}, a failed
 * class initialisation) becomes {@link SendFailure#UNSUPPORTED}; only a {@link VirtualMachineError}
 * such as {@link OutOfMemoryError}, which is about the JVM and not the transport, passes through.
 */
public final class Failures {
    private Failures() {}

    /**
     * The failure of a send on a closed sender.
     *
     * @param target the receiving socket
     * @return a {@link SendFailure#CLOSED} exception
     */
    public static SendException closed(UnixAddress target) {
        return new SendException(SendFailure.CLOSED, "sender to " + target + " is closed", null);
    }

    /**
     * The failure of a send in a JVM without a usable transport.
     *
     * @param target the receiving socket
     * @param status why no transport is usable and what fixes it
     * @return a {@link SendFailure#UNSUPPORTED} exception
     */
    public static SendException unsupported(UnixAddress target, String status) {
        return new SendException(SendFailure.UNSUPPORTED, "cannot send to " + target + ": " + status, null);
    }

    /**
     * Turns whatever a transport threw unexpectedly into a {@link SendException}.
     *
     * @param error what was thrown
     * @param target the receiving socket
     * @param action what failed, such as {@code "sending to"}
     * @return {@link SendFailure#UNSUPPORTED} for a {@link LinkageError}, else {@link SendFailure#OTHER}
     * @throws VirtualMachineError rethrown as it is
     */
    public static SendException unexpected(Throwable error, UnixAddress target, String action) {
        if (error instanceof VirtualMachineError) {
            throw (VirtualMachineError) error;
        }
        if (error instanceof LinkageError) {
            return new SendException(
                    SendFailure.UNSUPPORTED,
                    action + " " + target + " failed: the native transport is not usable (" + error + "); "
                            + SocketTransport.current().status(),
                    error);
        }
        return new SendException(SendFailure.OTHER, action + " " + target + " failed: " + error, error);
    }
}
