package io.github.systemd4j.socket.internal;

import io.github.systemd4j.socket.DatagramSender;
import io.github.systemd4j.socket.HangupPipe;
import io.github.systemd4j.socket.SenderOptions;
import io.github.systemd4j.socket.UnixAddress;
import java.io.IOException;
import org.newsclub.net.unix.AFSocket;

/**
 * The junixsocket transport. junixsocket extracts its JNI library into a temporary directory and
 * loads it on first use; where that directory is not executable (hardened units: {@code
 * NoExecPaths=}, {@code ReadOnlyPaths=/}) loading fails, junixsocket only prints the error, and every
 * later native call throws {@link UnsatisfiedLinkError}. So availability is asked up front with
 * {@link AFSocket#isSupported()}.
 */
public final class JunixsocketTransport implements Transport {
    /** The one instance. */
    public static final JunixsocketTransport INSTANCE = new JunixsocketTransport();

    /** What makes junixsocket load under a hardened unit. */
    public static final String HARDENED_UNIT_FIX = "give it an executable directory, for example RuntimeDirectory=app"
            + " and ExecPaths=/run/app in the unit with -Dorg.newsclub.net.unix.library.tmpdir=/run/app"
            + " (or point -Dorg.newsclub.net.unix.library.override= at an installed libjunixsocket .so)";

    /** What makes junixsocket load where the JVM denies native access. */
    public static final String NATIVE_ACCESS_FIX = "start the JVM with --enable-native-access=ALL-UNNAMED";

    /** Why the library is not usable, with the fix; null when it is. */
    private String libraryProblem;
    /** {@link #libraryProblem}, plus for sending the way out through Java 22+. */
    private String unusableReason;

    private String version = "";
    private boolean probed;

    private JunixsocketTransport() {}

    @Override
    public String name() {
        return "junixsocket";
    }

    @Override
    public String description() {
        unusableReason();
        return "junixsocket" + version + " (JNI)";
    }

    @Override
    public synchronized String unusableReason() {
        if (!probed) {
            probed = true;
            probe();
        }
        return unusableReason;
    }

    /**
     * Checks that junixsocket's library is loaded, for what needs it on every Java version: turning a
     * descriptor number into a {@link java.io.FileDescriptor} or channel, which the JDK has no API for
     * (socket activation, the fd store, {@link io.github.systemd4j.socket.DatagramReceiver}). The first
     * call may load the library.
     *
     * @param action what needs it, for the message, such as {@code "adopting descriptor 3"}
     * @throws IOException naming why the library is not usable and what fixes it
     */
    public static void requireLibrary(String action) throws IOException {
        String problem = INSTANCE.libraryProblem();
        if (problem != null) {
            throw new IOException(action
                    + " needs junixsocket's native library on every Java version, which is not usable: " + problem);
        }
    }

    /** {@link #unusableReason()} without the hint that Java 22+ needs no library, for what needs it anyway. */
    private synchronized String libraryProblem() {
        unusableReason();
        return libraryProblem;
    }

    private void probe() {
        try {
            if (AFSocket.isSupported()) {
                version = " " + AFSocket.getVersion();
                return;
            }
            AFSocket.ensureSupported();
            libraryProblem = "junixsocket says it is unsupported here";
            unusableReason = libraryProblem;
        } catch (RuntimeException | LinkageError e) {
            // ensureSupported() carries the load failure as its cause.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (mentions(cause, IllegalCallerException.class)) {
                libraryProblem = "could not load its native library (" + cause + "); " + NATIVE_ACCESS_FIX;
                unusableReason = libraryProblem;
            } else {
                libraryProblem = "could not load its native library (" + cause + "); " + HARDENED_UNIT_FIX;
                // Sending has another way out, which socket activation and the fd store do not.
                unusableReason = Runtime.version().feature() < 22
                        ? libraryProblem + ", or run on Java 22+, whose FFM transport needs no library file"
                        : libraryProblem;
            }
        }
    }

    /** Whether the failure or one of the attempts it collected (junixsocket tries several) is of a type. */
    private static boolean mentions(Throwable failure, Class<? extends Throwable> type) {
        if (type.isInstance(failure)) {
            return true;
        }
        for (Throwable attempt : failure.getSuppressed()) {
            if (type.isInstance(attempt)) {
                return true;
            }
        }
        return failure.getCause() != null && failure.getCause() != failure && mentions(failure.getCause(), type);
    }

    @Override
    public DatagramSender openSender(UnixAddress target, SenderOptions options) {
        return new JunixsocketDatagramSender(target, options);
    }

    @Override
    public HangupPipe openHangupPipe() throws IOException {
        return JunixsocketHangupPipe.open();
    }
}
