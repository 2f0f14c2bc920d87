package io.github.systemd4j.socket;

import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.systemd4j.socket.internal.FfmTransport;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;

/**
 * The pipe contract on the FFM transport, whose write end the FFM sender passes. It exists only in the
 * packaged jar's Java 22 classes, hence a failsafe test, which the build runs on JDK 25 only.
 */
class FfmHangupPipeIT extends HangupPipeContract {
    @BeforeEach
    void ffmIsUsable() {
        assertNull(FfmTransport.INSTANCE.unusableReason());
    }

    @Override
    HangupPipe openPipe() throws IOException {
        return FfmTransport.INSTANCE.openHangupPipe();
    }

    @Override
    DatagramSender openSender(UnixAddress target) {
        return FfmTransport.INSTANCE.openSender(target, SenderOptions.defaults());
    }
}
