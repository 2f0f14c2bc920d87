package io.github.systemd4j.journal.internal;

import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.JournalEntry;
import io.github.systemd4j.journal.JournalMXBean;
import io.github.systemd4j.journal.JournalStream;
import io.github.systemd4j.socket.SendException;
import io.github.systemd4j.socket.SendFailure;
import io.github.systemd4j.socket.SocketTransport;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.management.JMException;

/**
 * A {@link JournalClient} with the delivery policy every adapter shares; the one owner of outage
 * state, reporting and the fallback.
 *
 * <ul>
 *   <li>{@link #deliver} never throws and never blocks longer than the client's send timeout.
 *   <li>An entry journald cannot take goes to the {@link JournalFallback} ({@code stderr} by default)
 *       or, with {@code none}, nowhere (the client counts it).
 *   <li>An outage ({@link JournalClient#isOutage}: journald absent, busy, or no usable transport in
 *       this JVM) is a {@linkplain StatusReporter#notice notice} when it starts, naming the socket
 *       and the fallback; a socket missing or a transport unusable at start is such an outage from
 *       the start. The first entry delivered afterwards ends it, a notice with the number of entries
 *       diverted meanwhile. Outages are announced like failures are reported: the first three, then
 *       at most one every five minutes, with the number of outages not announced since (journald
 *       busy for a second at a time under load would otherwise say so every second); the end of an
 *       outage is announced when its start was.
 *   <li>Other failures (permissions, a large entry that could not be written to a file, an event the
 *       adapter could not write) are reported rate-limited: the first three, then at most one every
 *       five minutes with a count of those suppressed.
 *   <li>An entry that reaches the socket after {@link #close()} (a logging call already under way
 *       when the adapter was closed) is dropped: neither reported nor written to the fallback, and
 *       {@link #deliver} says so.
 *   <li>A configuration with errors ({@link #open} with problems) never uses journald: each error is
 *       reported once, then one error says so, and every entry goes to the fallback (the configured
 *       one if that value was valid, else {@code stderr}). The entries are not lost, and the mistake
 *       is seen where the entries appear; a guess at what was meant (the default socket for a
 *       mistyped {@code namespace}, the detected identifier for an invalid one) would put them where
 *       nobody looks. Under systemd, stderr is the journal anyway, as plain lines with their priority.
 *   <li>With the settings' {@code async} on (and no errors in the configuration), {@link #entry()}
 *       and {@link #deliver} queue entries for a sender thread of the sink's own, which delivers them
 *       with the policy above; {@link #close()} drains the queue first, for a bounded time.
 *   <li>Unless the settings' {@code jmx} is off, {@link #open} registers the sink's {@link
 *       JournalMXBean} with the platform MBean server (on a daemon thread if that server does not
 *       exist yet) and {@link #close()} removes it (names: {@link JournalMBeans}). A failure to do
 *       either is a warning, never thrown: the sink works without.
 * </ul>
 */
public final class JournalSink implements Closeable {
    /** What {@link #deliver} did with an entry. */
    public enum Delivery {
        /** journald got it. */
        SENT,
        /** journald could not take it: it went to the fallback (with {@code none}: dropped). */
        FALLBACK,
        /** The sink had been closed: dropped, neither reported nor written to the fallback. */
        CLOSED,
        /** The adapter could not write the event (a layout threw): reported, nothing sent. */
        FAILED,
        /** Logged from inside the adapter's own send path (a layout logged): dropped to avoid recursion. */
        REENTERED,
        /** Async mode: queued for the sender thread, which delivers it as above. */
        QUEUED,
        /**
         * Async mode: the queue had no room (after waiting, with {@code asyncOverflow=wait}): dropped,
         * counted and reported.
         */
        DROPPED
    }

    static final int BURST = 3;
    static final long QUIET_NANOS = 5L * 60 * 1_000_000_000;

    private final JournalClient client;
    private final JournalFallback fallback;
    private final StatusReporter reporter;
    private final PrintStream out;
    private final boolean journalStream;
    private final boolean fallbackOnly;
    private final LongSupplier clock;
    private final AtomicLong divertedDuringOutage = new AtomicLong();
    private final AtomicLong fallbackWrites = new AtomicLong();
    private volatile boolean closed;

