package io.github.systemd4j.benchmarks;

import io.github.systemd4j.journal.JournalCounters;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a logging call costs the application thread, in async mode and beside the alternatives: bursts
 * of {@value #BURST} calls of the framework benchmarks' event (80-character message, 5 context entries:
 * MDC, ThreadContext, or for JUL a {@code Map} parameter), each burst timed on its own and started only once everything before it
 * reached the receiver (an untimed wait). A sustained loop would measure how fast the sender thread
 * empties the queue instead, since the caller outruns it; a burst that every queue holds measures the
 * caller. The synchronous routes pay the send inside the burst, as they always do.
 *
 * <p>Routes ({@link AdapterRoute}): our appender synchronous ({@code *-sync}) and with {@code
 * async=true} ({@code *-async}); Logback's {@code AsyncAppender} (queue of 2 × the burst, nothing
 * discarded) in front of our synchronous appender; Log4j2's async logger (LMAX Disruptor) in front of
 * our synchronous {@code <Journal>}. One benchmark thread: run.sh runs this class with {@code -t 1} only.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(
        jvmArgsAppend = {
            "-Dlog4j2.enableThreadlocals=true",
            "-Dlog4j2.enableDirectEncoders=true",
            "-Dlog4j2.garbagefreeThreadContextMap=true",
            "-Dlog4j2.clock=SystemMillisClock",
            "-Dlog4j2.isWebapp=false"
        })
public class CallerCostBenchmark {
    /** Calls per timed burst: fewer than each route's queue holds (ours: 4096 small entries by default). */
    static final int BURST = 1000;

    @Param({
        "logback-sync",
        "logback-async",
        "logback-AsyncAppender",
        "log4j2-sync",
        "log4j2-async",
        "log4j2-AsyncLogger",
        "jul-sync",
        "jul-async"
    })
    public String route;

    private AdapterRoute adapter;
    private long logged;

    @Setup(Level.Trial)
    public void start() {
        adapter = AdapterRoute.start(route, AdapterRoute.benchEventContext(), BenchEvent.MESSAGE, 2 * BURST);
    }

    /** Untimed: the next burst starts with every queue empty and every entry of the last one sent. */
    @Setup(Level.Invocation)
    public void awaitDelivered() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            JournalCounters c = adapter.counters();
            if (c.dropped() + c.failed() > 0) {
                throw new IllegalStateException("entries were lost, the measurement is void: " + c);
            }
            if (c.sent() >= logged) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(c.sent() + " of " + logged + " entries arrived in 30 s");
            }
            // 0.1 ms on every JDK (Thread.sleep rounds it up to 1 ms before Java 21).
            LockSupport.parkNanos(100_000);
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        adapter.stop();
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void burst() {
        for (int i = 0; i < BURST; i++) {
            adapter.log();
        }
        logged += BURST;
    }
}
