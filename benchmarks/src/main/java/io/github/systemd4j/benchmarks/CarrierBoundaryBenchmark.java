package io.github.systemd4j.benchmarks;

import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.JournalCounters;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The same entry as one datagram and through a passed file (a sealed memfd on Java 22+, an unlinked
 * {@code /dev/shm} file before), at sizes on both sides of journal-core's default {@code fdThreshold}
 * (256 KiB): where the two carriers cost the same is where the threshold belongs, measured rather
 * than guessed. Each client is forced to its carrier (a threshold of 1 byte, or above every size
 * here), and tear-down checks that every entry took the carrier the run is named for.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class CarrierBoundaryBenchmark {
    @Param({"16384", "65536", "131072", "262144", "524288"})
    public int bytes;

    @Param({"datagram", "file"})
    public String carrier;

    private JournalClient client;
    private String message;

    @Setup
    public void open() {
        client = JournalClient.builder()
                .socketPath(Destination.socket())
                .syslogIdentifier("bench")
                .bufferSizes(1024, 2 << 20)
                .fdThreshold(carrier.equals("file") ? 1 : 1 << 20)
                .build();
        message = "x".repeat(bytes);
    }

    @TearDown
    public void close() {
        JournalCounters counters = client.counters();
        client.close();
        long expected = carrier.equals("file") ? counters.sent() : 0;
        if (counters.sentViaFd() != expected) {
            throw new IllegalStateException(carrier + " run used the other carrier: " + counters);
        }
    }

    @Benchmark
    public void send() throws IOException {
        client.send(client.entry().priority(6).message(message));
    }
}