    /** Set by {@link #open} before the sink is handed out; null when not registered. */
    private JournalMBeans.Registration mbean;

    /** Set by {@link #open} before the sink is handed out; null unless in async mode. */
    private AsyncQueue async;

    /** Read on every delivery; changed under {@link #outageLock}, where its notices are decided. */
    private volatile boolean outage;

    private final Object outageLock = new Object();
    private boolean outageAnnounced;
    private final RateLimit outageNotices = new RateLimit();
    private final RateLimit failureReports = new RateLimit();

    JournalSink(
            JournalClient client,
            JournalFallback fallback,
            StatusReporter reporter,
            PrintStream out,
            boolean journalStream,
            LongSupplier clock) {
        this(client, fallback, List.of(), reporter, out, journalStream, clock);
    }

    JournalSink(
            JournalClient client,
            JournalFallback fallback,
            List<String> problems,
            StatusReporter reporter,
            PrintStream out,
            boolean journalStream,
            LongSupplier clock) {
        this.client = client;
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.reporter = Objects.requireNonNull(reporter, "reporter");
        this.out = out;
        this.journalStream = journalStream;
        this.clock = clock;
        this.fallbackOnly = !problems.isEmpty();
        if (fallbackOnly) {
            for (String problem : problems) {
                reporter.error(problem);
            }
            reporter.error("journald is not used: the configuration has " + problems.size()
                    + (problems.size() == 1 ? " error" : " errors") + "; every entry goes to " + destination()
                    + " until it is fixed.");
            return;
        }
        SocketTransport transport = SocketTransport.current();
        if (!transport.isUsable()) {
            // Permanent for this JVM (say, junixsocket's library cannot load under NoExecPaths=):
            // one message that names the fix; every entry goes to the fallback.
            startOutage(transport.status() + " Entries go to " + destination() + ".", null);
        } else if (!client.socket().isAbstract()
                && !Files.exists(client.socket().path())) {
            // Say so now rather than at the first entry; the client keeps trying in the background.
            startOutage(
                    "No journal socket at " + client.socket() + "; entries go to " + destination()
                            + " until it appears.",
                    null);
        }
    }

    /**
     * Opens a sink with the settings' client and fallback. Never fails because journald is absent.
     * With errors in the configuration (the settings' {@linkplain JournalSettings#problems() problems}
     * and the adapter's own), each is reported once and the sink writes every entry to the fallback
     * without ever contacting journald.
     *
     * @param settings the adapter's settings
     * @param adapterProblems configuration errors only the adapter can see (Logback: a layout and an
     *     encoder both set); empty for none
     * @param name the adapter's name, for its {@link JournalMXBean}: the Logback or Log4j2 appender's
     *     name, the JUL handler's class name
     * @param reporter the framework's status channel
     * @return the sink
     */
    public static JournalSink open(
            JournalSettings settings, List<String> adapterProblems, String name, StatusReporter reporter) {
        return open(settings, adapterProblems, name, reporter, JournalMBeans.PLATFORM);
    }

    /** {@link #open(JournalSettings, List, String, StatusReporter)} with another MBean server, for tests. */
    static JournalSink open(
            JournalSettings settings,
            List<String> adapterProblems,
            String name,
            StatusReporter reporter,
            JournalMBeans mbeans) {
        List<String> problems = new ArrayList<>(settings.problems());
        problems.addAll(adapterProblems);
        JournalClient client;
        try {
            JournalClient.Builder builder = settings.client();
            if (settings.isOn(JournalProperty.ASYNC)) {
                // Pooled entries are many: each keeps less than a thread's entry does.
                builder.bufferSizes(AsyncQueue.INITIAL_BUFFER, AsyncQueue.RETAINED_BUFFER);
            }
            client = builder.build();
        } catch (IllegalArgumentException e) {
            // Static fields that leave no room in maxEntrySize: an error like the others. The entries
            // still need a client to be written into (it is never sent through).
            problems.add(e.getMessage());
            client = JournalClient.builder().build();
        }
        JournalFallback fallback = settings.fallback();
        PrintStream stream = fallback == JournalFallback.JSON ? System.out : System.err;
        boolean journal = fallback == JournalFallback.STDERR && JournalStream.isStderrJournal();
        JournalSink sink = new JournalSink(client, fallback, problems, reporter, stream, journal, System::nanoTime);
        if (settings.isOn(JournalProperty.ASYNC) && !sink.fallbackOnly) {
            sink.startAsync(
                    settings.asyncQueueSize(),
                    settings.asyncOverflow(),
                    settings.sendTimeout().toNanos(),
                    AsyncQueue.DRAIN_SECONDS * 1_000_000_000L);
        }
        if (settings.isOn(JournalProperty.JMX)) {
            // Without a bean the sink works the same.
            sink.mbean = mbeans.register(
                    name,
                    new SinkBean(sink),
                    e -> reporter.warn(
                            "its counters cannot be read through JMX: registering its MXBean failed: " + e, e));
        }
        return sink;
    }

