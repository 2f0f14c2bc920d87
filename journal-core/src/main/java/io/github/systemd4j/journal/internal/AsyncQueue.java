package io.github.systemd4j.journal.internal;

import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.JournalEntry;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The async mode of a {@link JournalSink}: entries written on the logging thread wait in a queue
 * bounded in bytes, and one daemon thread ({@value #THREAD_NAME}) delivers them in the order queued
 * with the sink's synchronous policy (outage, fallback, counters, notices). An entry counts its size
 * against the bound, at least {@value #ENTRY_FOOTPRINT} bytes (its buffers). Entries come from a pool
 * the sender thread gives them back to, so a logging thread allocates nothing in steady state; the
 * lock is a monitor, whose waiting allocates nothing on the heap either.
 *
 * <ul>
 *   <li>A full queue: with {@link Overflow#WAIT} the logging call waits up to the send timeout for
 *       room, with {@link Overflow#DROP} not at all; an entry that finds no room is dropped, counted
 *       as {@linkplain io.github.systemd4j.journal.JournalCounters#dropped() dropped} and reported as
 *       an overflow, announced like an outage (its start, and its end with the number dropped, once
 *       the queue is at most half full again).
 *   <li>{@link #close()} takes no more entries and lets the sender thread deliver what is queued for
 *       at most the drain time ({@value #DRAIN_SECONDS} seconds); what is left then is dropped,
 *       counted and reported.
 *   <li>A JVM that exits without closing the sink waits, in a shutdown hook, the same time at most for
 *       the queue to empty.
 * </ul>
 */
final class AsyncQueue {
    /** What a logging call does when the queue is full: property {@code asyncOverflow}. */
    enum Overflow {
        /** Wait up to the send timeout for room, then drop the entry (the default). */
        WAIT,
        /** Drop the entry at once. */
        DROP;

        static Overflow parse(String value) {
            switch (value.toLowerCase(Locale.ROOT)) {
                case "wait":
                    return WAIT;
                case "drop":
                    return DROP;
                default:
                    throw new IllegalArgumentException("must be wait or drop");
            }
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The sender thread's name. */
    static final String THREAD_NAME = "systemd4j-journal-async";

    /** Default bound of the queued entries' bytes: {@code asyncQueueSize}. */
    static final int DEFAULT_CAPACITY = 8 * 1024 * 1024;

    /** The smallest {@code asyncQueueSize}. */
    static final int MIN_CAPACITY = 64 * 1024;

    /** How long closing (or a JVM exit) waits for the queue to drain. */
    static final int DRAIN_SECONDS = 5;

    /** The buffer a new entry starts with, bytes. */
    static final int INITIAL_BUFFER = 1024;

    /**
     * The largest buffer an idle pooled entry keeps, bytes (a thread's entry in synchronous mode keeps
     * 64 KiB): a larger one is released when the entry is cleared, so that the pool's memory stays
     * near the bound.
     */
    static final int RETAINED_BUFFER = 8 * 1024;

    /**
     * The least an entry counts against the bound, whatever its size: the memory of its two initial
     * 1 KiB buffers. So the bound is one of memory, also for a queue of small entries.
     */
    static final int ENTRY_FOOTPRINT = 2048;

    private final JournalSink sink;
    private final JournalClient client;
    private final StatusReporter reporter;
    private final LongSupplier clock;
    private final long capacity;
    private final Overflow overflow;
    private final long waitNanos;
    private final long drainNanos;
    private final Thread sender;
    private final Thread exitHook;
    private final JournalSink.RateLimit overflowNotices = new JournalSink.RateLimit();

    /** Guards everything below; logging threads and the sender thread wait on it. */
    private final Object lock = new Object();

    private JournalEntry[] ring = new JournalEntry[64];
    private int head;
    private int count;
    private long queuedBytes;
    /** Idle entries for reuse: as many as a full queue of the smallest entries holds. */
    private final JournalEntry[] free;

    private int freeCount;
    /** Set by {@link #close()}: no more entries are taken. */
    private boolean closing;
    /** Set when the drain time is over: the sender thread stops after the entry under way. */
    private boolean abandoned;

    private boolean senderIdle;
    /** The sender thread is delivering an entry it took off the queue. */
    private boolean busy;
    /** Threads waiting for room or for the queue to drain. */
    private int waiting;
    /** Logging calls among them. */
    private int waitingForRoom;

    private boolean overflowing;
    private boolean overflowAnnounced;
    private long droppedInOverflow;

    AsyncQueue(
            JournalSink sink,
            StatusReporter reporter,
            LongSupplier clock,
            int capacity,
            Overflow overflow,
            long waitNanos,
            long drainNanos) {
        this.sink = sink;
        this.client = sink.client();
        this.reporter = reporter;
        this.clock = clock;
        this.capacity = capacity;
        this.overflow = overflow;
        this.waitNanos = waitNanos;
        this.drainNanos = drainNanos;
        this.free = new JournalEntry[capacity / ENTRY_FOOTPRINT];
        this.sender = new Thread(this::run, THREAD_NAME);
        sender.setDaemon(true);
        sender.start();
        this.exitHook = new Thread(this::awaitDrainedAtExit, THREAD_NAME + "-exit");
        try {
            Runtime.getRuntime().addShutdownHook(exitHook);
        } catch (IllegalStateException e) {
            // The JVM is already exiting: nothing left to wait for at exit.
        }
    }

    /**
     * An empty entry from the pool, or a new one while the pool is empty.
     *
     * @return an entry the caller owns until it passes it to {@link #offer} or {@link #discard}
     */
    JournalEntry entry() {
        synchronized (lock) {
            if (freeCount > 0) {
                JournalEntry entry = free[--freeCount];
                free[freeCount] = null;
                return entry;
            }
        }
        return client.newEntry();
    }

    /**
     * Gives an entry that is not to be sent back to the pool.
     *
     * @param entry an entry from {@link #entry()}
     */
    void discard(JournalEntry entry) {
        entry.clear();
        synchronized (lock) {
            pool(entry);
        }
    }

    /**
     * Queues a written entry for the sender thread, waiting for room as the overflow policy says.
     * Never throws, never waits longer than the send timeout.
     *
     * @param entry an entry from {@link #entry()}; the queue owns it from now on
     * @return {@code QUEUED}, {@code DROPPED} (no room), {@code CLOSED}, or {@code REENTERED} for an
     *     entry logged by the sender thread itself
     */
    JournalSink.Delivery offer(JournalEntry entry) {
        if (Thread.currentThread() == sender) {
            // Logged from the delivery path (a fallback stream or a status channel that logs): queued,
            // it would make another such entry, and with the queue full the sender would wait for room
            // only it can make. Dropped as the synchronous path drops a recursive event.
            discard(entry);
            return JournalSink.Delivery.REENTERED;
        }
        long size = footprint(entry);
        String notice;
        synchronized (lock) {
            if (!closing && !hasRoom(size) && overflow == Overflow.WAIT && waitNanos > 0) {
                awaitRoom(size);
            }
            if (closing) {
                // Logged while or after the adapter stopped: dropped as the closed synchronous sink does.
                entry.clear();
                pool(entry);
                return JournalSink.Delivery.CLOSED;
            }
            if (hasRoom(size)) {
                enqueue(entry, size);
                return JournalSink.Delivery.QUEUED;
            }
            entry.clear();
            pool(entry);
            client.countDropped(1);
            droppedInOverflow++;
            notice = overflowing ? null : startOverflow();
        }
        if (notice != null) {
            reporter.notice(StatusReporter.Notice.UNAVAILABLE, notice, null);
        }
        return JournalSink.Delivery.DROPPED;
    }

    private static long footprint(JournalEntry entry) {
        return Math.max(entry.size(), ENTRY_FOOTPRINT);
    }

    /** An entry fits when the queue is empty (however large the entry) or its bytes stay in bounds. */
    private boolean hasRoom(long size) {
        return count == 0 || queuedBytes + size <= capacity;
    }

    private void awaitRoom(long size) {
        long deadline = System.nanoTime() + waitNanos;
        waiting++;
        waitingForRoom++;
        try {
            long left;
            while (!closing && !hasRoom(size) && (left = deadline - System.nanoTime()) > 0) {
                lock.wait(left / 1_000_000, (int) (left % 1_000_000));
            }
        } catch (InterruptedException e) {
            // The application's interrupt: stop waiting, keep the flag for it.
            Thread.currentThread().interrupt();
        } finally {
            waiting--;
            waitingForRoom--;
        }
    }

    private void enqueue(JournalEntry entry, long size) {
        if (count == ring.length) {
            // Grows during warm-up only: the byte bound caps the number of entries queued.
            JournalEntry[] larger = new JournalEntry[ring.length * 2];
            for (int i = 0; i < count; i++) {
                larger[i] = ring[(head + i) & (ring.length - 1)];
            }
            ring = larger;
            head = 0;
        }
        ring[(head + count) & (ring.length - 1)] = entry;
        count++;
        queuedBytes += size;
        if (senderIdle) {
            lock.notifyAll();
        }
    }

    /** Takes the oldest queued entry off the queue; the caller holds the lock and saw {@code count > 0}. */
    private JournalEntry poll() {
        JournalEntry entry = ring[head];
        ring[head] = null;
        head = (head + 1) & (ring.length - 1);
        count--;
        queuedBytes -= footprint(entry);
        return entry;
    }

    private void pool(JournalEntry entry) {
        if (freeCount < free.length) {
            free[freeCount++] = entry;
        }
    }

    private String startOverflow() {
        overflowing = true;
        long held = overflowNotices.pass(clock.getAsLong());
        overflowAnnounced = held >= 0;
        if (!overflowAnnounced) {
            return null;
        }
        String message = "The async queue for journald at " + client.socket() + " is full (" + capacity
                + " bytes); entries are dropped until it has room.";
        return held == 0 ? message : message + " (" + held + " overflows since the last report were not reported)";
    }

    private String endOverflow() {
        overflowing = false;
        long dropped = droppedInOverflow;
        droppedInOverflow = 0;
        return overflowAnnounced
                ? "The async queue for journald at " + client.socket() + " has room again; " + dropped
                        + " entries were dropped meanwhile."
                : null;
    }

    /** The sender thread: delivers queued entries in order until closed and drained, or abandoned. */
    private void run() {
        while (true) {
            JournalEntry entry;
            String roomAgain;
            synchronized (lock) {
                while (count == 0 && !closing) {
                    senderIdle = true;
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        // Nobody else interrupts this thread; the loop checks the state again.
                    } finally {
                        senderIdle = false;
                    }
                }
                if (count == 0 || abandoned) {
                    lock.notifyAll();
                    return;
                }
                entry = poll();
                busy = true;
                if (waiting > 0) {
                    lock.notifyAll();
                }
                // Announced here, not by the next logging call: there may be none for a long time.
                roomAgain = overflowing && queuedBytes <= capacity / 2 ? endOverflow() : null;
            }
            if (roomAgain != null) {
                try {
                    reporter.notice(StatusReporter.Notice.BACK, roomAgain, null);
                } catch (Throwable e) {
                    // The application's status channel threw: the notice is lost, this thread lives on.
                }
            }
            try {
                sink.deliverNow(entry);
            } catch (Throwable e) {
                // deliverNow does not throw, but an Error (an OutOfMemoryError while the fallback copies
                // a large entry) can: the entry is lost, and this thread must live on for the next ones.
                client.countDropped(1);
                try {
                    sink.reportFailure("Delivering a queued entry failed; it was dropped", e);
                } catch (Throwable again) {
                    // No memory even to report it: the counter has it.
                }
            }
            entry.clear();
            synchronized (lock) {
                busy = false;
                pool(entry);
                if (waiting > 0 && count == 0) {
                    lock.notifyAll();
                }
            }
        }
    }

    /**
     * Logging calls waiting for room now.
     *
     * @return the number
     */
    int waitingForRoom() {
        synchronized (lock) {
            return waitingForRoom;
        }
    }

    /** The exit hook: waits at most the drain time for the queue to empty; reports what is left. */
    private void awaitDrainedAtExit() {
        int left;
        synchronized (lock) {
            long deadline = System.nanoTime() + drainNanos;
            waiting++;
            try {
                long wait;
                while ((count > 0 || busy) && !abandoned && (wait = deadline - System.nanoTime()) > 0) {
                    lock.wait(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                waiting--;
            }
            left = abandoned ? 0 : count;
        }
        if (left > 0) {
            reporter.notice(
                    StatusReporter.Notice.UNAVAILABLE,
                    left + " entries were still queued for journald at " + client.socket()
                            + " when the JVM exited after waiting " + describe(drainNanos) + ".",
                    null);
        }
    }

    /**
     * Takes no more entries, lets the sender thread deliver what is queued for at most the drain
     * time, then drops (counts and reports) what is left. The sender thread ends.
     */
    void close() {
        close(drainNanos);
    }

    /**
     * As {@link #close()}, waiting at most {@code maxDrainNanos} (or the drain time, if shorter): for a
     * framework that stops within a time of its own.
     *
     * @param maxDrainNanos at least 1 ms is waited
     */
    void close(long maxDrainNanos) {
        long drain = Math.max(1_000_000, Math.min(drainNanos, maxDrainNanos));
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException e) {
            // Closed from a shutdown hook: the exit hook runs (and waits for the same drain) anyway.
        }
        boolean interrupted = false;
        try {
            sender.join(Math.max(1, drain / 1_000_000));
        } catch (InterruptedException e) {
            interrupted = true;
        }
        int left;
        synchronized (lock) {
            abandoned = true;
            left = count;
            while (count > 0) {
                poll().clear();
            }
            lock.notifyAll();
        }
        if (left > 0) {
            client.countDropped(left);
            reporter.notice(
                    StatusReporter.Notice.UNAVAILABLE,
                    left + " entries still queued for journald at " + client.socket() + " were dropped: "
                            + (interrupted ? "stopping was interrupted" : "not sent within " + describe(drain))
                            + ".",
                    null);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(long nanos) {
        long millis = nanos / 1_000_000;
        return millis % 1000 == 0 ? millis / 1000 + " seconds" : millis + " ms";
    }
}
