package io.github.systemd4j.testkit;

import io.github.systemd4j.socket.DatagramReceiver;
import io.github.systemd4j.socket.ReceivedDatagram;
import io.github.systemd4j.socket.UnixAddress;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * An in-process stand-in for the service manager's notification socket ({@code $NOTIFY_SOCKET}),
 * for fast tests of code that sends {@code READY=1}, {@code STATUS=}, watchdog pings and the like.
 * It binds a datagram socket at a path or an abstract name, records every datagram with the
 * descriptors that came with it, and lists what real systemd would have ignored.
 *
 * <pre>{@code
 * try (FakeNotifySocket systemd = FakeNotifySocket.start(tempDir)) {
 *     SystemdNotifier notifier = SystemdNotifier.fromEnvironment(systemd.environment());
 *     notifier.ready("Serving");
 *     assertEquals(List.of("READY=1", "STATUS=Serving"), systemd.awaitDatagrams(1, Duration.ofSeconds(5)).get(0).assignments());
 *     assertEquals(List.of(), systemd.problems());
 * }
 * }</pre>
 *
 * <p><b>Barriers.</b> Like the manager, the fake closes the descriptor of a {@code BARRIER=1}
 * datagram as soon as it has read it, which releases the sender; {@link #holdBarriers(boolean)}
 * keeps them open instead, to test a barrier's timeout.
 *
 * <p><b>Not modelled:</b> credentials and {@code NotifyAccess=}, unit state, the watchdog timer.
 * Prove those against {@link RealSystemd}.
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/sd_notify.html">sd_notify(3)</a>
 */
public final class FakeNotifySocket implements AutoCloseable {
    private final DatagramReceiver receiver;
    private final Path socketFile;
    private final ReceiveLoop<NotifyDatagram> loop;
    private final List<FileDescriptor> heldBarriers = new ArrayList<>();
    private volatile boolean holdBarriers;

    private FakeNotifySocket(DatagramReceiver receiver, Path socketFile) {
        this.receiver = receiver;
        this.socketFile = socketFile;
        this.loop = new ReceiveLoop<>(receiver, "FakeNotifySocket", this::handle);
        loop.start();
    }

    /**
     * Binds {@code directory/notify} and starts receiving.
     *
     * @param directory an existing directory, such as a JUnit {@code @TempDir}
     * @return the running fake
     * @throws IOException if the socket cannot be bound
     */
    public static FakeNotifySocket start(Path directory) throws IOException {
        Path socket = directory.resolve("notify");
        return new FakeNotifySocket(DatagramReceiver.bind(UnixAddress.ofPath(socket)), socket);
    }

    /**
     * Binds a fresh name in the abstract namespace ({@code @systemd4j-notify-…}) and starts
     * receiving.
     *
     * @return the running fake
     * @throws IOException if the socket cannot be bound
     */
    public static FakeNotifySocket startAbstract() throws IOException {
        return startAbstract("systemd4j-notify-" + UUID.randomUUID());
    }

    /**
     * Binds a given abstract name and starts receiving.
     *
     * @param name the name without the leading {@code @}, UTF-8
     * @return the running fake
     * @throws IOException if the name is in use
     */
    public static FakeNotifySocket startAbstract(String name) throws IOException {
        return new FakeNotifySocket(DatagramReceiver.bind(UnixAddress.ofAbstract(name)), null);
    }

    /**
     * The address as systemd would put it into {@code NOTIFY_SOCKET}.
     *
     * @return the path, or {@code @name}
     */
    public String address() {
        return receiver.address().toString();
    }

    /**
     * An environment naming this socket, for {@code SystemdNotifier.fromEnvironment(Map)}.
     *
     * @return {@code {NOTIFY_SOCKET=address}}
     */
    public Map<String, String> environment() {
        return Map.of("NOTIFY_SOCKET", address());
    }

    /**
     * Whether to keep the descriptors of {@code BARRIER=1} datagrams open (the sender's barrier then
     * times out) instead of closing them at once as the manager does. Turning it off releases the
     * held ones.
     *
     * @param hold true to hold
     */
    public void holdBarriers(boolean hold) {
        holdBarriers = hold;
        if (!hold) {
            synchronized (this) {
                heldBarriers.forEach(FakeNotifySocket::closeQuietly);
                heldBarriers.clear();
            }
        }
    }

    private void handle(ReceivedDatagram received) {
        // The descriptors stay open with the datagram: tests inspect them until clear() or close().
        NotifyDatagram d = new NotifyDatagram(received.payload(), received.fileDescriptors());
        List<String> found = new ArrayList<>();
        NotifyRules.check(d, found);
        loop.record(List.of(d), found); // before a barrier's release, so the sender finds it recorded
        if (d.has("BARRIER=1") && d.fileDescriptors().size() == 1) {
            synchronized (this) {
                if (holdBarriers) {
                    heldBarriers.addAll(d.fileDescriptors());
                } else {
                    closeQuietly(d.fileDescriptors().get(0)); // processed: release the sender
                }
            }
        }
    }

    /**
     * Everything received so far.
     *
     * @return a copy, in arrival order
     */
    public List<NotifyDatagram> datagrams() {
        return loop.items();
    }

    /**
     * What the service manager would have ignored: oversized datagrams, NUL bytes, invalid UTF-8,
     * inexact flags, repeated keys, misplaced barriers and descriptors. A correct sender leaves this
     * empty.
     *
     * @return a copy of the descriptions
     */
    public List<String> problems() {
        return loop.problems();
    }

    /**
     * Waits until at least {@code count} datagrams have arrived.
     *
     * @param count how many
     * @param timeout how long to wait
     * @return all datagrams received so far
     * @throws AssertionError if fewer arrived in time
     */
    public List<NotifyDatagram> awaitDatagrams(int count, Duration timeout) {
        return awaitDatagrams(d -> true, count, timeout);
    }

    /**
     * Waits for the first datagram that matches.
     *
     * @param filter which datagram
     * @param timeout how long to wait
     * @return the first matching datagram
     * @throws AssertionError if none arrived in time
     */
    public NotifyDatagram awaitDatagram(Predicate<NotifyDatagram> filter, Duration timeout) {
        return awaitDatagrams(filter, 1, timeout).get(0);
    }

    /**
     * Waits until at least {@code count} matching datagrams have arrived.
     *
     * @param filter which datagrams count
     * @param count how many
     * @param timeout how long to wait
     * @return the matching datagrams
     * @throws AssertionError if fewer arrived in time
     */
    public List<NotifyDatagram> awaitDatagrams(Predicate<NotifyDatagram> filter, int count, Duration timeout) {
        List<NotifyDatagram> matching = loop.await(filter, count, timeout);
        if (matching.size() < count) {
            throw new AssertionError("expected " + count + " matching datagrams within " + timeout + ", got "
                    + matching.size() + " of " + datagrams() + "; problems: " + problems());
        }
        return matching;
    }

    /** Forgets what was received and closes the descriptors that came with it. */
    public void clear() {
        for (NotifyDatagram d : loop.clear()) {
            d.fileDescriptors().forEach(FakeNotifySocket::closeQuietly);
        }
    }

    private static void closeQuietly(FileDescriptor fd) {
        try {
            new FileInputStream(fd).close();
        } catch (IOException ignored) {
            // closed already
        }
    }

    /** Stops receiving, closes every received descriptor and removes the socket file. */
    @Override
    public void close() {
        loop.close();
        holdBarriers(false);
        clear();
        if (socketFile != null) {
            try {
                Files.deleteIfExists(socketFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public String toString() {
        return "FakeNotifySocket[" + address() + "]";
    }
}
