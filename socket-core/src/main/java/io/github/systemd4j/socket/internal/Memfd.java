package io.github.systemd4j.socket.internal;

import io.github.systemd4j.socket.PayloadFile;
import java.nio.ByteBuffer;

/**
 * Sealed memfds. This is the Java 17 version: memfd_create needs the FFM API, which the Java 22+
 * version of this class (in {@code META-INF/versions/22}) uses.
 */
public final class Memfd {
    private Memfd() {}

    /**
     * Whether sealed memfds can be created here.
     *
     * @return false before Java 22
     */
    public static boolean isSupported() {
        return false;
    }

    /**
     * Why memfds cannot be created, for diagnostics.
     *
     * @return the reason, or null when supported
     */
    public static String unsupportedReason() {
        return "memfd_create needs Java 22+ (FFM API)";
    }

    /**
     * Creates a sealed memfd holding the payload.
     *
     * @param contents the payload (position unchanged)
     * @return null: not available before Java 22
     */
    public static PayloadFile tryCreate(ByteBuffer contents) {
        return null;
    }
}
