package io.github.systemd4j.benchmarks;

import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.JournalEntry;
import io.github.systemd4j.journal.JournalFields;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** journal-core alone: encoding the 8-field entry, and encoding plus sending it. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class JournalCoreBenchmark {
    private JournalClient client;

    /** Thread-confined entry for the encode-only benchmark. */
    @State(Scope.Thread)
    public static class ThreadEntry {
        final JournalEntry entry = new JournalEntry();
    }

    @Setup
    public void open() {
        client = JournalClient.builder()
                .socketPath(Destination.socket())
                .syslogIdentifier("bench")
                .build();
    }

    @TearDown
    public void close() {
        client.close();
    }

    @Benchmark
    public int encode(ThreadEntry state) {
        JournalEntry e = state.entry;
        e.clear();
        BenchEvent.fill(e).add(JournalFields.SYSLOG_IDENTIFIER, "bench");
        return e.size();
    }

    @Benchmark
    public void encodeAndSend() throws IOException {
        client.send(BenchEvent.fill(client.entry()));
    }
}
