package io.github.systemd4j.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HangupPipeTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void hangupWhenTheOnlyWriteEndIsClosed() throws IOException {
        try (HangupPipe pipe = HangupPipe.open()) {
            pipe.closeWriteEnd();
            assertTrue(pipe.awaitHangup(Duration.ZERO));
        }
    }

    @Test
    void noHangupWhileThisProcessStillHoldsTheWriteEnd() throws IOException {
        try (HangupPipe pipe = HangupPipe.open()) {
            assertFalse(pipe.awaitHangup(Duration.ZERO));
        }
    }

    @Test
    void hangupWaitsForTheProcessThatReceivedTheWriteEnd() throws IOException {
        UnixAddress address = UnixAddress.ofPath(dir.resolve("manager"));
        try (DatagramReceiver manager = DatagramReceiver.bind(address);
                DatagramSender sender = DatagramSender.open(address, SenderOptions.defaults());
                HangupPipe pipe = HangupPipe.open()) {
            sender.sendWithFileDescriptors(
                    ByteBuffer.wrap("BARRIER=1".getBytes(StandardCharsets.US_ASCII)), pipe.writeEnd());
            pipe.closeWriteEnd();
            ReceivedDatagram barrier = manager.receive(WAIT);
            assertEquals(1, barrier.fileDescriptors().size());
            assertFalse(pipe.awaitHangup(Duration.ZERO), "the receiver still holds a copy");
            barrier.close();
            assertTimeoutPreemptively(WAIT, () -> assertTrue(pipe.awaitHangup(WAIT)));
        }
    }
}
