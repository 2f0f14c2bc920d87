package io.github.systemd4j.journal;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.systemd4j.testkit.FakeJournald;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a {@link FakeJournald} right after a client passed it a file descriptor: junixsocket
 * closes the descriptors a socket received with the socket, under locks that closing one of them
 * on the receive thread took in the other order. That deadlocked about once in 5,000 closes on
 * JDK 25, so the test closes many times; it cannot prove the absence of the race, only fail when a
 * close hangs.
 */
class FakeJournaldCloseTest {

    private static final int ROUNDS = 1000;

    @TempDir
    Path dir;

    @Test
    void closingRightAfterAPassedFileNeverHangs() {
        // Over the datagram limit, so the entry travels as a passed descriptor.
        String large = "x".repeat(300 * 1024);
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            for (int i = 0; i < ROUNDS; i++) {
                FakeJournald journald = FakeJournald.start(Files.createTempDirectory(dir, "round"));
                try (JournalClient client = JournalClient.builder()
                        .socketPath(journald.socketPath())
                        .build()) {
                    client.send(client.entry().message(large));
                }
                journald.close();
            }
        });
    }
}
