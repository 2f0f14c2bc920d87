package io.github.systemd4j.socket;

import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.systemd4j.socket.internal.FfmTransport;
import org.junit.jupiter.api.BeforeEach;

/**
 * The contract on the FFM transport. It exists only in the packaged jar's Java 22 classes, hence a
 * failsafe test, which the build runs on JDK 25 only; there it must be usable.
 */
class FfmDatagramSenderIT extends DatagramSenderContract {
    @BeforeEach
    void ffmIsUsable() {
        assertNull(FfmTransport.INSTANCE.unusableReason());
    }

    @Override
    DatagramSender open(UnixAddress target, SenderOptions options) {
        return FfmTransport.INSTANCE.openSender(target, options);
    }
}
