package io.github.systemd4j.socket;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatagramReceiverTest {
    @TempDir
    Path dir;

    @Test
    void receiveTimesOutWithNull() throws IOException {
        try (DatagramReceiver receiver = DatagramReceiver.bind(UnixAddress.ofPath(dir.resolve("quiet")))) {
            assertNull(receiver.receive(Duration.ofMillis(20)));
        }
    }
}
