package io.github.systemd4j.benchmarks;

import io.github.systemd4j.journal.FieldName;
import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.testkit.RealJournald;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * Delivered entries per second into a real journald (a private namespace with rate limiting off and
 * systemd's queue length): this JVM through journal-core, then the C floor through {@code
 * sd_journal_sendv}, the same entry. Each rate is what journalctl holds afterwards divided by the time
 * from the first send until journalctl shows the sender's end-of-run entry, sent after all of them.
 * Not a JMH benchmark: journald's own speed is the subject.
 *
 * <p>usage: {@code JournaldThroughput COUNT PATH_TO_FLOOR} — prints one JSON object per sender.
 */
public final class JournaldThroughput {
    private static final FieldName RUN = FieldName.of("RUN");
    private static final FieldName RUN_END = FieldName.of("RUN_END");

    private JournaldThroughput() {}

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        Path floor = Path.of(args[1]);
        // A fresh journald for each sender: neither writes into journal files the other has grown.
        try (RealJournald journald = RealJournald.start()) {
            report("journald_delivered_systemd4j", count, measureJava(journald, count));
        }
        try (RealJournald journald = RealJournald.start()) {
            report("journald_delivered_c_sd_journal_sendv", count, measureC(journald, count, floor));
        }
    }

    private static void report(String name, int count, long[] deliveredAndNanos) {
        double seconds = deliveredAndNanos[1] / 1e9;
        System.out.println(String.format(
                Locale.ROOT,
                "{\"benchmark\":\"%s\",\"sent\":%d,\"delivered\":%d,\"seconds\":%.3f,\"entries_per_second\":%.0f}",
                name,
                count,
                deliveredAndNanos[0],
                seconds,
                deliveredAndNanos[0] / seconds));
    }

    private static long[] measureJava(RealJournald journald, int count) throws IOException {
        String run = "java-" + UUID.randomUUID();
        long start = System.nanoTime();
        try (JournalClient client = JournalClient.builder()
                .socketPath(journald.socketPath())
                .syslogIdentifier("bench")
                .sendTimeout(Duration.ofSeconds(30))
                .build()) {
            for (int i = 0; i < count; i++) {
                client.send(BenchEvent.fill(client.entry()).add(RUN, run));
            }
            client.send(client.entry().add(RUN_END, run).message("end of run"));
        }
        return awaitStored(journald, run, start);
    }

    private static long[] measureC(RealJournald journald, int count, Path floor) throws Exception {
        String run = "c-" + UUID.randomUUID();
        // libsystemd always writes to /run/systemd/journal/socket: give it the namespace's socket
        // there, in a mount namespace of its own.
        String runtime = Path.of(journald.socketPath()).getParent().toString();
        ProcessBuilder pb = new ProcessBuilder(
                        "unshare",
                        "--mount",
                        "--propagation",
                        "private",
                        "/bin/sh",
                        "-c",
                        "mkdir -p /run/systemd/journal && mount --bind \"$0\" /run/systemd/journal && exec \"$1\" throughput \"$2\" \"$3\"",
                        runtime,
                        floor.toString(),
                        Integer.toString(count),
                        run)
                .inheritIO();
        long start = System.nanoTime();
        int exit = pb.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("floor throughput exited " + exit);
        }
        return awaitStored(journald, run, start);
    }

    /**
     * Waits for the sender's last entry ({@code RUN_END}, stored after all the others because journald
     * handles one socket's datagrams in order) with a cheap indexed match, then counts once: counting
     * all entries on every poll would take the CPU journald needs.
     */
    private static long[] awaitStored(RealJournald journald, String run, long start) {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (journald.read("RUN_END=" + run, "--output-fields=RUN_END").isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        long now = System.nanoTime();
        return new long[] {journald.read("RUN=" + run, "--output-fields=RUN").size(), now - start};
    }
}
