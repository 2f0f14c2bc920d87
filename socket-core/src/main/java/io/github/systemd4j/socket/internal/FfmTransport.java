package io.github.systemd4j.socket.internal;

import io.github.systemd4j.socket.DatagramSender;
import io.github.systemd4j.socket.HangupPipe;
import io.github.systemd4j.socket.SenderOptions;
import io.github.systemd4j.socket.UnixAddress;

/**
 * The FFM transport as seen from Java 17 to 21: not available. The real one is the Java 22+ version
 * of this class in the jar's multi-release classes ({@code META-INF/versions/22}).
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
        return "ffm (java.lang.foreign)";
    }

    @Override
    public String unusableReason() {
        int feature = Runtime.version().feature();
        if (feature >= 22) {
            // Multi-release classes are only used from a jar whose manifest says Multi-Release: true.
            return "Java " + feature + " runs socket-core's Java 17 classes: its Java 22 classes are used only"
                    + " from the original multi-release jar (not from a class directory or a jar repackaged"
                    + " without Multi-Release: true)";
        }
        return "needs Java 22+ (java.lang.foreign); this is Java " + feature;
    }

    @Override
    public DatagramSender openSender(UnixAddress target, SenderOptions options) {
        throw new IllegalStateException(unusableReason());
    }

    @Override
    public HangupPipe openHangupPipe() {
        throw new IllegalStateException(unusableReason());
    }
}
