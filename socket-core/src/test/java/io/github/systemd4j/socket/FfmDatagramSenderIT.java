package io.github.systemd4j.socket;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.systemd4j.socket.internal.FfmTransport;
import org.junit.jupiter.api.BeforeEach;

/**
 * The contract on the FFM transport. It exists only in the packaged jar's Java 22 classes, hence a
 * failsafe test; on Java 17 to 21 it is skipped, on 22+ it must be usable.
 */
class FfmDatagramSenderIT extends DatagramSenderContract {
    // Per test, not per class: surefire reports each as skipped with this reason.
    @BeforeEach
    void ffmExistsOnJava22() {
        assumeTrue(Runtime.version().feature() >= 22, "the FFM transport needs Java 22+");
        assertNull(FfmTransport.INSTANCE.unusableReason());
    }

    @Override
    DatagramSender open(UnixAddress target, SenderOptions options) {
        return FfmTransport.INSTANCE.openSender(target, options);
    }
}
