package io.github.systemd4j.journal;

import io.github.systemd4j.socket.SendException;
import io.github.systemd4j.socket.SendFailure;
import io.github.systemd4j.socket.SocketTransport;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What a logging adapter (Logback appender, Log4j2 appender, JUL handler) sends through: a {@link
 * JournalClient} plus the error policy every adapter shares, so none of them repeats it.
 *
 * <ul>
 *   <li>{@link #send} never throws (the adapter's logging call must not fail) and never blocks longer
 *       than the client's send timeout.
 *   <li>An entry journald cannot take goes to the {@link JournalFallback} ({@code stderr} by default)
 *       or, with {@code none}, is counted as dropped.
 *   <li>A socket transport that cannot work in this JVM is reported once at start, with its fix.
 *   <li>A missing journal socket at start, and each later outage, is reported <em>once</em> as a
 *       warning naming the socket and the fallback; the recovery is reported once with the number of
 *       entries that went to the fallback or were dropped meanwhile.
 *   <li>Other failures (permissions, a large entry that could not be written to a file) are reported
 *       rate-limited: the first three, then at most one every five minutes with a count of those
 *       suppressed.
 *   <li>An entry that reaches the socket after {@link #close()} (a logging call already under way
 *       when the adapter was closed) is dropped: neither reported nor written to the fallback, and
 *       {@link #deliver} says so, for the adapter to count.
 * </ul>
 */
public final class JournalSink implements Closeable {
    /** What {@link #deliver} did with an entry. */
    public enum Delivery {
        /** journald got it. */
        SENT,
        /** journald could not take it: it went to the fallback (with {@code none}: counted as dropped). */
        FALLBACK,
        /** The sink had been closed: dropped, neither reported nor written to the fallback. */
        CLOSED
    }

    static final int BURST = 3;
    static final long QUIET_NANOS = 5L * 60 * 1_000_000_000;

    private final JournalClient client;
    private final JournalFallback fallback;
    private final StatusReporter reporter;
    private final PrintStream out;
    private final boolean journalStream;
    private final LongSupplier clock;
    private final AtomicLong divertedDuringOutage = new AtomicLong();
    private final AtomicLong fallbackWrites = new AtomicLong();
    private volatile boolean closed;

    private final Object limiterLock = new Object();
    private int reportsInBurst;
    private long quietUntil;
    private long suppressed;

    JournalSink(
            JournalClient.Builder builder,
            JournalFallback fallback,
            StatusReporter reporter,
            PrintStream out,
            boolean journalStream,
            LongSupplier clock) {
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.reporter = Objects.requireNonNull(reporter, "reporter");
        this.out = out;
        this.journalStream = journalStream;
        this.clock = clock;
        this.client = builder.listener(new OutageReporter()).build();
        SocketTransport transport = SocketTransport.current();
        if (!transport.isUsable()) {
            // Permanent for this JVM (say, junixsocket's library cannot load under NoExecPaths=):
            // one message that names the fix; every entry goes to the fallback.
            client.markUnavailable();
            reporter.warn(transport.status() + " Entries go to " + destination() + ".", null);
        } else if (!client.socket().isAbstract()
                && !Files.exists(client.socket().path())) {
            // Say so now rather than at the first entry; the client keeps trying in the background.
            client.markUnavailable();
            reporter.warn(
                    "No journal socket at " + client.socket() + "; entries go to " + destination()
                            + " until it appears.",
                    null);
        }
    }

    /**
     * Opens a sink. Never fails because journald is absent.
     *
     * @param builder the client configuration (its listener is replaced by the sink's own)
     * @param fallback where entries go while journald cannot take them
     * @param reporter the framework's status channel
     * @return the sink
     * @throws IllegalArgumentException if the client configuration is invalid
     */
    public static JournalSink open(JournalClient.Builder builder, JournalFallback fallback, StatusReporter reporter) {
        PrintStream stream = fallback == JournalFallback.JSON ? System.out : System.err;
        boolean journal = fallback == JournalFallback.STDERR && JournalStream.isStderrJournal();
        return new JournalSink(builder, fallback, reporter, stream, journal, System::nanoTime);
    }

    /** For tests: the fallback stream and the clock of the rate limiter are given. */
    static JournalSink open(
            JournalClient.Builder builder,
            JournalFallback fallback,
            StatusReporter reporter,
            PrintStream out,
            LongSupplier clock) {
        return new JournalSink(builder, fallback, reporter, out, false, clock);
    }

    /**
     * An empty entry for the calling thread, see {@link JournalClient#entry()}.
     *
     * @return the entry
     */
    public JournalEntry entry() {
        return client.entry();
    }

    /**
     * Sends an entry, or diverts it to the fallback. Never throws.
     *
     * @param entry the entry
     * @return true if journald got it
     */
    public boolean send(JournalEntry entry) {
        return deliver(entry) == Delivery.SENT;
    }

    /**
     * Sends an entry, or diverts it to the fallback, or drops it if this sink has been closed. Never
     * throws.
     *
     * @param entry the entry
     * @return what became of it
     */
    public Delivery deliver(JournalEntry entry) {
        try {
            client.send(entry);
            return Delivery.SENT;
        } catch (SendException e) {
            if (e.failure() == SendFailure.CLOSED && closed) {
                // Closed by the adapter while this entry was on its way: not a failure to report.
                return Delivery.CLOSED;
            }
            if (!JournalClient.isOutage(e.failure())) {
                reportFailure(e);
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            reportFailure(e);
        }
        divert(entry);
        return Delivery.FALLBACK;
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
            reportFailure(e);
        }
    }

    private void reportFailure(Throwable e) {
        long now = clock.getAsLong();
        long suppressedSoFar;
        synchronized (limiterLock) {
            if (reportsInBurst < BURST) {
                reportsInBurst++;
                if (reportsInBurst == BURST) {
                    quietUntil = now + QUIET_NANOS;
                }
                suppressedSoFar = 0;
            } else if (now - quietUntil >= 0) {
                quietUntil = now + QUIET_NANOS;
                suppressedSoFar = suppressed;
                suppressed = 0;
            } else {
                suppressed++;
                return;
            }
        }
        String more = suppressedSoFar > 0 ? " (" + suppressedSoFar + " similar failures not reported)" : "";
        reporter.warn(
                "Sending to journald at " + client.socket() + " failed; entry went to " + destination() + more + ": "
                        + e.getMessage(),
                e);
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
     * The client underneath, for its counters and status.
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
     * Closes the client's socket. Entries sent afterwards are dropped ({@link Delivery#CLOSED}). A
     * client closed directly, not through this method, still fails each send as a reported failure.
     */
    @Override
    public void close() {
        // Before the socket closes, so that a send that finds it closed sees the flag.
        closed = true;
        client.close();
    }

    /** Reports each outage and recovery once. */
    private final class OutageReporter implements JournalStatusListener {
        @Override
        public void unavailable(SendException cause) {
            divertedDuringOutage.set(0);
            reporter.warn(
                    "journald at " + client.socket() + " is unavailable (" + cause.failure() + "); entries go to "
                            + destination() + " until it is back.",
                    cause);
        }

        @Override
        public void recovered(long droppedDuringOutage) {
            long diverted = divertedDuringOutage.getAndSet(0);
            reporter.info("journald at " + client.socket() + " is reachable again; " + diverted + " entries went to "
                    + destination() + " meanwhile.");
        }
    }
}
