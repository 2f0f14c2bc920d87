package io.github.systemd4j.socket;

import io.github.systemd4j.socket.internal.FfmTransport;
import io.github.systemd4j.socket.internal.JunixsocketTransport;
import io.github.systemd4j.socket.internal.Transport;
import io.github.systemd4j.socket.internal.UnusableDatagramSender;
import java.io.IOException;
import java.util.Locale;

/**
 * Which native transport this JVM uses for AF_UNIX datagrams, whether it works, and why. Chosen once,
 * on first use:
 *
 * <ul>
 *   <li>{@code ffm} on Java 22+: downcalls to libc through {@code java.lang.foreign}; writes no file,
 *       loads no library. Needs native access: without {@code --enable-native-access=ALL-UNNAMED} (or
 *       {@code =io.github.systemd4j.socket} on the module path) JDK 24+ prints a warning, and with
 *       {@code --illegal-native-access=deny} it is refused.
 *   <li>{@code junixsocket} on Java 17 to 21, and on 22+ when FFM is refused: its JNI library is
 *       extracted to a temporary directory, which must allow execution.
 * </ul>
 *
 * <p>The system property {@value #PROPERTY} ({@code auto}, {@code ffm} or {@code junixsocket}) forces
 * one; a forced transport that cannot work is not replaced by the other.
 *
 * <p>The transport also makes the {@link HangupPipe}s. When no transport works, {@link
 * DatagramSender#open} still succeeds, but every send fails with {@link SendFailure#UNSUPPORTED}, and
 * {@link HangupPipe#open()} throws an {@link java.io.IOException} with the same status. Adapters report {@link #status()} once at start.
 *
 * <pre>{@code
 * SocketTransport transport = SocketTransport.current();
 * if (!transport.isUsable()) {
 *     addWarn(transport.status());   // names the unit-file or JVM option that fixes it
 * }
 * }</pre>
 *
 * @see <a href="https://openjdk.org/jeps/454">JEP 454: Foreign Function &amp; Memory API</a>
 */
public final class SocketTransport {
    /** The system property that forces a transport: {@code auto} (default), {@code ffm} or {@code junixsocket}. */
    public static final String PROPERTY = "systemd4j.socket.transport";

    private static final String NONE = "none";

    private final String name;
    private final Transport transport;
    private final String status;

    private SocketTransport(String name, Transport transport, String status) {
        this.name = name;
        this.transport = transport;
        this.status = status;
    }

    private static final class Current {
        static final SocketTransport INSTANCE =
                choose(System.getProperty(PROPERTY), FfmTransport.INSTANCE, JunixsocketTransport.INSTANCE);
    }

    /**
     * The transport of this JVM. The first call may load native code (junixsocket prints its own error
     * to stderr if that fails); the answer never changes afterwards.
     *
     * @return the transport
     */
    public static SocketTransport current() {
        return Current.INSTANCE;
    }

    static SocketTransport choose(String requested, Transport ffm, Transport junixsocket) {
        String value = requested == null ? "" : requested.trim().toLowerCase(Locale.ROOT);
        if (value.equals(ffm.name()) || value.equals(junixsocket.name())) {
            return forced(value.equals(ffm.name()) ? ffm : junixsocket);
        }
        String note = value.isEmpty() || value.equals("auto")
                ? ""
                : " (unknown -D" + PROPERTY + "=" + requested + " ignored; use auto, ffm or junixsocket)";
        String ffmProblem = ffm.unusableReason();
        if (ffmProblem == null) {
            return new SocketTransport(ffm.name(), ffm, "systemd4j socket transport: " + ffm.description() + note);
        }
        String junixsocketProblem = junixsocket.unusableReason();
        if (junixsocketProblem == null) {
            return new SocketTransport(
                    junixsocket.name(),
                    junixsocket,
                    "systemd4j socket transport: " + junixsocket.description() + "; FFM not used: " + ffmProblem
                            + note);
        }
        return new SocketTransport(
                NONE,
                null,
                "systemd4j socket transport: none usable, nothing can be sent to systemd's sockets. FFM: " + ffmProblem
                        + ". junixsocket: " + junixsocketProblem + note);
    }

    private static SocketTransport forced(Transport transport) {
        String problem = transport.unusableReason();
        String by = " (forced by -D" + PROPERTY + "=" + transport.name() + ")";
        if (problem == null) {
            return new SocketTransport(
                    transport.name(), transport, "systemd4j socket transport: " + transport.description() + by);
        }
        return new SocketTransport(
                transport.name(),
                null,
                "systemd4j socket transport: " + transport.name() + by + " is not usable: " + problem);
    }

    /**
     * The transport's name.
     *
     * @return {@code "ffm"} or {@code "junixsocket"}; the forced one even when it is not usable; {@code
     *     "none"} when neither is usable
     */
    public String name() {
        return name;
    }

    /**
     * Whether datagrams can be sent at all.
     *
     * @return false when every send fails with {@link SendFailure#UNSUPPORTED}
     */
    public boolean isUsable() {
        return transport != null;
    }

    /**
     * One line for a start-up report: the transport in use and why it was chosen, or why none works and
     * what fixes it (a unit-file setting, a JVM option, a newer Java).
     *
     * @return the status line
     */
    public String status() {
        return status;
    }

    DatagramSender open(UnixAddress target, SenderOptions options) {
        return transport != null ? transport.openSender(target, options) : new UnusableDatagramSender(target, status);
    }

    HangupPipe openHangupPipe() throws IOException {
        if (transport == null) {
            throw new IOException("cannot create a barrier pipe: " + status);
        }
        return transport.openHangupPipe();
    }

    @Override
    public String toString() {
        return status;
    }
}