    /** Switches to async mode; before the sink is handed out. */
    void startAsync(int capacity, AsyncQueue.Overflow overflow, long waitNanos, long drainNanos) {
        async = new AsyncQueue(this, reporter, clock, capacity, overflow, waitNanos, drainNanos);
    }

    /**
     * An empty entry for the calling thread, see {@link JournalClient#entry()}; in async mode one from
     * the queue's pool. Pass it to {@link #deliver} or {@link #discard}.
     *
     * @return the entry
     */
    public JournalEntry entry() {
        return async != null ? async.entry() : client.entry();
    }

    /**
     * Gives back an entry from {@link #entry()} that is not to be delivered (writing it failed).
     *
     * @param entry the entry
     */
    public void discard(JournalEntry entry) {
        if (async != null) {
            async.discard(entry);
        } else {
            entry.clear();
        }
    }

    /**
     * Sends an entry, or diverts it to the fallback, or drops it if this sink has been closed; in async
     * mode, queues it for the sender thread, which does so ({@link Delivery#QUEUED}), or drops it when
     * the queue has no room ({@link Delivery#DROPPED}). Never throws, never blocks longer than the
     * send timeout.
     *
     * @param entry an entry from {@link #entry()}
     * @return what became of it
     */
    public Delivery deliver(JournalEntry entry) {
        return async != null ? async.offer(entry) : deliverNow(entry);
    }

