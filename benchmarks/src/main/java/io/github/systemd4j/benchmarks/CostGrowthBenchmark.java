package io.github.systemd4j.benchmarks;

import io.github.systemd4j.journal.JournalCounters;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * How the cost of an entry grows with the work in it: sustained logging of one event through each
 * adapter, synchronous and async, as the number of context fields grows (8, 64, 512 with an
 * 80-byte message) and as the message grows (80 B to 16 MiB with 8 context fields), across
 * journal-core's default {@code fdThreshold} of 256 KiB (192 KiB and 320 KiB entries sit either side of
 * it). {@code work} is {@code FIELDSxMESSAGE_BYTES}. The entry also has the adapter's own fields
 * (priority, identifier, logger, thread name, TID); {@code native/floor.c grow} sends the same fields
 * with {@code sd_journal_sendv} for the C line.
 *
 * <p>A sustained loop: in async mode the caller outruns the sender thread, waits for room in the queue,
 * and so measures what the whole pipeline delivers per entry, which is the cost this benchmark is
 * about (what the call alone costs is {@link CallerCostBenchmark}'s). Tear-down fails the trial if an
 * entry was dropped or failed.
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
public class CostGrowthBenchmark {
    @Param({"logback-sync", "logback-async", "log4j2-sync", "log4j2-async", "jul-sync", "jul-async"})
    public String route;

    @Param({"8x80", "64x80", "512x80", "8x4096", "8x65536", "8x196608", "8x327680", "8x1048576", "8x16777216"})
    public String work;

    private AdapterRoute adapter;

    /** Each logging thread puts the context entries into its own MDC or ThreadContext. */
    @State(Scope.Thread)
    public static class LoggingThread {
        @Setup
        public void putContext(CostGrowthBenchmark benchmark) {
            benchmark.adapter.putContext();
        }
    }

    @Setup(Level.Trial)
    public void start() {
        int x = work.indexOf('x');
        adapter = AdapterRoute.start(
                route,
                context(Integer.parseInt(work.substring(0, x))),
                message(Integer.parseInt(work.substring(x + 1))),
                0);
    }

    /**
     * {@code FIELD_000=value-000-…}: names and values of the lengths a service's context has.
     *
     * @param fields how many
     * @return name to value
     */
    static Map<String, String> context(int fields) {
        Map<String, String> context = new LinkedHashMap<>();
        for (int i = 0; i < fields; i++) {
            context.put(String.format("FIELD_%03d", i), String.format("value-%03d-7f9c2ba4e88f", i));
        }
        return context;
    }

    /**
     * The benchmark message repeated to exactly {@code bytes} ASCII characters.
     *
     * @param bytes its length
     * @return the message
     */
    static String message(int bytes) {
        StringBuilder s = new StringBuilder(bytes);
        while (s.length() < bytes) {
            s.append(BenchEvent.MESSAGE).append(' ');
        }
        s.setLength(bytes);
        return s.toString();
    }

    @TearDown(Level.Trial)
    public void stop() {
        JournalCounters c = adapter.stop();
        if (c.dropped() + c.failed() > 0) {
            throw new IllegalStateException("entries were lost, the measurement is void: " + c);
        }
    }

    @Benchmark
    public void log(LoggingThread thread) {
        adapter.log();
    }
}
