package io.github.systemd4j.testkit;

import io.github.systemd4j.socket.DatagramReceiver;
import io.github.systemd4j.socket.ReceivedDatagram;
import io.github.systemd4j.socket.UnixAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An in-process stand-in for journald's native socket, for fast tests: it binds a datagram socket,
 * receives datagrams and passed file descriptors on a background thread, and decodes both framings
 * into {@link JournalRecord}s. It accepts file descriptors the way journald does: exactly one, in a
 * datagram with an empty payload; anything else is recorded as a {@linkplain #problems() problem}.
 *
 * <pre>{@code
 * try (FakeJournald journald = FakeJournald.start(tempDir)) {
 *     // point the code under test at journald.socketPath()
 *     JournalRecord r = journald.awaitRecords(1, Duration.ofSeconds(5)).get(0);
 *     assertEquals("hello", r.get("MESSAGE"));
 * }
 * }</pre>
 *
 * <p>It stands in for the socket only: it does not add journald's trusted fields ({@code _PID},
 * {@code _SYSTEMD_UNIT}, …), apply rate limits or seal checks. Prove those against {@link
 * RealJournald}.
 */
public final class FakeJournald implements AutoCloseable {
    private final Path socketFile;
    private final ReceiveLoop<JournalRecord> loop;
    private final AtomicInteger datagrams = new AtomicInteger();

    private FakeJournald(DatagramReceiver receiver, Path socketFile) {
        this.socketFile = socketFile;
        this.loop = new ReceiveLoop<>(receiver, "FakeJournald", this::handle);
        loop.start();
    }

    /**
     * Binds {@code directory/socket} and starts receiving.
     *
     * @param directory an existing directory, such as a JUnit {@code @TempDir}
     * @return the running fake
     * @throws IOException if the socket cannot be bound
     */
    public static FakeJournald start(Path directory) throws IOException {
        Path socket = directory.resolve("socket");
        return new FakeJournald(DatagramReceiver.bind(UnixAddress.ofPath(socket)), socket);
    }

    /**
     * The socket path to configure as {@code socketPath}.
     *
     * @return the path as a string
     */
    public String socketPath() {
        return socketFile.toString();
    }

    private void handle(ReceivedDatagram received) throws IOException {
        try (ReceivedDatagram d = received) {
            datagrams.incrementAndGet();
            List<String> found = new ArrayList<>();
            List<JournalRecord> decoded;
            int fds = d.fileDescriptors().size();
            if (fds == 0) {
                decoded = NativeProtocolDecoder.decode(d.payload(), false, found);
            } else if (fds == 1 && d.payload().length == 0) {
                byte[] contents = ReceivedDatagram.readFile(d.fileDescriptors().get(0));
                decoded = NativeProtocolDecoder.decode(contents, true, found);
            } else {
                found.add("datagram with " + fds + " descriptors and " + d.payload().length
                        + " payload bytes (journald ignores it)");
                decoded = List.of();
            }
            loop.record(decoded, found);
        }
    }

    /**
     * Everything received so far.
     *
     * @return a copy of the records, in arrival order
     */
    public List<JournalRecord> records() {
        return loop.items();
    }

    /**
     * Protocol violations seen: invalid field names, malformed frames, descriptors journald would
     * ignore. A correct client leaves this empty.
     *
     * @return a copy of the descriptions
     */
    public List<String> problems() {
        return loop.problems();
    }

    /**
     * Datagrams received, including those that carried a descriptor.
     *
     * @return the count
     */
    public int datagramCount() {
        return datagrams.get();
    }

    /**
     * Waits until at least {@code count} records have arrived.
     *
     * @param count how many
     * @param timeout how long to wait
     * @return all records received so far
     * @throws AssertionError if fewer arrived in time
     */
    public List<JournalRecord> awaitRecords(int count, Duration timeout) {
        return awaitRecords(r -> true, count, timeout);
    }

    /**
     * Waits until at least {@code count} records matching the filter have arrived.
     *
     * @param filter which records count
     * @param count how many
     * @param timeout how long to wait
     * @return the matching records
     * @throws AssertionError if fewer arrived in time
     */
    public List<JournalRecord> awaitRecords(Predicate<JournalRecord> filter, int count, Duration timeout) {
        List<JournalRecord> matching = loop.await(filter, count, timeout);
        if (matching.size() < count) {
            throw new AssertionError("expected " + count + " records, got " + matching.size() + " within " + timeout
                    + "; problems: " + problems());
        }
        return matching;
    }

    /** Forgets what was received. */
    public void clear() {
        loop.clear();
    }

    /** Stops receiving and removes the socket file. */
    @Override
    public void close() {
        loop.close();
        try {
            Files.deleteIfExists(socketFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
