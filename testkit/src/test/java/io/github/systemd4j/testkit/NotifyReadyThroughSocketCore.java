package io.github.systemd4j.testkit;

import io.github.systemd4j.socket.DatagramSender;
import io.github.systemd4j.socket.SenderOptions;
import io.github.systemd4j.socket.UnixAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A main class for the container tests: sends {@code READY=1} through socket-core (its FFM transport
 * on Java 22+, a restricted method), then prints {@code done} to standard error, after anything the
 * JVM itself printed there.
 */
public final class NotifyReadyThroughSocketCore {
    private NotifyReadyThroughSocketCore() {}

    public static void main(String[] args) throws Exception {
        try (DatagramSender sender =
                DatagramSender.open(UnixAddress.parse(System.getenv("NOTIFY_SOCKET")), SenderOptions.defaults())) {
            sender.send(ByteBuffer.wrap("READY=1".getBytes(StandardCharsets.UTF_8)));
        }
        System.err.println("done");
    }
}
