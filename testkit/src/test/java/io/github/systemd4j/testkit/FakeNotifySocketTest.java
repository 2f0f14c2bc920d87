package io.github.systemd4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.socket.DatagramSender;
import io.github.systemd4j.socket.HangupPipe;
import io.github.systemd4j.socket.SenderOptions;
import io.github.systemd4j.socket.UnixAddress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fake's record of datagrams and its knowledge of what the service manager ignores. */
class FakeNotifySocketTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private static void send(FakeNotifySocket fake, byte[] payload) throws IOException {
        try (DatagramSender sender = DatagramSender.open(UnixAddress.parse(fake.address()), SenderOptions.defaults())) {
            sender.send(ByteBuffer.wrap(payload));
        }
    }

    /** The problems one datagram causes. */
    private List<String> problemsOf(String text) throws IOException {
        try (FakeNotifySocket fake = FakeNotifySocket.start(dir)) {
            send(fake, text.getBytes(StandardCharsets.UTF_8));
            fake.awaitDatagrams(1, WAIT);
            return fake.problems();
        }
    }

    @Test
    void recordsAssignmentsAsTheManagerSplitsThem() throws IOException {
        try (FakeNotifySocket fake = FakeNotifySocket.start(dir)) {
            assertEquals(dir.resolve("notify").toString(), fake.address());
            send(fake, "READY=1\n\nSTATUS=a=b\n".getBytes(StandardCharsets.UTF_8));
            NotifyDatagram d = fake.awaitDatagrams(1, WAIT).get(0);
            assertEquals(List.of("READY=1", "STATUS=a=b"), d.assignments());
            assertEquals(Optional.of("a=b"), d.get("STATUS"));
            assertTrue(d.has("READY=1"));
            assertEquals(List.of(), fake.problems());
        }
    }

    @Test
    void abstractAddressesStartWithAt() throws IOException {
        try (FakeNotifySocket fake = FakeNotifySocket.startAbstract()) {
            assertTrue(fake.address().startsWith("@systemd4j-notify-"));
            send(fake, "READY=1".getBytes(StandardCharsets.US_ASCII));
            assertEquals("READY=1", fake.awaitDatagrams(1, WAIT).get(0).text());
        }
    }

    @Test
    void knowsWhatTheManagerIgnores() throws IOException {
        assertTrue(problemsOf("STATUS=" + "x".repeat(4090)).get(0).contains("over 4096"));
        assertTrue(problemsOf("READY=1\0").isEmpty(), "one trailing NUL is tolerated");
        assertTrue(problemsOf("READY=1\0STATUS=x").get(0).contains("NUL"));
        assertTrue(problemsOf("READY=true").get(0).contains("matches exactly"));
        assertTrue(problemsOf("STATUS=a\nSTATUS=b").get(0).contains("more than once"));
        assertTrue(problemsOf("READY=1\r\nSTATUS=x").get(0).contains("carriage return"));
        assertTrue(problemsOf("BARRIER=1").get(0).contains("exactly one descriptor"));
        assertTrue(problemsOf("FDSTORE=1").get(0).contains("without descriptors"));
        assertTrue(problemsOf("junk").get(0).contains("without KEY="));
    }

    @Test
    void invalidUtf8IsReported() throws IOException {
        try (FakeNotifySocket fake = FakeNotifySocket.start(dir)) {
            send(fake, new byte[] {'S', 'T', 'A', 'T', 'U', 'S', '=', (byte) 0xC3});
            fake.awaitDatagrams(1, WAIT);
            assertTrue(fake.problems().get(0).contains("UTF-8"));
        }
    }

    @Test
    void closesABarriersDescriptorAtOnceUnlessHolding() throws IOException {
        try (FakeNotifySocket fake = FakeNotifySocket.start(dir);
                DatagramSender sender =
                        DatagramSender.open(UnixAddress.parse(fake.address()), SenderOptions.defaults())) {
            fake.holdBarriers(true);
            try (HangupPipe pipe = HangupPipe.open()) {
                sender.sendWithFileDescriptors(
                        ByteBuffer.wrap("BARRIER=1".getBytes(StandardCharsets.US_ASCII)), pipe.writeEnd());
                pipe.closeWriteEnd();
                fake.awaitDatagrams(1, WAIT);
                assertEquals(false, pipe.awaitHangup(Duration.ZERO), "held");
                fake.holdBarriers(false);
                assertTrue(pipe.awaitHangup(WAIT), "released");
            }
            try (HangupPipe pipe = HangupPipe.open()) {
                sender.sendWithFileDescriptors(
                        ByteBuffer.wrap("BARRIER=1".getBytes(StandardCharsets.US_ASCII)), pipe.writeEnd());
                pipe.closeWriteEnd();
                assertTrue(pipe.awaitHangup(WAIT), "closed like the manager does");
            }
            assertEquals(List.of(), fake.problems());
        }
    }

    @Test
    void descriptorsWithoutFdStoreAreReported() throws IOException {
        try (FakeNotifySocket fake = FakeNotifySocket.start(dir);
                DatagramSender sender =
                        DatagramSender.open(UnixAddress.parse(fake.address()), SenderOptions.defaults());
                HangupPipe pipe = HangupPipe.open()) {
            sender.sendWithFileDescriptors(
                    ByteBuffer.wrap("STATUS=x".getBytes(StandardCharsets.US_ASCII)), pipe.writeEnd());
            assertEquals(
                    1, fake.awaitDatagrams(1, WAIT).get(0).fileDescriptors().size());
            assertTrue(fake.problems().get(0).contains("without FDSTORE=1"));
        }
    }
}
