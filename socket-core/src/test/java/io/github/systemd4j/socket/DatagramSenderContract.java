package io.github.systemd4j.socket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link DatagramSender} transport must do, run against each of them by a subclass. The
 * receiving side is always junixsocket's {@link DatagramReceiver}.
 */
abstract class DatagramSenderContract {
    static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    /**
     * Opens a sender of the transport under test.
     *
     * @param target the receiving socket
     * @param options the options
     * @return the sender
     */
    abstract DatagramSender open(UnixAddress target, SenderOptions options);

    private DatagramSender open(UnixAddress target) {
        return open(target, SenderOptions.defaults());
    }

    private UnixAddress socket(String name) {
        return UnixAddress.ofPath(dir.resolve(name));
    }

    static ByteBuffer direct(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void sendsOneDatagramByteExact() throws IOException {
        UnixAddress address = socket("s");
        try (DatagramReceiver receiver = DatagramReceiver.bind(address);
                DatagramSender sender = open(address)) {
            ByteBuffer data = direct("MESSAGE=hi\nNUL=a\0b\n");
            sender.send(data);
            assertEquals(data.limit(), data.position());
            ReceivedDatagram d = receiver.receive(WAIT);
            assertArrayEquals("MESSAGE=hi\nNUL=a\0b\n".getBytes(StandardCharsets.UTF_8), d.payload());
            assertTrue(d.fileDescriptors().isEmpty());
        }
    }

    @Test
    void sendsTheRemainingBytesOfHeapAndReadOnlyBuffers() throws IOException {
        UnixAddress address = socket("s");
        try (DatagramReceiver receiver = DatagramReceiver.bind(address);
                DatagramSender sender = open(address)) {
            ByteBuffer heap = ByteBuffer.wrap(ascii("skipA=1\nrest"));
            heap.position(4).limit(8);
            sender.send(heap);
            assertEquals(8, heap.position());
            sender.send(ByteBuffer.wrap(ascii("B=2\n")).asReadOnlyBuffer());
            sender.send(direct("skipC=3\n").position(4).asReadOnlyBuffer());
            assertArrayEquals(ascii("A=1\n"), receiver.receive(WAIT).payload());
            assertArrayEquals(ascii("B=2\n"), receiver.receive(WAIT).payload());
            assertArrayEquals(ascii("C=3\n"), receiver.receive(WAIT).payload());
        }
    }

    @Test
    void aLargeHeapDatagramArrivesWhole() throws IOException {
        UnixAddress address = socket("s");
        byte[] large = new byte[1024 * 1024];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i * 31);
        }
        try (DatagramReceiver receiver = DatagramReceiver.bind(address);
                DatagramSender sender = open(address)) {
            sender.send(ByteBuffer.wrap(large));
            sender.send(ByteBuffer.wrap(large, 0, 1000));
            assertArrayEquals(large, receiver.receive(WAIT).payload());
            assertEquals(1000, receiver.receive(WAIT).payload().length);
        }
    }

    @Test
    void reachesAbstractAddressWithUtf8Name() throws IOException {
        UnixAddress address = UnixAddress.ofAbstract("systemd4j-test-ä-" + UUID.randomUUID());
        try (DatagramReceiver receiver = DatagramReceiver.bind(address);
                DatagramSender sender = open(address)) {
            sender.send(ByteBuffer.wrap(ascii("READY=1")));
            assertArrayEquals(ascii("READY=1"), receiver.receive(WAIT).payload());
        }
    }

    @Test
    void fileDescriptorTravelsInAZeroByteDatagram() throws IOException {
        UnixAddress address = socket("s");
        try (DatagramReceiver receiver = DatagramReceiver.bind(address);
                DatagramSender sender = open(address);
                PayloadFile file = PayloadFile.create(direct("MESSAGE=big\n"))) {
            ByteBuffer empty = ByteBuffer.allocate(0);
            sender.sendWithFileDescriptors(empty, file.fileDescriptor());
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
    void unlinkedFileTravelsToo() throws IOException {
        UnixAddress address = socket("s");
        try (DatagramReceiver receiver = DatagramReceiver.bind(address);
                DatagramSender sender = open(address);
                PayloadFile file =
                        PayloadFile.createUnlinked(ByteBuffer.wrap(ascii("SHM=1\n")), PayloadFile.SHARED_MEMORY_DIR)) {
            sender.sendWithFileDescriptors(ByteBuffer.allocate(0), file.fileDescriptor());
            try (ReceivedDatagram d = receiver.receive(WAIT)) {
                assertEquals(0, d.payload().length);
                assertArrayEquals(
                        ascii("SHM=1\n"),
                        ReceivedDatagram.readFile(d.fileDescriptors().get(0)));
            }
        }
    }

    @Test
    void anApplicationsFileDescriptorTravelsWithAPayload() throws IOException {
        UnixAddress address = socket("s");
        Path file = Files.write(dir.resolve("app-file"), ascii("APP=1\n"));
        try (DatagramReceiver receiver = DatagramReceiver.bind(address);
                DatagramSender sender = open(address);
                FileInputStream in = new FileInputStream(file.toFile())) {
            sender.sendWithFileDescriptors(direct("FDSTORE=1"), in.getFD());
            try (ReceivedDatagram d = receiver.receive(WAIT)) {
                assertArrayEquals(ascii("FDSTORE=1"), d.payload());
                assertArrayEquals(
                        ascii("APP=1\n"),
                        ReceivedDatagram.readFile(d.fileDescriptors().get(0)));
            }
        }
    }

    @Test
    void fileDescriptorsDoNotRideAlongWithLaterDataDatagrams() throws IOException {
        UnixAddress address = socket("s");
        try (DatagramReceiver receiver = DatagramReceiver.bind(address);
                DatagramSender sender = open(address);
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
        UnixAddress address = socket("s");
        try (DatagramReceiver receiver = DatagramReceiver.bind(address);
                DatagramSender sender = open(address)) {
            sender.send(ByteBuffer.allocateDirect(0));
            ReceivedDatagram d = receiver.receive(WAIT);
            assertNotNull(d);
            assertEquals(0, d.payload().length);
        }
    }

    @Test
    void missingSocketIsNotFound() {
        UnixAddress address = socket("absent");
        try (DatagramSender sender = open(address)) {
            ByteBuffer data = direct("A=1\n");
            SendException e = assertThrows(SendException.class, () -> sender.send(data));
            assertEquals(SendFailure.NOT_FOUND, e.failure());
            assertTrue(e.getMessage().contains(address.toString()), e.getMessage());
            assertEquals(0, data.position(), "a failed send leaves the buffer alone");
            assertEquals(
                    SendFailure.NOT_FOUND,
                    assertThrows(SendException.class, () -> sender.sendWithFileDescriptors(direct("B=1\n")))
                            .failure());
        }
    }

    @Test
    void staleSocketFileIsRefused() throws IOException {
        UnixAddress address = socket("stale");
        DatagramReceiver.bind(address).close(); // leaves the socket file behind, like a dead journald
        assertTrue(Files.exists(address.path()));
        try (DatagramSender sender = open(address)) {
            SendException e = assertThrows(SendException.class, () -> sender.send(direct("A=1\n")));
            assertEquals(SendFailure.REFUSED, e.failure());
        }
    }

    @Test
    void whileAbsentSendsFailFastThenReachTheReceiverOnceItAppears() throws Exception {
        UnixAddress address = socket("late");
        SenderOptions options = SenderOptions.defaults().withReconnectInterval(Duration.ofMillis(50));
        try (DatagramSender sender = open(address, options)) {
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
                assertArrayEquals(ascii("A=3\n"), receiver.receive(WAIT).payload());
            }
        }
    }

    @Test
    void reconnectsAtOnceWhenTheReceiverIsReplaced() throws IOException {
        UnixAddress address = socket("restart");
        try (DatagramSender sender = open(address);
                PayloadFile file = PayloadFile.create(direct("F=1\n"))) {
            try (DatagramReceiver first = DatagramReceiver.bind(address)) {
                sender.send(direct("N=1\n"));
                sender.sendWithFileDescriptors(ByteBuffer.allocate(0), file.fileDescriptor());
                assertNotNull(first.receive(WAIT));
                try (ReceivedDatagram d = first.receive(WAIT)) {
                    assertEquals(1, d.fileDescriptors().size());
                }
            }
            Files.delete(address.path());
            try (DatagramReceiver second = DatagramReceiver.bind(address)) {
                // No exception: the sender reconnected within these calls, for data and descriptors.
                sender.send(direct("N=2\n"));
                sender.sendWithFileDescriptors(ByteBuffer.allocate(0), file.fileDescriptor());
                assertArrayEquals(ascii("N=2\n"), second.receive(WAIT).payload());
                try (ReceivedDatagram d = second.receive(WAIT)) {
                    assertEquals(1, d.fileDescriptors().size());
                }
            }
        }
    }

    @Test
    void fullQueueFailsWithWouldBlockAfterTheTimeout() throws IOException {
        UnixAddress address = socket("full");
        SenderOptions options = SenderOptions.defaults().withSendTimeout(Duration.ofMillis(100));
        try (DatagramReceiver receiver = DatagramReceiver.bind(address);
                DatagramSender sender = open(address, options)) {
            // The receiver never reads; its queue holds net.unix.max_dgram_qlen + 1 datagrams.
            SendException e = assertTimeoutPreemptively(WAIT, () -> sendUntilRefused(sender));
            assertNotNull(e, "the queue never filled up");
            assertEquals(SendFailure.WOULD_BLOCK, e.failure());
        }
    }

    @Test
    void zeroTimeoutNeverBlocks() throws IOException {
        UnixAddress address = socket("nb");
        SenderOptions options = SenderOptions.defaults().withSendTimeout(Duration.ZERO);
        try (DatagramReceiver receiver = DatagramReceiver.bind(address);
                DatagramSender sender = open(address, options)) {
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
        UnixAddress address = socket("big");
        SenderOptions options = SenderOptions.defaults().withSendBufferSize(64 * 1024);
        try (DatagramReceiver receiver = DatagramReceiver.bind(address);
                DatagramSender sender = open(address, options)) {
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
        UnixAddress address = socket("huge");
        try (DatagramReceiver receiver = DatagramReceiver.bind(address);
                DatagramSender sender = open(address)) {
            assertTrue(sender.maxDatagramSize() <= 4 * 1024 * 1024);
            SendException e =
                    assertThrows(SendException.class, () -> sender.send(ByteBuffer.allocateDirect(5 * 1024 * 1024)));
            assertEquals(SendFailure.TOO_LARGE, e.failure());
        }
    }

    @Test
    void closedSenderSaysSo() {
        DatagramSender sender = open(socket("x"));
        sender.close();
        assertEquals(
                SendFailure.CLOSED,
                assertThrows(SendException.class, () -> sender.send(direct("A=1\n")))
                        .failure());
        assertEquals(
                SendFailure.CLOSED,
                assertThrows(SendException.class, () -> sender.sendWithFileDescriptors(direct("A=1\n")))
                        .failure());
    }

    @Test
    void concurrentSendersLoseNothing() throws Exception {
        UnixAddress address = socket("many");
        int threads = 4;
        int each = 200;
        // The receiver's queue holds 11 datagrams; on a loaded machine a sender may wait longer than the
        // default second for room. This test is about losing nothing, not about the timeout.
        SenderOptions patient = SenderOptions.defaults().withSendTimeout(Duration.ofMinutes(1));
        try (DatagramReceiver receiver = DatagramReceiver.bind(address);
                DatagramSender sender = open(address, patient)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Object>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String prefix = "T" + t + "=";
                    Callable<Object> task = () -> {
                        for (int i = 0; i < each; i++) {
                            // Heap and direct buffers alternate, so both per-thread paths are shared.
                            String line = prefix + i + "\n";
                            sender.send(i % 2 == 0 ? direct(line) : ByteBuffer.wrap(ascii(line)));
                        }
                        return null;
                    };
                    done.add(pool.submit(task));
                }
                Set<String> received = new HashSet<>();
                while (received.size() < threads * each) {
                    ReceivedDatagram d = receiver.receive(Duration.ofMinutes(1));
                    assertNotNull(d, "received only " + received.size());
                    received.add(new String(d.payload(), StandardCharsets.US_ASCII));
                }
                for (Future<Object> f : done) {
                    f.get();
                }
                assertTrue(received.contains("T3=199\n"));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void closingReleasesEveryDescriptor() throws IOException {
        UnixAddress address = socket("leak");
        try (DatagramReceiver receiver = DatagramReceiver.bind(address)) {
            exercise(address, receiver); // loads whatever the transport loads once per JVM
            Set<String> before = transportDescriptors();
            for (int i = 0; i < 3; i++) {
                exercise(address, receiver);
            }
            assertEquals(before, transportDescriptors());
        }
    }

    private void exercise(UnixAddress address, DatagramReceiver receiver) throws IOException {
        try (DatagramSender sender = open(address);
                PayloadFile file = PayloadFile.create(direct("L=1\n"))) {
            sender.send(direct("L=1\n"));
            sender.sendWithFileDescriptors(ByteBuffer.allocate(0), file.fileDescriptor());
        }
        receiver.receive(WAIT).close();
        receiver.receive(WAIT).close();
    }

    /**
     * The open descriptors of the kinds a transport creates (sockets, memfds, {@code /dev/shm} files,
     * anonymous inodes), as "number -> target". Other kinds are left out: the test JVM's other threads
     * may open and close files (class loading, the test runner's reporting) while this test runs.
     */
    private static Set<String> transportDescriptors() throws IOException {
        Set<String> found = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:")
                            || target.startsWith("/memfd:")
                            || target.startsWith("/dev/shm/")
                            || target.startsWith("anon_inode:")) {
                        found.add(fd.getFileName() + " -> " + target);
                    }
                } catch (IOException closedMeanwhile) {
                    // the listing's own descriptor, or one another thread closed
                }
            }
        }
        return found;
    }
}
