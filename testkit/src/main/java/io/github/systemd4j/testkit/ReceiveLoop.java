package io.github.systemd4j.testkit;

import io.github.systemd4j.socket.DatagramReceiver;
import io.github.systemd4j.socket.ReceivedDatagram;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the in-process fakes ({@link FakeJournald}, {@link FakeNotifySocket}) share: a daemon thread
 * that receives datagrams on a socket and hands each to the fake, and the items and problems the fake
 * {@linkplain #record records} from them, for tests to read and await. Thread-safe.
 *
 * @param <T> what the fake makes of a datagram
 */
final class ReceiveLoop<T> implements AutoCloseable {
    /** How long one receive blocks, so that the thread sees {@link #close()} soon. */
    private static final Duration RECEIVE_SLICE = Duration.ofMillis(200);

    /** What a fake does with one datagram; it owns the datagram's descriptors. */
    interface Handler {
        /**
         * Handles a datagram, recording what it makes of it.
         *
         * @throws IOException if it cannot be read; the loop records it as a problem and stops
         */
        void handle(ReceivedDatagram datagram) throws IOException;
    }

    private final DatagramReceiver receiver;
    private final List<T> items = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    /** Held while a datagram is handled and while the socket is closed: never both at once. */
    private final Object closing = new Object();

    /**
     * A loop for a bound socket; {@link #start()} starts it, once the fake can record.
     *
     * @param name the fake's name, for the thread
     */
    ReceiveLoop(DatagramReceiver receiver, String name, Handler handler) {
        this.receiver = receiver;
        this.thread = new Thread(() -> receive(handler), name + " " + receiver.address());
        thread.setDaemon(true);
    }

    /** Starts receiving. */
    void start() {
        thread.start();
    }

    private void receive(Handler handler) {
        while (running) {
            try {
                ReceivedDatagram d = receiver.receive(RECEIVE_SLICE);
                if (d != null) {
                    // Never while close() closes the socket: junixsocket closes the descriptors it
                    // received with the socket, under a lock that closing one of them here takes in
                    // the other order (a deadlock, seen on JDK 25).
                    synchronized (closing) {
                        handler.handle(d);
                    }
                }
            } catch (IOException e) {
                if (running) {
                    record(List.of(), List.of("receive failed: " + e));
                }
                return;
            }
        }
    }

    /** Adds what the fake made of a datagram and wakes those awaiting it. */
    synchronized void record(Collection<? extends T> newItems, Collection<String> newProblems) {
        items.addAll(newItems);
        problems.addAll(newProblems);
        notifyAll();
    }

    /** A copy of the items, in arrival order. */
    synchronized List<T> items() {
        return new ArrayList<>(items);
    }

    /** A copy of the problems, in the order found. */
    synchronized List<String> problems() {
        return new ArrayList<>(problems);
    }

    /**
     * Waits until at least {@code count} items match.
     *
     * @return the matching items: {@code count} or more, or fewer if the timeout passed first
     */
    synchronized List<T> await(Predicate<? super T> filter, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<T> matching = new ArrayList<>();
            for (T item : items) {
                if (filter.test(item)) {
                    matching.add(item);
                }
            }
            long left = deadline - System.nanoTime();
            if (matching.size() >= count || left <= 0) {
                return matching;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /**
     * Forgets what was recorded.
     *
     * @return the items forgotten, for the fake to release what they hold
     */
    synchronized List<T> clear() {
        List<T> forgotten = new ArrayList<>(items);
        items.clear();
        problems.clear();
        return forgotten;
    }

    /** Stops receiving and closes the socket; waits up to 2 s for the thread. */
    @Override
    public void close() {
        running = false;
        synchronized (closing) {
            receiver.close();
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
