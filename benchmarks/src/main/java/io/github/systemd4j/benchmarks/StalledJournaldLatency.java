package io.github.systemd4j.benchmarks;

import io.github.systemd4j.journal.JournalCounters;
import io.github.systemd4j.journal.internal.JournalProperty;
import io.github.systemd4j.journal.internal.JournalSettings;
import io.github.systemd4j.journal.internal.JournalSink;
import io.github.systemd4j.testkit.Backend;
import io.github.systemd4j.testkit.RealJournald;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How long a logging call takes while journald is stopped ({@code SIGSTOP}), synchronous and in async
 * mode: one thread logs the benchmark entry at a steady {@value #RATE} entries per second into a real
 * journald (a private namespace, the adapters' defaults: {@code sendTimeout} 1 s, an 8 MB queue with
 * {@code asyncOverflow=wait}, the fallback off so that nothing is printed) for one second, journald is
 * stopped for STALL seconds, then resumed for two more; async mode also with {@code
 * asyncOverflow=drop}. Every call's duration is kept; the result is
 * its percentiles and maximum, and what the client counted as sent and dropped. Not a JMH benchmark:
 * the subject is the tail, which averages hide.
 *
 * <p>usage: {@code StalledJournaldLatency STALL_SECONDS} — prints one JSON object per mode.
 */
public final class StalledJournaldLatency {
    private static final int RATE = 2000;

    private StalledJournaldLatency() {}

    public static void main(String[] args) throws Exception {
        int stall = Integer.parseInt(args[0]);
        for (String mode : new String[] {"sync", "async", "async-drop"}) {
            // This host's journald: the measured conditions do not change with the machine's Docker.
            try (RealJournald journald = RealJournald.start(Backend.NSPAWN)) {
                measure(journald, mode, stall);
            }
        }
    }

    private static void measure(RealJournald journald, String mode, int stallSeconds) throws Exception {
        JournalSettings settings = new JournalSettings();
        settings.set(JournalProperty.SOCKET_PATH, journald.socketPath());
        settings.set(JournalProperty.SYSLOG_IDENTIFIER, "bench");
        settings.set(JournalProperty.FALLBACK, "none");
        settings.set(JournalProperty.JMX, "false");
        settings.set(JournalProperty.ASYNC, Boolean.toString(mode.startsWith("async")));
        if (mode.equals("async-drop")) {
            settings.set(JournalProperty.ASYNC_OVERFLOW, "drop");
        }
        // The outage notices are expected here: the counters tell the story.
        JournalSink sink = JournalSink.open(settings, List.of(), "bench", new StderrReporter(false));
        int seconds = 1 + stallSeconds + 2;
        long[] nanos = new long[RATE * seconds];
        long period = TimeUnit.SECONDS.toNanos(1) / RATE;
        long start = System.nanoTime();
        // Another thread stops and resumes journald, so that the logging thread keeps its pace.
        Thread stopper = new Thread(() -> {
            try {
                sleepUntil(start + TimeUnit.SECONDS.toNanos(1));
                signal(journald, "STOP");
                sleepUntil(start + TimeUnit.SECONDS.toNanos(1 + stallSeconds));
                signal(journald, "CONT");
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        stopper.start();
        for (int i = 0; i < nanos.length; i++) {
            sleepUntil(start + i * period);
            long before = System.nanoTime();
            sink.deliver(BenchEvent.fill(sink.entry()));
            nanos[i] = System.nanoTime() - before;
        }
        stopper.join();
        sink.close();
        JournalCounters counters = sink.client().counters();
        Arrays.sort(nanos);
        System.out.println(String.format(
                Locale.ROOT,
                "{\"benchmark\":\"stalled_journald_%s\",\"calls\":%d,\"stall_seconds\":%d,\"p50_ns\":%d,"
                        + "\"p99_ns\":%d,\"p999_ns\":%d,\"max_ns\":%d,\"sent\":%d,\"dropped\":%d}",
                mode,
                nanos.length,
                stallSeconds,
                nanos[nanos.length / 2],
                nanos[(int) (nanos.length * 0.99)],
                nanos[(int) (nanos.length * 0.999)],
                nanos[nanos.length - 1],
                counters.sent(),
                counters.dropped()));
    }

    private static void sleepUntil(long deadline) {
        long now;
        while ((now = System.nanoTime()) < deadline) {
            LockSupport.parkNanos(deadline - now);
        }
    }

    private static void signal(RealJournald journald, String signal) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(journald.pid()))
                .inheritIO()
                .start()
                .waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -" + signal + " exited " + exit);
        }
    }
}
