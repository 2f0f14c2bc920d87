package io.github.systemd4j.socket.internal;

import io.github.systemd4j.socket.DatagramSender;
import io.github.systemd4j.socket.HangupPipe;
import io.github.systemd4j.socket.SenderOptions;
import io.github.systemd4j.socket.UnixAddress;
import java.io.IOException;

/**
 * The FFM transport (Java 22+): libc's socket calls through {@code java.lang.foreign}. It writes no
 * file and loads no library, so it works where junixsocket's library cannot be extracted and loaded;
 * it needs native access, which the JVM grants by default with a warning (JDK 24+) unless {@code
 * --illegal-native-access=deny}.
 */
public final class FfmTransport implements Transport {
    /** The one instance. */
    public static final FfmTransport INSTANCE = new FfmTransport();

    private FfmTransport() {}

    @Override
    public String name() {
        return "ffm";
    }

    @Override
    public String description() {
        return "ffm (java.lang.foreign, Java " + Runtime.version().feature() + ")";
    }

    @Override
    public String unusableReason() {
        try {
            return Libc.unusableReason();
        } catch (LinkageError e) {
            // Libc failed to initialise (a platform without FFM support): say so, do not throw.
            return "the FFM API could not be initialised: " + e;
        }
    }

    /**
     * Whether the downcalls work, without ever throwing.
     *
     * @return true when usable
     */
    static boolean isUsable() {
        return INSTANCE.unusableReason() == null;
    }

    @Override
    public DatagramSender openSender(UnixAddress target, SenderOptions options) {
        return new FfmDatagramSender(target, options);
    }

    @Override
    public HangupPipe openHangupPipe() throws IOException {
        try {
            return FfmHangupPipe.open();
        } catch (RuntimeException | LinkageError e) {
            throw new IOException("cannot create a pipe through FFM: " + e, e);
        }
    }
}
