package io.github.systemd4j.socket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatagramSenderTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private static ByteBuffer direct(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    }

    @Test
    void sendsOneDatagramByteExact() throws IOException {
        UnixAddress address = UnixAddress.ofPath(dir.resolve("s"));
        try (DatagramReceiver receiver = DatagramReceiver.bind(address);
                DatagramSender sender = DatagramSender.open(address, SenderOptions.defaults())) {
            ByteBuffer data = direct("MESSAGE=hi\nNUL=a\0b\n");
            sender.send(data);
            assertEquals(data.limit(), data.position());
            ReceivedDatagram d = receiver.receive(WAIT);
            assertArrayEquals("MESSAGE=hi\nNUL=a\0b\n".getBytes(StandardCharsets.UTF_8), d.payload());
            assertTrue(d.fileDescriptors().isEmpty());
        }
    }

    @Test
    void reachesAbstractAddressWithUtf8Name() throws IOException {
        UnixAddress address = UnixAddress.ofAbstract("systemd4j-test-ä-" + UUID.randomUUID());
        try (DatagramReceiver receiver = DatagramReceiver.bind(address);
                DatagramSender sender = DatagramSender.open(address, SenderOptions.defaults())) {
            sender.send(ByteBuffer.wrap("READY=1".getBytes(StandardCharsets.US_ASCII)));
            assertArrayEquals(
                    "READY=1".getBytes(StandardCharsets.US_ASCII),
                    receiver.receive(WAIT).payload());
        }
    }

    @Test
    void fileDescriptorTravelsInAZeroByteDatagram() throws IOException {
        UnixAddress address = UnixAddress.ofPath(dir.resolve("s"));
        try (DatagramReceiver receiver = DatagramReceiver.bind(address);
                DatagramSender sender = DatagramSender.open(address, SenderOptions.defaults());
                PayloadFile file = PayloadFile.create(direct("MESSAGE=big\n"))) {
            sender.sendWithFileDescriptors(ByteBuffer.allocate(0), file.fileDescriptor());
            try (ReceivedDatagram d = receiver.receive(WAIT)) {
                assertEquals(0, d.payload().length, "journald drops fd datagrams with any payload byte");
                assertEquals(1, d.fileDescriptors().size());
                assertArrayEquals(
                        "MESSAGE=big\n".getBytes(StandardCharsets.UTF_8),
                        ReceivedDatagram.readFile(d.fileDescriptors().get(0)));
            }
        }
    }

    @Test
    void fileDescriptorsDoNotRideAlongWithLaterDataDatagrams() throws IOException {
        UnixAddress address = UnixAddress.ofPath(dir.resolve("s"));
        try (DatagramReceiver receiver = DatagramReceiver.bind(address);
                DatagramSender sender = DatagramSender.open(address, SenderOptions.defaults());
                PayloadFile file = PayloadFile.create(direct("X=1\n"))) {
            sender.sendWithFileDescriptors(direct("FDSTORE=1"), file.fileDescriptor());
            sender.send(direct("A=1\n"));
            sender.sendWithFileDescriptors(direct("B=1\n"));
            try (ReceivedDatagram first = receiver.receive(WAIT)) {
                assertEquals(1, first.fileDescriptors().size());
            }
            assertTrue(receiver.receive(WAIT).fileDescriptors().isEmpty());
            assertTrue(receiver.receive(WAIT).fileDescriptors().isEmpty());
        }
    }

    @Test
    void emptyDataDatagramIsReallySent() throws IOException {
        UnixAddress address = UnixAddress.ofPath(dir.resolve("s"));
        try (DatagramReceiver receiver = DatagramReceiver.bind(address);
                DatagramSender sender = DatagramSender.open(address, SenderOptions.defaults())) {
            sender.send(ByteBuffer.allocateDirect(0));
            ReceivedDatagram d = receiver.receive(WAIT);
            assertNotNull(d);
            assertEquals(0, d.payload().length);
        }
    }

    @Test
    void missingSocketIsNotFound() {
        UnixAddress address = UnixAddress.ofPath(dir.resolve("absent"));
        try (DatagramSender sender = DatagramSender.open(address, SenderOptions.defaults())) {
            SendException e = assertThrows(SendException.class, () -> sender.send(direct("A=1\n")));
            assertEquals(SendFailure.NOT_FOUND, e.failure());
            assertTrue(e.getMessage().contains(address.toString()), e.getMessage());
        }
    }

    @Test
    void staleSocketFileIsRefused() throws IOException {
        UnixAddress address = UnixAddress.ofPath(dir.resolve("stale"));
        DatagramReceiver.bind(address).close(); // leaves the socket file behind, like a dead journald
        assertTrue(Files.exists(address.path()));
        try (DatagramSender sender = DatagramSender.open(address, SenderOptions.defaults())) {
            SendException e = assertThrows(SendException.class, () -> sender.send(direct("A=1\n")));
            assertEquals(SendFailure.REFUSED, e.failure());
        }
    }

    @Test
    void whileAbsentSendsFailFastThenReachTheReceiverOnceItAppears() throws Exception {
        UnixAddress address = UnixAddress.ofPath(dir.resolve("late"));
        SenderOptions options = SenderOptions.defaults().withReconnectInterval(Duration.ofMillis(50));
        try (DatagramSender sender = DatagramSender.open(address, options)) {
            assertEquals(
                    SendFailure.NOT_FOUND,
                    assertThrows(SendException.class, () -> sender.send(direct("A=1\n")))
                            .failure());
            // Within the interval the failure is repeated without trying again.
            assertEquals(
                    SendFailure.NOT_FOUND,
                    assertThrows(SendException.class, () -> sender.send(direct("A=2\n")))
                            .failure());
            try (DatagramReceiver receiver = DatagramReceiver.bind(address)) {
                assertTimeoutPreemptively(WAIT, () -> {
                    while (true) {
                        try {
                            sender.send(direct("A=3\n"));
                            return;
                        } catch (SendException e) {
                            Thread.sleep(10);
                        }
                    }
                });
                assertArrayEquals(
                        "A=3\n".getBytes(StandardCharsets.US_ASCII),
                        receiver.receive(WAIT).payload());
            }
        }
    }

    @Test
    void reconnectsAtOnceWhenTheReceiverIsReplaced() throws IOException {
        UnixAddress address = UnixAddress.ofPath(dir.resolve("restart"));
        try (DatagramSender sender = DatagramSender.open(address, SenderOptions.defaults())) {
            try (DatagramReceiver first = DatagramReceiver.bind(address)) {
                sender.send(direct("N=1\n"));
                assertNotNull(first.receive(WAIT));
            }
            Files.delete(address.path());
            try (DatagramReceiver second = DatagramReceiver.bind(address)) {
                sender.send(direct("N=2\n")); // no exception: the sender reconnected within this call
                assertArrayEquals(
                        "N=2\n".getBytes(StandardCharsets.US_ASCII),
                        second.receive(WAIT).payload());
            }
        }
    }

    @Test
    void fullQueueFailsWithWouldBlockAfterTheTimeout() throws IOException {
        UnixAddress address = UnixAddress.ofPath(dir.resolve("full"));
        SenderOptions options = SenderOptions.defaults().withSendTimeout(Duration.ofMillis(100));
        try (DatagramReceiver receiver = DatagramReceiver.bind(address);
                DatagramSender sender = DatagramSender.open(address, options)) {
            // The receiver never reads; its queue holds net.unix.max_dgram_qlen + 1 datagrams.
            SendException e = assertTimeoutPreemptively(WAIT, () -> sendUntilRefused(sender));
            assertNotNull(e, "the queue never filled up");
            assertEquals(SendFailure.WOULD_BLOCK, e.failure());
        }
    }

    @Test
    void zeroTimeoutNeverBlocks() throws IOException {
        UnixAddress address = UnixAddress.ofPath(dir.resolve("nb"));
        SenderOptions options = SenderOptions.defaults().withSendTimeout(Duration.ZERO);
        try (DatagramReceiver receiver = DatagramReceiver.bind(address);
                DatagramSender sender = DatagramSender.open(address, options)) {
            SendException e = assertTimeoutPreemptively(WAIT, () -> sendUntilRefused(sender));
            assertNotNull(e);
            assertEquals(SendFailure.WOULD_BLOCK, e.failure());
        }
    }

    private static SendException sendUntilRefused(DatagramSender sender) {
        for (int i = 0; i < 100_000; i++) {
            try {
                sender.send(direct("N=" + i + "\n"));
            } catch (SendException full) {
                return full;
            }
        }
        return null;
    }

    @Test
    void datagramAboveTheSendBufferIsTooLarge() throws IOException {
        UnixAddress address = UnixAddress.ofPath(dir.resolve("big"));
        SenderOptions options = SenderOptions.defaults().withSendBufferSize(64 * 1024);
        try (DatagramReceiver receiver = DatagramReceiver.bind(address);
                DatagramSender sender = DatagramSender.open(address, options)) {
            int max = sender.maxDatagramSize();
            assertTrue(max > 0 && max < 1024 * 1024, "max datagram " + max);
            SendException e =
                    assertThrows(SendException.class, () -> sender.send(ByteBuffer.allocateDirect(max + 1024)));
            assertEquals(SendFailure.TOO_LARGE, e.failure());
            sender.send(ByteBuffer.allocateDirect(max));
            assertEquals(max, receiver.receive(WAIT).payload().length);
        }
    }

    @Test
    void datagramAboveTheKernelCeilingIsTooLarge() throws IOException {
        UnixAddress address = UnixAddress.ofPath(dir.resolve("huge"));
        try (DatagramReceiver receiver = DatagramReceiver.bind(address);
                DatagramSender sender = DatagramSender.open(address, SenderOptions.defaults())) {
            assertTrue(sender.maxDatagramSize() <= 4 * 1024 * 1024);
            SendException e =
                    assertThrows(SendException.class, () -> sender.send(ByteBuffer.allocateDirect(5 * 1024 * 1024)));
            assertEquals(SendFailure.TOO_LARGE, e.failure());
        }
    }

    @Test
    void closedSenderSaysSo() {
        DatagramSender sender = DatagramSender.open(UnixAddress.ofPath(dir.resolve("x")), SenderOptions.defaults());
        sender.close();
        assertEquals(
                SendFailure.CLOSED,
                assertThrows(SendException.class, () -> sender.send(direct("A=1\n")))
                        .failure());
    }

    @Test
    void receiveTimesOutWithNull() throws IOException {
        try (DatagramReceiver receiver = DatagramReceiver.bind(UnixAddress.ofPath(dir.resolve("quiet")))) {
            assertNull(receiver.receive(Duration.ofMillis(20)));
        }
    }
}
