package io.github.systemd4j.journal.internal;

import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.JournalEntry;
import io.github.systemd4j.socket.SendException;
import io.github.systemd4j.socket.SendFailure;
import io.github.systemd4j.socket.SocketTransport;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A {@link JournalClient} with the delivery policy every adapter shares; the one owner of outage
 * state, reporting and the fallback.
 *
 * <ul>
 *   <li>{@link #deliver} never throws and never blocks longer than the client's send timeout.
 *   <li>An entry journald cannot take goes to the {@link JournalFallback} ({@code stderr} by default)
 *       or, with {@code none}, nowhere (the client counts it).
 *   <li>An outage ({@link JournalClient#isOutage}: journald absent, busy, or no usable transport in
 *       this JVM) is reported once when it starts, as a warning naming the socket and the fallback;
 *       a socket missing or a transport unusable at start is such an outage from the start. The first
 *       entry delivered afterwards ends it, reported once with the number of entries diverted
 *       meanwhile.
 *   <li>Other failures (permissions, a large entry that could not be written to a file, an event the
 *       adapter could not write) are reported rate-limited: the first three, then at most one every
 *       five minutes with a count of those suppressed.
 *   <li>An entry that reaches the socket after {@link #close()} (a logging call already under way
 *       when the adapter was closed) is dropped: neither reported nor written to the fallback, and
 *       {@link #deliver} says so.
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
        REENTERED
    }

    static final int BURST = 3;
    static final long QUIET_NANOS = 5L * 60 * 1_000_000_000;

    private final JournalClient client;
    private final JournalFallback fallback;
    private final StatusReporter reporter;
    private final PrintStream out;
    private final boolean journalStream;
    private final LongSupplier clock;
    private final AtomicBoolean outage = new AtomicBoolean();
    private final AtomicLong divertedDuringOutage = new AtomicLong();
    private final AtomicLong fallbackWrites = new AtomicLong();
    private volatile boolean closed;

    private final Object limiterLock = new Object();
    private int reportsInBurst;
    private long quietUntil;
    private long suppressed;

    JournalSink(
            JournalClient client,
            JournalFallback fallback,
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
        SocketTransport transport = SocketTransport.current();
        if (!transport.isUsable()) {
            // Permanent for this JVM (say, junixsocket's library cannot load under NoExecPaths=):
            // one message that names the fix; every entry goes to the fallback.
            outage.set(true);
            reporter.warn(transport.status() + " Entries go to " + destination() + ".", null);
        } else if (!client.socket().isAbstract()
                && !Files.exists(client.socket().path())) {
            // Say so now rather than at the first entry; the client keeps trying in the background.
            outage.set(true);
            reporter.warn(
                    "No journal socket at " + client.socket() + "; entries go to " + destination()
                            + " until it appears.",
                    null);
        }
    }

    /**
     * Opens a sink with the settings' client and fallback. Never fails because journald is absent.
     *
     * @param settings the adapter's settings, without {@linkplain JournalSettings#problems() problems}
     * @param reporter the framework's status channel
     * @return the sink
     * @throws IllegalArgumentException if the settings do not make a client
     */
    public static JournalSink open(JournalSettings settings, StatusReporter reporter) {
        JournalFallback fallback = settings.fallback();
        PrintStream stream = fallback == JournalFallback.JSON ? System.out : System.err;
        boolean journal = fallback == JournalFallback.STDERR && JournalStream.isStderrJournal();
        return new JournalSink(settings.client().build(), fallback, reporter, stream, journal, System::nanoTime);
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
     * Sends an entry, or diverts it to the fallback, or drops it if this sink has been closed. Never
     * throws.
     *
     * @param entry the entry
     * @return what became of it
     */
    public Delivery deliver(JournalEntry entry) {
        try {
            client.send(entry);
            if (outage.get() && outage.compareAndSet(true, false)) {
                reporter.info("journald at " + client.socket() + " is reachable again; "
                        + divertedDuringOutage.getAndSet(0) + " entries went to " + destination() + " meanwhile.");
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
            } else if (!outage.get() && outage.compareAndSet(false, true)) {
                divertedDuringOutage.set(0);
                reporter.warn(
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
        reporter.warn(what + more + ": " + cause.getMessage(), cause);
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
     * Closes the client's socket. Entries sent afterwards are dropped ({@link Delivery#CLOSED}). A
     * client closed directly, not through this method, still fails each send as a reported failure.
     */
    @Override
    public void close() {
        // Before the socket closes, so that a send that finds it closed sees the flag.
        closed = true;
        client.close();
    }
}
