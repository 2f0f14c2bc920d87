package io.github.systemd4j.benchmarks;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.github.systemd4j.journal.FieldName;
import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.internal.JournalProperty;
import io.github.systemd4j.journal.internal.JournalSettings;
import io.github.systemd4j.journal.internal.JournalSink;
import io.github.systemd4j.testkit.Backend;
import io.github.systemd4j.testkit.RealJournald;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Delivered entries per second into a real journald (a private namespace with rate limiting off and
 * systemd's queue length), the same entry from each sender: three JVM processes that differ only in
 * the client library — journal-core synchronous, the async mode's queue and sender thread, and
 * libsystemd's {@code sd_journal_send} called through JNA — and the C floor through {@code
 * sd_journal_sendv}. journald's cost per entry depends on the sending process (it stores its command
 * line, executable and cgroup with every entry), so only senders of the same kind, with command lines
 * of the same length, compare the libraries; the C floor shows the ceiling. Each rate is what
 * journalctl holds afterwards divided by the time from the sender's start until journalctl shows its
 * end-of-run entry, sent after all the others. Not a JMH benchmark: journald's own speed is the
 * subject.
 *
 * <p>usage: {@code JournaldThroughput COUNT PATH_TO_FLOOR} — prints one JSON object per sender.
 */
public final class JournaldThroughput {
    private static final FieldName RUN = FieldName.of("RUN");
    private static final FieldName RUN_END = FieldName.of("RUN_END");
    /** The JVM senders, named alike in length so that their command lines are as long as each other. */
    private static final String[] JVM_SENDERS = {"systemd4j", "s4j-async", "jna-sdsend"};

    private JournaldThroughput() {}

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        Path floor = Path.of(args[1]);
        // A fresh journald for each sender: none writes into journal files another has grown.
        for (String sender : JVM_SENDERS) {
            // This host's journald, the one the C sender is measured against, never one in Docker.
            try (RealJournald journald = RealJournald.start(Backend.NSPAWN)) {
                report("journald_delivered_jvm_" + sender, count, measure(journald, count, javaSender(sender)));
            }
        }
        try (RealJournald journald = RealJournald.start(Backend.NSPAWN)) {
            report(
                    "journald_delivered_c_sd_journal_sendv",
                    count,
                    measure(journald, count, List.of(floor.toString(), "throughput")));
        }
    }

    private static List<String> javaSender(String sender) {
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Sender.class.getName(),
                sender);
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

    /**
     * Runs a sender ({@code command COUNT RUN}) with the namespace's socket directory at {@code
     * /run/systemd/journal}, in a mount namespace of its own: libsystemd always writes there, so every
     * sender does.
     */
    private static long[] measure(RealJournald journald, int count, List<String> command) throws Exception {
        String run = UUID.randomUUID().toString();
        String runtime = Path.of(journald.socketPath()).getParent().toString();
        List<String> argv = new ArrayList<>(List.of(
                "unshare",
                "--mount",
                "--propagation",
                "private",
                "/bin/sh",
                "-c",
                "mkdir -p /run/systemd/journal && mount --bind \"$0\" /run/systemd/journal && exec \"$@\"",
                runtime));
        argv.addAll(command);
        argv.add(Integer.toString(count));
        argv.add(run);
        long start = System.nanoTime();
        int exit = new ProcessBuilder(argv).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException(command + " exited " + exit);
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
    /**
     * A JVM sender: {@code Sender NAME COUNT RUN} sends COUNT entries with {@code RUN=RUN}, then one
     * with {@code RUN_END=RUN}, to {@code /run/systemd/journal/socket}.
     */
    public static final class Sender {
        private Sender() {}

        public static void main(String[] args) throws Exception {
            int count = Integer.parseInt(args[1]);
            String run = args[2];
            switch (args[0]) {
                case "systemd4j":
                    sendSync(count, run);
                    break;
                case "s4j-async":
                    sendAsync(count, run);
                    break;
                case "jna-sdsend":
                    sendJna(count, run);
                    break;
                default:
                    throw new IllegalArgumentException(args[0]);
            }
        }

        private static void sendSync(int count, String run) throws IOException {
            try (JournalClient client = JournalClient.builder()
                    .syslogIdentifier("bench")
                    .sendTimeout(Duration.ofSeconds(30))
                    .build()) {
                for (int i = 0; i < count; i++) {
                    client.send(BenchEvent.fill(client.entry()).add(RUN, run));
                }
                client.send(client.entry().add(RUN_END, run).message("end of run"));
                requireAllSent(client, count + 1);
            }
        }

        /** The async mode as the adapters use it: the same entry, queued for the sink's sender thread. */
        private static void sendAsync(int count, String run) {
            JournalSettings settings = new JournalSettings();
            settings.set(JournalProperty.SYSLOG_IDENTIFIER, "bench");
            settings.set(JournalProperty.SEND_TIMEOUT, "30s");
            settings.set(JournalProperty.ASYNC, "true");
            settings.set(JournalProperty.JMX, "false");
            JournalSink sink = JournalSink.open(settings, List.of(), "bench", new StderrReporter(true));
            for (int i = 0; i < count; i++) {
                sink.deliver(BenchEvent.fill(sink.entry()).add(RUN, run));
            }
            sink.deliver(sink.entry().add(RUN_END, run).message("end of run"));
            // Closing drains the queue (the count check below fails if 5 seconds were not enough).
            sink.close();
            requireAllSent(sink.client(), count + 1);
        }

        private static void requireAllSent(JournalClient client, long expected) {
            if (client.counters().sent() != expected) {
                throw new IllegalStateException("sent " + client.counters() + ", expected " + expected);
            }
        }

        /** libsystemd's {@code sd_journal_send}, the same fields, through JNA (as the JNA appenders). */
        private static void sendJna(int count, String run) {
            Libsystemd lib = (Libsystemd) Native.loadLibrary("systemd", Libsystemd.class);
            String[] fields = {
                "PRIORITY=6",
                "LOGGER=" + BenchEvent.LOGGER,
                "THREAD_NAME=main",
                "TID=4242",
                "DB_HOST=" + BenchEvent.DB_HOST,
                "REQUEST_ID=" + BenchEvent.REQUEST_ID,
                "MESSAGE=" + BenchEvent.MESSAGE,
                "SYSLOG_IDENTIFIER=bench",
                "RUN=" + run
            };
            Object[] rest = new Object[2 * fields.length - 1];
            for (int i = 1; i < fields.length; i++) {
                rest[2 * i - 2] = "%s";
                rest[2 * i - 1] = fields[i];
            }
            rest[rest.length - 1] = null;
            for (int i = 0; i < count; i++) {
                check(lib.sd_journal_send(fields[0], rest));
            }
            check(lib.sd_journal_send("RUN_END=" + run, "MESSAGE=end of run", "SYSLOG_IDENTIFIER=bench", null));
        }

        private static void check(int result) {
            if (result < 0) {
                throw new IllegalStateException("sd_journal_send returned " + result);
            }
        }

        /** libsystemd, as far as this benchmark calls it. */
        public interface Libsystemd extends Library {
            /**
             * {@code int sd_journal_send(const char *format, ...)}: printf-style fields, NULL-terminated.
             *
             * @param format the first field
             * @param args format strings and arguments of the further fields, then null
             * @return 0 or a negative errno
             */
            int sd_journal_send(String format, Object... args);
        }
    }
}
