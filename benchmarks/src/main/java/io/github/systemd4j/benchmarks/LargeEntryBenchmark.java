package io.github.systemd4j.benchmarks;

import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.socket.PayloadFile;
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
 * Large entries through the file-descriptor path: a sealed memfd on Java 22+, an unlinked {@code
 * /dev/shm} file before. Run on JDK 17 and JDK 25 to compare the two carriers; the report turns the
 * time per entry into MB/s.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class LargeEntryBenchmark {
    @Param({"1048576", "16777216"})
    public int bytes;

    private JournalClient client;
    private String message;

    @Setup
    public void open() {
        client = JournalClient.builder()
                .socketPath(Destination.socket())
                .syslogIdentifier("bench")
                .bufferSizes(1024, 32 << 20)
                .build();
        message = "x".repeat(bytes);
        System.out.println("carrier: " + (PayloadFile.memfdSupported() ? "memfd" : "/dev/shm"));
    }

    @TearDown
    public void close() {
        client.close();
    }

    @Benchmark
    public void sendThroughFile() throws IOException {
        client.send(client.entry().priority(6).message(message));
    }
}
