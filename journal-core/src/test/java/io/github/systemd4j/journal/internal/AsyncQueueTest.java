package io.github.systemd4j.journal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.JournalEntry;
import io.github.systemd4j.testkit.FakeJournald;
import io.github.systemd4j.testkit.JournalRecord;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The async queue against FakeJournald, and against a sender thread held still: journald's socket is
 * missing, so each entry goes to the fallback, whose stream blocks until the test releases it.
 */
class AsyncQueueTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long LONG = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    Path dir;

    private final RecordingReporter reporter = new RecordingReporter();
    private final AtomicLong clock = new AtomicLong();
    private final CountDownLatch stalled = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** Blocks the first write until released: the sender thread stands still in the fallback. */
    private final PrintStream blocking = new PrintStream(
            new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    stalled.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            },
            true,
            StandardCharsets.UTF_8);

    @AfterEach
    void releaseTheSender() {
        release.countDown();
    }

    private JournalClient client() {
        return JournalClient.builder()
                .socketPath(dir.resolve("socket").toString())
                .syslogIdentifier("app")
                .reconnectInterval(Duration.ofMinutes(10))
                .build();
    }

    private JournalSink sink(PrintStream out, int capacity, AsyncQueue.Overflow overflow, long waitNanos, long drain) {
        JournalSink sink = new JournalSink(client(), JournalFallback.STDERR, reporter, out, false, clock::get);
        sink.startAsync(capacity, overflow, waitNanos, drain);
        return sink;
    }

    /** A sink whose sender thread is held in the fallback with one entry; the queue is empty. */
    private JournalSink stalledSink(AsyncQueue.Overflow overflow, long waitNanos, long drain) throws Exception {
        JournalSink sink = sink(blocking, AsyncQueue.MIN_CAPACITY, overflow, waitNanos, drain);
        assertEquals(JournalSink.Delivery.QUEUED, sink.deliver(sink.entry().message("held")));
        assertTrue(stalled.await(30, TimeUnit.SECONDS), "the sender thread took the entry");
        return sink;
    }

    private static JournalEntry kilobyte(JournalSink sink, int i) {
        return sink.entry().priority(6).message(i + " " + "x".repeat(1000));
    }

    /** Queues kilobyte entries until one finds no room; returns how many were queued. */
    private static int fill(JournalSink sink) {
        int queued = 0;
        while (sink.deliver(kilobyte(sink, queued)) == JournalSink.Delivery.QUEUED) {
            queued++;
        }
        return queued;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - deadline < 0, "waited in vain for " + what);
            Thread.sleep(5);
        }
    }

    @Test
    void entriesOfManyThreadsArriveInEachThreadsOrderAndAreCounted() throws Exception {
        int threads = 4;
        int perThread = 2000;
        try (FakeJournald journald = FakeJournald.start(dir)) {
            JournalSink sink = sink(System.err, AsyncQueue.DEFAULT_CAPACITY, AsyncQueue.Overflow.WAIT, LONG, LONG);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String worker = "w" + t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            JournalEntry entry = sink.entry()
                                    .add("WORKER", worker)
                                    .add("SEQ", Integer.toString(i))
                                    .message(worker + " " + i);
                            assertEquals(JournalSink.Delivery.QUEUED, sink.deliver(entry));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            sink.close();
            assertEquals(threads * perThread, sink.client().counters().sent(), "close drained the queue");
            List<JournalRecord> records = journald.awaitRecords(threads * perThread, WAIT);
            assertEquals(threads * perThread, records.size());
            Map<String, Integer> next = new HashMap<>();
            for (JournalRecord r : records) {
                int seq = Integer.parseInt(r.get("SEQ"));
                assertEquals(next.getOrDefault(r.get("WORKER"), 0), seq, "in order: " + r.get("MESSAGE"));
                next.put(r.get("WORKER"), seq + 1);
            }
        }
        assertEquals(List.of(), reporter.reports());
    }

    @Test
    void withDropAFullQueueDropsAtOnceCountsEachAndReportsTheOverflowAndItsEnd() throws Exception {
        JournalSink sink = stalledSink(AsyncQueue.Overflow.DROP, LONG, LONG);
        try {
            int queued = fill(sink);
            assertTrue(queued > 10 && queued * 1000 <= 64 * 1024, "64KB hold some kilobyte entries: " + queued);
            for (int i = 0; i < 5; i++) {
                assertEquals(JournalSink.Delivery.DROPPED, sink.deliver(kilobyte(sink, i)));
            }
            int droppedByQueue = 1 + 5;
            List<String> reports = reporter.reports();
            assertEquals(2, reports.size(), reports.toString());
            assertTrue(reports.get(0).startsWith("UNAVAILABLE No journal socket"), reports.get(0));
            assertEquals(
                    "UNAVAILABLE The async queue for journald at " + dir.resolve("socket") + " is full (65536 bytes);"
                            + " entries are dropped until it has room.",
                    reports.get(1));

            release.countDown();
            // Each entry the sender thread took went to the fallback (no socket): 1 held + the queued.
            await(() -> sink.fallbackWrites() == 1 + queued, "the queue to drain");
            // Announced by the sender thread as the queue drained, without another logging call.
            await(() -> reporter.reports().size() >= 3, "the end of the overflow");
            assertEquals(
                    "BACK The async queue for journald at " + dir.resolve("socket") + " has room again; "
                            + droppedByQueue + " entries were dropped meanwhile.",
                    reporter.reports().get(2));
        } finally {
            release.countDown();
            sink.close();
        }
        // Every entry is accounted for: the queue's drops, and the outage's (each went to the fallback).
        assertEquals(6 + sink.fallbackWrites(), sink.client().counters().dropped());
        assertEquals(0, sink.client().counters().sent());
    }

    @Test
    void aStatusChannelThatThrowsOnTheSenderThreadDoesNotEndIt() throws Exception {
        StatusReporter throwing = new StatusReporter() {
            @Override
            public void notice(Notice notice, String message, Throwable cause) {
                if (notice == Notice.BACK) {
                    throw new IllegalStateException("the status channel broke");
                }
            }

            @Override
            public void error(String message) {}

            @Override
            public void warn(String message, Throwable cause) {}
        };
        JournalSink sink = new JournalSink(client(), JournalFallback.STDERR, throwing, blocking, false, clock::get);
        sink.startAsync(AsyncQueue.MIN_CAPACITY, AsyncQueue.Overflow.DROP, LONG, LONG);
        try {
            assertEquals(JournalSink.Delivery.QUEUED, sink.deliver(sink.entry().message("held")));
            assertTrue(stalled.await(30, TimeUnit.SECONDS), "the sender thread took the entry");
            int queued = fill(sink); // an overflow: its end is announced by the sender thread, and throws
            release.countDown();
            await(() -> sink.fallbackWrites() == 1 + queued, "the queue to drain");
            assertEquals(JournalSink.Delivery.QUEUED, sink.deliver(sink.entry().message("after")));
            await(() -> sink.fallbackWrites() == 2 + queued, "the sender thread to deliver a later entry");
        } finally {
            sink.close();
        }
    }

    @Test
    void withWaitALoggingCallWaitsForRoomThenQueues() throws Exception {
        JournalSink sink = stalledSink(AsyncQueue.Overflow.WAIT, LONG, LONG);
        int entries = 200; // more than 64KB hold
        ExecutorService app = Executors.newSingleThreadExecutor();
        try {
            Future<List<JournalSink.Delivery>> logged = app.submit(() -> {
                List<JournalSink.Delivery> deliveries = new ArrayList<>();
                for (int i = 0; i < entries; i++) {
                    deliveries.add(sink.deliver(kilobyte(sink, i)));
                }
                return deliveries;
            });
            await(() -> sink.asyncQueue().waitingForRoom() == 1, "the logging call to wait for room");
            release.countDown();
            List<JournalSink.Delivery> deliveries = logged.get(30, TimeUnit.SECONDS);
            assertEquals(
                    entries,
                    deliveries.stream()
                            .filter(JournalSink.Delivery.QUEUED::equals)
                            .count());
        } finally {
            app.shutdown();
            release.countDown();
            sink.close();
        }
        assertEquals(1, reporter.reports().size(), "no overflow: " + reporter.reports());
        // Nothing lost to the queue: each entry went to the fallback (no socket) and was counted there.
        assertEquals(1 + entries, sink.fallbackWrites());
        assertEquals(1 + entries, sink.client().counters().dropped());
    }

    @Test
    void withWaitAFullQueueDropsWhenTheSendTimeoutIsOver() throws Exception {
        JournalSink sink = stalledSink(AsyncQueue.Overflow.WAIT, TimeUnit.MILLISECONDS.toNanos(20), LONG);
        try {
            int queued = fill(sink); // ends with an entry dropped after waiting 20 ms for room
            assertTrue(queued > 10, "queued " + queued);
            assertEquals(2, sink.client().counters().dropped(), "the held entry's outage, and the one dropped");
            List<String> reports = reporter.reports();
            assertEquals(2, reports.size(), reports.toString());
            assertTrue(reports.get(1).contains("is full (65536 bytes)"), reports.get(1));
        } finally {
            release.countDown();
            sink.close();
        }
    }

    @Test
    void closeDrainsWhatIsQueued() throws Exception {
        int n = 5000;
        try (FakeJournald journald = FakeJournald.start(dir)) {
            JournalSink sink = sink(System.err, AsyncQueue.DEFAULT_CAPACITY, AsyncQueue.Overflow.WAIT, LONG, LONG);
            for (int i = 0; i < n; i++) {
                assertEquals(
                        JournalSink.Delivery.QUEUED,
                        sink.deliver(
                                sink.entry().add("SEQ", Integer.toString(i)).message("m" + i)));
            }
            sink.close();
            assertEquals(n, sink.client().counters().sent());
            assertEquals(n, journald.awaitRecords(n, WAIT).size());
            assertEquals(JournalSink.Delivery.CLOSED, sink.deliver(sink.entry().message("after close")));
        }
        assertEquals(List.of(), reporter.reports());
    }

    @Test
    void closeDropsCountsAndReportsWhatItCouldNotSendWithinTheDrainTime() throws Exception {
        JournalSink sink = stalledSink(AsyncQueue.Overflow.DROP, LONG, TimeUnit.MILLISECONDS.toNanos(50));
        int queued = fill(sink);
        long before = sink.client().counters().dropped();
        sink.close();
        assertEquals(before + queued, sink.client().counters().dropped());
        List<String> reports = reporter.reports();
        assertEquals(
                "UNAVAILABLE " + queued + " entries still queued for journald at " + dir.resolve("socket")
                        + " were dropped: not sent within 50 ms.",
                reports.get(reports.size() - 1));
        assertEquals(JournalSink.Delivery.CLOSED, sink.deliver(sink.entry().message("after close")));
        assertNotEquals(0, queued);
    }

    @Test
    void closeWithAShorterLimitDrainsNoLongerThanThat() throws Exception {
        JournalSink sink = stalledSink(AsyncQueue.Overflow.DROP, LONG, LONG);
        int queued = fill(sink);
        sink.close(Duration.ofMillis(30));
        List<String> reports = reporter.reports();
        assertEquals(
                "UNAVAILABLE " + queued + " entries still queued for journald at " + dir.resolve("socket")
                        + " were dropped: not sent within 30 ms.",
                reports.get(reports.size() - 1));
    }

    @Test
    void theSettingsValidateTheQueueSizeAndOverflowPolicy() {
        JournalSettings settings = new JournalSettings();
        settings.set(JournalProperty.ASYNC, "true");
        settings.set(JournalProperty.ASYNC_QUEUE_SIZE, "16KB");
        settings.set(JournalProperty.ASYNC_OVERFLOW, "block");
        assertEquals(
                List.of("asyncQueueSize=16KB: must be at least 64KB", "asyncOverflow=block: must be wait or drop"),
                settings.problems());
        assertEquals(AsyncQueue.DEFAULT_CAPACITY, settings.asyncQueueSize());
        assertEquals(AsyncQueue.Overflow.WAIT, settings.asyncOverflow());
        JournalSettings good = new JournalSettings();
        good.set(JournalProperty.ASYNC_QUEUE_SIZE, "1MB");
        good.set(JournalProperty.ASYNC_OVERFLOW, "DROP");
        assertEquals(List.of(), good.problems());
        assertEquals(1024 * 1024, good.asyncQueueSize());
        assertEquals(AsyncQueue.Overflow.DROP, good.asyncOverflow());
        assertTrue(settings.isOn(JournalProperty.ASYNC));
        assertEquals(false, new JournalSettings().isOn(JournalProperty.ASYNC), "off by default");
    }

    @Test
    void aJvmThatExitsWithoutClosingTheSinkDeliversWhatIsQueued() throws Exception {
        int entries = 20_000;
        try (FakeJournald journald = FakeJournald.start(dir)) {
            List<String> command = List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                    "-Dnohook=true",
                    ExitWithoutClose.class.getName(),
                    journald.socketPath(),
                    Integer.toString(entries));
            Process child = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("child.out").toFile())
                    .start();
            assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the child exits");
            String output = java.nio.file.Files.readString(dir.resolve("child.out"));
            assertEquals(0, child.exitValue(), output);
            assertEquals(entries, journald.awaitRecords(entries, WAIT).size(), output);
            // The reporter prints notices as "UNAVAILABLE ..." (entries left behind, an outage).
            assertFalse(output.contains("UNAVAILABLE"), output);
        }
    }

    /** Child main: queues entries in async mode, then exits without closing the sink. */
    public static final class ExitWithoutClose {
        public static void main(String[] args) {
            JournalSettings settings = new JournalSettings();
            settings.set(JournalProperty.SOCKET_PATH, args[0]);
            settings.set(JournalProperty.ASYNC, "true");
            settings.set(JournalProperty.SEND_TIMEOUT, "10 seconds");
            settings.set(JournalProperty.JMX, "false");
            JournalSink sink =
                    JournalSink.open(settings, List.of(), "exit", new RecordingReporter(System.out::println));
            for (int i = 0; i < Integer.parseInt(args[1]); i++) {
                sink.deliver(sink.entry().add("SEQ", Integer.toString(i)).message("queued " + i));
            }
            // No close: the exit hook lets the sender thread finish.
            System.exit(0);
        }
    }

    /**
     * A fallback stream that logs what it is given (a stream redirected into logging): the entries it
     * logs on the sender thread are not queued, else each would make another, without end.
     */
    @Test
    void anEntryLoggedByTheSenderThreadItselfIsNotQueued() throws Exception {
        List<JournalSink.Delivery> echoes = new ArrayList<>();
        JournalSink[] holder = new JournalSink[1];
        PrintStream echoing = new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int b) {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        JournalSink.Delivery d =
                                holder[0].deliver(holder[0].entry().message("echo"));
                        synchronized (echoes) {
                            echoes.add(d);
                        }
                    }
                },
                true,
                StandardCharsets.UTF_8);
        JournalSink sink = sink(echoing, AsyncQueue.MIN_CAPACITY, AsyncQueue.Overflow.WAIT, LONG, LONG);
        holder[0] = sink;
        assertEquals(JournalSink.Delivery.QUEUED, sink.deliver(sink.entry().message("first")));
        await(
                () -> {
                    synchronized (echoes) {
                        return !echoes.isEmpty();
                    }
                },
                "the fallback's echo");
        sink.close();
        synchronized (echoes) {
            assertTrue(echoes.stream().allMatch(d -> d == JournalSink.Delivery.REENTERED), echoes.toString());
        }
    }
}
