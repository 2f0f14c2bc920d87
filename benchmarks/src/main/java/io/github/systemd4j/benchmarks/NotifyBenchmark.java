package io.github.systemd4j.benchmarks;

import io.github.systemd4j.notify.SystemdNotifier;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** notify-core: one STATUS and one WATCHDOG=1 datagram to a notify socket (the draining receiver). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class NotifyBenchmark {
    private SystemdNotifier notifier;

    @Setup
    public void open() {
        notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", Destination.socket()));
    }

    @TearDown
    public void close() {
        notifier.close();
    }

    @Benchmark
    public void status() throws IOException {
        notifier.status("Serving 42 requests/s, 3 connections, healthy");
    }

    @Benchmark
    public void watchdogPing() throws IOException {
        notifier.watchdogPing();
    }
}