    /** The synchronous policy: on the logging thread, or on the async sender thread. */
    Delivery deliverNow(JournalEntry entry) {
        if (fallbackOnly) {
            if (closed) {
                entry.clear();
                return Delivery.CLOSED;
            }
            // Finish the entry (the client's identifier and static fields), as sending it would.
            entry.toByteArray();
            divert(entry);
            entry.clear();
            return Delivery.FALLBACK;
        }
        try {
            client.send(entry);
            if (outage) {
                endOutage();
            }
            return Delivery.SENT;
        } catch (SendException e) {
            if (e.failure() == SendFailure.CLOSED && closed) {
                // Closed by the adapter while this entry was on its way: not a failure to report.
                return Delivery.CLOSED;
            }
            if (!JournalClient.isOutage(e.failure())) {
                reportFailure(
                        "Sending to journald at " + client.socket() + " failed; entry went to " + destination(), e);
            } else if (!outage) {
                startOutage(
                        "journald at " + client.socket() + " is unavailable (" + e.failure() + "); entries go to "
                                + destination() + " until it is back.",
                        e);
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            reportFailure("Sending to journald at " + client.socket() + " failed; entry went to " + destination(), e);
        }
        divert(entry);
        return Delivery.FALLBACK;
    }

    /** Starts an outage unless one is on, and announces it unless outages are being held back. */
    private void startOutage(String message, Throwable cause) {
        String notice;
        synchronized (outageLock) {
            if (outage) {
                return;
            }
            outage = true;
            divertedDuringOutage.set(0);
            long held = outageNotices.pass(clock.getAsLong());
            outageAnnounced = held >= 0;
            notice = !outageAnnounced
                    ? null
                    : held == 0 ? message : message + " (" + held + " outages since the last report were not reported)";
        }
        if (notice != null) {
            reporter.notice(StatusReporter.Notice.UNAVAILABLE, notice, cause);
        }
    }

    /** Ends the outage, announced if its start was. */
    private void endOutage() {
        String notice;
        synchronized (outageLock) {
            if (!outage) {
                return;
            }
            outage = false;
            long diverted = divertedDuringOutage.getAndSet(0);
            notice = outageAnnounced
                    ? "journald at " + client.socket() + " is reachable again; " + diverted + " entries went to "
                            + destination() + " meanwhile."
                    : null;
        }
        if (notice != null) {
            reporter.notice(StatusReporter.Notice.BACK, notice, null);
        }
    }

    private void divert(JournalEntry entry) {
        divertedDuringOutage.incrementAndGet();
        if (fallback == JournalFallback.NONE) {
            return;
        }
        try {
            fallback.write(entry, out, journalStream);
            fallbackWrites.incrementAndGet();
        } catch (RuntimeException e) {
            reportFailure("Writing an entry to " + destination() + " failed", e);
        }
    }

    /**
     * Reports a failure that loses or diverts one entry, rate-limited: the first three, then at most
     * one every five minutes with the number suppressed since.
     *
     * @param what what failed
     * @param cause why
     */
    void reportFailure(String what, Throwable cause) {
        long suppressedSoFar = failureReports.pass(clock.getAsLong());
        if (suppressedSoFar < 0) {
            return;
        }
        String more = suppressedSoFar > 0 ? " (" + suppressedSoFar + " similar failures not reported)" : "";
        reporter.warn(what + more + ": " + cause.getMessage(), cause);
    }

    /** Lets the first three through, then at most one every five minutes; counts what it held back. */
    static final class RateLimit {
        private int inBurst;
        private long quietUntil;
        private long held;

        /**
         * One more occurrence.
         *
         * @param now the clock
         * @return -1 if it is held back; else how many were held back since the last one let through
         */
        synchronized long pass(long now) {
            if (inBurst < BURST) {
                inBurst++;
                if (inBurst == BURST) {
                    quietUntil = now + QUIET_NANOS;
                }
                return 0;
            }
            if (now - quietUntil >= 0) {
                quietUntil = now + QUIET_NANOS;
                long before = held;
                held = 0;
                return before;
            }
            held++;
            return -1;
        }
    }

    private String destination() {
        switch (fallback) {
            case STDERR:
                return "stderr";
            case JSON:
                return "stdout as JSON";
            default:
                return "nowhere (fallback none: dropped)";
        }
    }

    /**
     * The client underneath, for its counters.
     *
     * @return the client
     */
    public JournalClient client() {
        return client;
    }

    /**
     * Entries written to the fallback so far.
     *
     * @return the count
     */
    public long fallbackWrites() {
        return fallbackWrites.get();
    }

    /**
     * Whether journald cannot take entries now, for the {@link JournalMXBean}.
     *
     * @return true from an outage's start to the next entry delivered
     */
    boolean isOutage() {
        return outage;
    }

    /**
     * Whether the configuration had errors, so that journald is never used.
     *
     * @return true for a sink opened with problems
     */
    boolean isFallbackOnly() {
        return fallbackOnly;
    }

    /** The async queue, for tests; null unless in async mode. */
    AsyncQueue asyncQueue() {
        return async;
    }

    /**
     * Closes the client's socket and removes the sink's MXBean. Entries sent afterwards are dropped
     * ({@link Delivery#CLOSED}). A client closed directly, not through this method, still fails each
     * send as a reported failure. In async mode the queue is drained first, for at most 5 seconds;
     * what is left then is dropped, counted and reported.
     */
    @Override
    public void close() {
        close(Long.MAX_VALUE);
    }

    /**
     * As {@link #close()}, draining the async queue for at most {@code maxDrain} (and never longer
     * than 5 seconds): for a framework that stops within a time of its own, such as Log4j's {@code
     * stop(timeout, unit)}.
     *
     * @param maxDrain the longest wait for the queue to drain; at least one millisecond is waited
     */
    public void close(Duration maxDrain) {
        long nanos;
        try {
            nanos = maxDrain.toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE; // longer than any drain time
        }
        close(nanos);
    }

    private void close(long maxDrainNanos) {
        if (async != null) {
            async.close(maxDrainNanos);
        }
        // Before the socket closes, so that a send that finds it closed sees the flag.
        closed = true;
        client.close();
        if (mbean != null) {
            try {
                mbean.close();
            } catch (JMException | RuntimeException e) {
                reporter.warn("removing its MXBean failed: " + e, e);
            }
        }
    }
}
