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
            unusableReason = probe();
        }
        return unusableReason;
    }

    private String probe() {
        try {
            if (AFSocket.isSupported()) {
                version = " " + AFSocket.getVersion();
                return null;
            }
            AFSocket.ensureSupported();
            return "junixsocket says it is unsupported here";
        } catch (RuntimeException | LinkageError e) {
            // ensureSupported() carries the load failure as its cause.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "could not load its native library (" + cause + "); " + fixFor(cause);
        }
    }

    private static String fixFor(Throwable loadFailure) {
        if (mentions(loadFailure, IllegalCallerException.class)) {
            return NATIVE_ACCESS_FIX;
        }
        String fix = HARDENED_UNIT_FIX;
        if (Runtime.version().feature() < 22) {
            fix += ", or run on Java 22+, whose FFM transport needs no library file";
        }
        return fix;
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
