package io.github.systemd4j.socket.internal;

import io.github.systemd4j.socket.DatagramSender;
import io.github.systemd4j.socket.HangupPipe;
import io.github.systemd4j.socket.SenderOptions;
import io.github.systemd4j.socket.UnixAddress;
import java.io.IOException;

/**
 * A way to reach AF_UNIX datagram sockets and make barrier pipes: the FFM downcalls (Java 22+) or
 * junixsocket's JNI library.
 */
public interface Transport {
    /**
     * The name used in {@code -Dsystemd4j.socket.transport=}.
     *
     * @return {@code "ffm"} or {@code "junixsocket"}
     */
    String name();

    /**
     * The name with what it runs on, for status messages.
     *
     * @return for example {@code "junixsocket 2.11.1 (JNI)"}
     */
    String description();

    /**
     * Why this transport cannot work in this JVM. The first call may load native code; the answer is
     * then fixed for the life of the JVM.
     *
     * @return null when usable, else the reason and what fixes it
     */
    String unusableReason();

    /**
     * Opens a sender; only called when {@link #unusableReason()} is null.
     *
     * @param target the receiving socket
     * @param options timeouts and buffer sizes
     * @return a new sender
     */
    DatagramSender openSender(UnixAddress target, SenderOptions options);

    /**
     * Creates a pipe for {@code sd_notify_barrier}; only called when {@link #unusableReason()} is null.
     * Its write end can be passed by this transport's senders.
     *
     * @return the open pipe
     * @throws IOException if it cannot be created
     */
    HangupPipe openHangupPipe() throws IOException;
}
