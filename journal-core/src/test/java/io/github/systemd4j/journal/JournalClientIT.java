package io.github.systemd4j.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.socket.PayloadFile;
import io.github.systemd4j.socket.SendException;
import io.github.systemd4j.socket.SendFailure;
import io.github.systemd4j.testkit.ChildJvm;
import io.github.systemd4j.testkit.JournalRecord;
import io.github.systemd4j.testkit.RealJournald;
import io.github.systemd4j.testkit.RealJournaldExtension;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** journal-core against the real journald 252, read back with journalctl. */
@ExtendWith(RealJournaldExtension.class)
class JournalClientIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static JournalClient client(RealJournald journald) {
        return JournalClient.builder()
                .socketPath(journald.socketPath())
                .syslogIdentifier("systemd4j-it")
                // Delivery is under test, not the timeout: a loaded CI machine may stall journald.
                .sendTimeout(Duration.ofSeconds(30))
                .build();
    }

    @Test
    void anEntrysOwnIdentifierFacilityAndStaticFieldReplaceTheClients(RealJournald journald) throws Exception {
        String id = newId();
        try (JournalClient client = JournalClient.builder()
                .socketPath(journald.socketPath())
                .syslogIdentifier("client-default")
                .syslogFacility(16)
                .field("DC", "eu-1")
                .field("APP_VERSION", "1.2.3")
                .build()) {
            client.send(client.entry()
                    .add("TEST_ID", id)
                    .add(JournalFields.SYSLOG_IDENTIFIER, "own-identifier")
                    .add(FieldName.of("SYSLOG_FACILITY"), 3)
                    .add("dc", "us-1")
                    .message("own fields"));
            client.send(client.entry().add("TEST_ID", id).message("client fields"));
        }
        List<JournalRecord> rs = journald.await(2, WAIT, "TEST_ID=" + id);
        JournalRecord own = rs.get(0);
        assertEquals(List.of("own-identifier"), own.getAll("SYSLOG_IDENTIFIER"), "libsystemd keeps only the caller's");
        assertEquals(List.of("3"), own.getAll("SYSLOG_FACILITY"));
        assertEquals(List.of("us-1"), own.getAll("DC"), "a static field is a default");
        assertEquals(List.of("1.2.3"), own.getAll("APP_VERSION"));
        JournalRecord plain = rs.get(1);
        assertEquals(List.of("client-default"), plain.getAll("SYSLOG_IDENTIFIER"));
        assertEquals(List.of("16"), plain.getAll("SYSLOG_FACILITY"));
        assertEquals(List.of("eu-1"), plain.getAll("DC"));
    }

    @Test
    void tenThousandEntriesFromFourThreadsArriveIntact(RealJournald journald) throws Exception {
        String run = newId();
        int threads = 4;
        int perThread = 2500;
        try (JournalClient client = client(journald)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        JournalEntry e = client.entry()
                                .priority(6)
                                .add("RUN", run)
                                .add("SENDER", "t" + thread)
                                .add("SEQ", Integer.toString(i))
                                .add("DB_HOST", "db" + (i % 3))
                                .add("USER_ID", "u-" + thread + "-" + i)
                                .add("PAYLOAD", "ü€😀 " + i + " \t")
                                .message("entry " + thread + "/" + i + " " + "m".repeat(60));
                        client.send(e);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            assertEquals(threads * perThread, client.counters().sent());
            assertEquals(0, client.counters().dropped() + client.counters().failed());
        }
        List<JournalRecord> records = journald.await(threads * perThread, WAIT, "RUN=" + run);
        assertEquals(threads * perThread, records.size());
        Map<String, JournalRecord> bySenderSeq = new HashMap<>();
        for (JournalRecord r : records) {
            bySenderSeq.put(r.get("SENDER") + "/" + r.get("SEQ"), r);
        }
        assertEquals(threads * perThread, bySenderSeq.size(), "every entry exactly once");
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                JournalRecord r = bySenderSeq.get("t" + t + "/" + i);
                assertEquals("6", r.get("PRIORITY"));
                assertEquals("db" + (i % 3), r.get("DB_HOST"));
                assertEquals("u-" + t + "-" + i, r.get("USER_ID"));
                assertEquals("ü€😀 " + i + " \t", r.get("PAYLOAD"));
                assertEquals("entry " + t + "/" + i + " " + "m".repeat(60), r.get("MESSAGE"));
                assertEquals("systemd4j-it", r.get("SYSLOG_IDENTIFIER"));
            }
        }
    }

    @Test
    void awkwardValuesAreStoredExactlyAndCannotInjectFields(RealJournald journald) throws Exception {
        String id = newId();
        String[] values = {
            "line one\nline two\n",
            "nul\0inside",
            "trailing spaces   ",
            "  leading and trailing\t ",
            "non-BMP 😀 𝄞",
            "injection\nPRIORITY=0\n",
            "\nSYSLOG_IDENTIFIER=evil",
            "",
        };
        try (JournalClient client = client(journald)) {
            JournalEntry e = client.entry().priority(5).add("TEST_ID", id);
            for (int i = 0; i < values.length; i++) {
                e.add("V" + i, values[i]);
            }
            e.add("LONE", "a\uD800b\uDC00c");
            e.add("key\nPRIORITY=0\nX", "k1");
            e.add("SYSLOG_IDENTIFIER", "evil");
            e.message("awkward");
            client.send(e);
        }
        JournalRecord r = journald.await(1, WAIT, "TEST_ID=" + id).get(0);
        for (int i = 0; i < values.length; i++) {
            assertArrayEquals(values[i].getBytes(StandardCharsets.UTF_8), r.bytes("V" + i), "V" + i);
        }
        assertEquals("a\uFFFDb\uFFFDc", r.get("LONE"), "lone surrogates become U+FFFD");
        assertEquals(List.of("5"), r.getAll("PRIORITY"), "no PRIORITY injected");
        assertEquals(List.of("systemd4j-it"), r.getAll("SYSLOG_IDENTIFIER"), "no identifier injected");
        assertEquals("evil", r.get("ESCAPED_SYSLOG_IDENTIFIER"));
        assertEquals("k1", r.get("KEY_PRIORITY_0_X"));
    }

    @Test
    void oddKeysArriveUnderTheDocumentedNames(RealJournald journald) throws Exception {
        String id = newId();
        try (JournalClient client = client(journald)) {
            client.send(client.entry()
                    .add("TEST_ID", id)
                    .add("lowercase", "1")
                    .add("9lives", "2")
                    .add("_trusted", "3")
                    .add("k".repeat(70), "4")
                    .add("", "5")
                    .add("größe", "6")
                    .add("a=b", "7")
                    .add("db.host", "8")
                    .add("db-host", "9")
                    .message("odd keys"));
        }
        JournalRecord r = journald.await(1, WAIT, "TEST_ID=" + id).get(0);
        assertEquals("1", r.get("LOWERCASE"));
        assertEquals("2", r.get("ESCAPED_9LIVES"));
        assertEquals("3", r.get("ESCAPED__TRUSTED"));
        assertEquals("4", r.get("K".repeat(64)));
        assertEquals("5", r.get("EMPTY"));
        assertEquals("6", r.get("GR__E"));
        assertEquals("7", r.get("A_B"));
        assertEquals(List.of("8", "9"), r.getAll("DB_HOST"), "colliding keys are both kept");
    }

    @ParameterizedTest(name = "{0} MiB")
    @ValueSource(ints = {1, 16, 100})
    void largeMessagesTravelThroughAPassedFile(int mebibytes, RealJournald journald) throws Exception {
        String id = newId();
        String message = bigMessage(mebibytes);
        try (JournalClient client = client(journald)) {
            client.send(client.entry().add("TEST_ID", id).message(message));
            assertEquals(1, client.counters().sentViaFd());
        }
        assertEquals(Runtime.version().feature() >= 22, PayloadFile.memfdSupported(), "memfd on Java 22+ only");
        JournalRecord r = journald.await(1, WAIT, "TEST_ID=" + id).get(0);
        assertEquals(message, r.get("MESSAGE"));
    }

    @ParameterizedTest(name = "{0} MiB as nobody")
    @ValueSource(ints = {1, 16, 100})
    void largeMessagesFromAnUnprivilegedSender(int mebibytes, RealJournald journald) throws Exception {
        String id = newId();
        String output = ChildJvm.of(SendLargeEntry.class)
                .user(65534, 65534)
                .jvmArgs("-Xmx1g")
                .args(journald.socketPath(), id, Integer.toString(mebibytes))
                .run(Duration.ofMinutes(2));
        String carrier = Runtime.version().feature() >= 22 ? "SEALED_MEMFD" : "UNLINKED_FILE";
        assertTrue(output.contains("carrier=" + carrier), output);
        JournalRecord r = journald.await(1, WAIT, "TEST_ID=" + id).get(0);
        assertEquals("65534", r.get("_UID"), "sent by nobody");
        assertEquals(bigMessage(mebibytes), r.get("MESSAGE"));
    }

    static String bigMessage(int mebibytes) {
        StringBuilder s = new StringBuilder(mebibytes << 20);
        for (int i = 0; s.length() < (mebibytes << 20); i++) {
            s.append("line ").append(i).append(" of a large entry\n");
        }
        s.setLength(mebibytes << 20);
        return s.toString();
    }

    @Test
    void recoversOnItsOwnWhenJournaldIsKilledAndRestarted(RealJournald journald) throws Exception {
        String id = newId();
        try (JournalClient client = JournalClient.builder()
                .socketPath(journald.socketPath())
                .syslogIdentifier("systemd4j-it")
                .reconnectInterval(Duration.ofMillis(10))
                .build()) {
            for (int i = 0; i < 100; i++) {
                client.send(
                        client.entry().add("TEST_ID", id).add("PHASE", "before").message("before " + i));
            }
            journald.await(100, WAIT, "TEST_ID=" + id);

            journald.kill();
            int lost = 0;
            for (int i = 0; i < 50; i++) {
                try {
                    client.send(client.entry()
                            .add("TEST_ID", id)
                            .add("PHASE", "outage")
                            .message("outage " + i));
                } catch (SendException e) {
                    assertEquals(SendFailure.REFUSED, e.failure(), "a killed journald leaves a stale socket");
                    lost++;
                }
            }
            assertEquals(50, lost);

            journald.restart();
            Thread.sleep(20); // let the reconnect interval pass; the next send reconnects by itself
            for (int i = 0; i < 100; i++) {
                client.send(
                        client.entry().add("TEST_ID", id).add("PHASE", "after").message("after " + i));
            }
            assertEquals(50, client.counters().dropped());
            assertEquals(200, client.counters().sent());
        }
        assertEquals(
                100, journald.await(100, WAIT, "TEST_ID=" + id, "PHASE=after").size());
        assertEquals(0, journald.read("TEST_ID=" + id, "PHASE=outage").size());
    }

    @Test
    void entriesFlowOnceAnAbsentSocketAppears(RealJournald journald) throws Exception {
        String id = newId();
        journald.kill();
        Path socket = Path.of(journald.socketPath());
        Files.deleteIfExists(socket);
        try (JournalClient client = JournalClient.builder()
                .socketPath(journald.socketPath())
                .syslogIdentifier("systemd4j-it")
                .reconnectInterval(Duration.ofMillis(10))
                .build()) {
            SendException absent = assertThrows(
                    SendException.class,
                    () -> client.send(client.entry().add("TEST_ID", id).message("lost")));
            assertEquals(SendFailure.NOT_FOUND, absent.failure());
            journald.restart();
            Thread.sleep(20); // let the reconnect interval pass
            client.send(client.entry().add("TEST_ID", id).message("after the socket appeared"));
            assertEquals(1, client.counters().dropped());
        }
        assertEquals(
                "after the socket appeared",
                journald.await(1, WAIT, "TEST_ID=" + id).get(0).get("MESSAGE"));
    }

    /**
     * Four threads log at 10,000 entries/s in all while journald is SIGKILLed and restarted, many
     * times. They are released together onto the dead socket, so that one thread finds the peer gone
     * and the shared connection is closed while the others are sending on it. Every entry must end up
     * sent (and stored exactly once) or dropped as part of the outage: none failed, none CLOSED.
     */
    @Test
    void entriesAreSentOrDroppedNeverFailedWhenJournaldDiesUnderFourLoggingThreads(RealJournald journald)
            throws Exception {
        String run = newId();
        int threads = 4;
        int cycles = 40;
        long nanosPerEntry = 400_000; // 2,500 entries/s per thread
        Set<SendFailure> thrown = ConcurrentHashMap.newKeySet();
        LongAdder attempted = new LongAdder();
        AtomicBoolean pauseRequested = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger cycle = new AtomicInteger();
        CyclicBarrier paused = new CyclicBarrier(threads + 1);
        CyclicBarrier resumed = new CyclicBarrier(threads + 1);
        AtomicInteger back = new AtomicInteger();
        long stored = 0;
        JournalCounters end;
        try (JournalClient client = JournalClient.builder()
                .socketPath(journald.socketPath())
                .syslogIdentifier("systemd4j-it")
                .reconnectInterval(Duration.ofMillis(10))
                .sendTimeout(Duration.ofSeconds(30))
                .build()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String sender = "t" + t;
                    done.add(pool.submit(() -> {
                        long next = System.nanoTime();
                        for (int i = 0; ; i++) {
                            if (pauseRequested.get()) {
                                paused.await();
                                resumed.await();
                                if (stop.get()) {
                                    return null;
                                }
                                // A spinning barrier: the threads meet the dead socket at the same instant.
                                back.incrementAndGet();
                                while (back.get() < threads) {
                                    Thread.onSpinWait();
                                }
                                next = System.nanoTime();
                            }
                            attempted.increment();
                            try {
                                client.send(client.entry()
                                        .add("RUN", run)
                                        .add("CYCLE", Integer.toString(cycle.get()))
                                        .add("SENDER", sender)
                                        .add("SEQ", Integer.toString(i))
                                        .message("entry " + sender + "/" + i));
                            } catch (SendException e) {
                                thrown.add(e.failure());
                            }
                            next += nanosPerEntry;
                            LockSupport.parkNanos(next - System.nanoTime());
                        }
                    }));
                }
                long sentBefore = 0;
                for (int c = 0; c < cycles; c++) {
                    awaitCounter(() -> client.counters().sent(), sentBefore + 500, "entries sent in cycle " + c);
                    pauseRequested.set(true);
                    paused.await(); // no send is in flight now
                    pauseRequested.set(false);
                    back.set(0);
                    long sentInCycle = client.counters().sent() - sentBefore;
                    stored += assertStoredOnce(journald, run, c, sentInCycle);
                    sentBefore += sentInCycle;
                    if (c == cycles - 1) {
                        stop.set(true);
                        resumed.await();
                        break;
                    }
                    journald.kill();
                    cycle.set(c + 1);
                    long droppedBefore = client.counters().dropped();
                    resumed.await();
                    awaitCounter(() -> client.counters().dropped(), droppedBefore + 200, "entries dropped while down");
                    journald.restart();
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow(); // after a failure, frees the threads waiting at a barrier
                if (journald.pid() < 0) {
                    journald.restart(); // for the other tests
                }
            }
            end = client.counters();
        }
        assertTrue(Set.of(SendFailure.REFUSED, SendFailure.NOT_FOUND).containsAll(thrown), thrown.toString());
        assertEquals(0, end.failed(), end.toString());
        assertEquals(attempted.sum(), end.sent() + end.dropped(), end.toString());
        assertEquals(end.sent(), stored, "stored by journald");
        assertTrue(end.dropped() >= 200L * (cycles - 1), end.toString());
    }

    /** Polls a counter until it reaches {@code least}; fails after {@link #WAIT}. */
    private static void awaitCounter(LongSupplier counter, long least, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (counter.getAsLong() < least) {
            assertTrue(System.nanoTime() < deadline, what + ": " + counter.getAsLong() + " of " + least);
            Thread.sleep(5);
        }
    }

    /** Asserts that journald stored exactly the {@code sent} entries of one cycle, each once. */
    private static long assertStoredOnce(RealJournald journald, String run, int cycle, long sent) {
        List<JournalRecord> records = journald.await((int) sent, WAIT, "RUN=" + run, "CYCLE=" + cycle);
        Set<String> distinct = new HashSet<>();
        for (JournalRecord r : records) {
            distinct.add(r.get("SENDER") + "/" + r.get("SEQ"));
        }
        assertEquals(sent, records.size(), "stored in cycle " + cycle);
        assertEquals(sent, distinct.size(), "each once in cycle " + cycle);
        return records.size();
    }

    @Test
    void noDescriptorLeaksAfterTenThousandFileEntries(RealJournald journald) throws Exception {
        String id = newId();
        try (JournalClient client = JournalClient.builder()
                .socketPath(journald.socketPath())
                .syslogIdentifier("systemd4j-it")
                .fdThreshold(64)
                .sendTimeout(Duration.ofSeconds(30))
                .build()) {
            client.send(client.entry().add("TEST_ID", id).message("warm-up: opens the sockets"));
            long before = carrierDescriptors();
            for (int i = 1; i < 10_000; i++) {
                client.send(client.entry().add("TEST_ID", id).message("through a file " + i));
            }
            long after = carrierDescriptors();
            assertEquals(10_000, client.counters().sentViaFd());
            // A leak would leave thousands; a little slack for a socket another thread opens meanwhile.
            assertTrue(
                    after - before <= 2, "sockets, memfds and /dev/shm files: before " + before + ", after " + after);
        }
        assertEquals(10_000, journald.await(10_000, WAIT, "TEST_ID=" + id).size());
    }

    /**
     * Open descriptors of the kinds the client creates. Other kinds are left out: the test JVM's other
     * threads may open files meanwhile (class loading, the test runner's reporting).
     */
    private static long carrierDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                        try {
                            String target = Files.readSymbolicLink(fd).toString();
                            return target.startsWith("socket:")
                                    || target.startsWith("/memfd:")
                                    || target.startsWith("/dev/shm/");
                        } catch (IOException closedMeanwhile) {
                            return false;
                        }
                    })
                    .count();
        }
    }

    @Test
    void childInAppServiceIsFoundByUnitAndField(RealJournald journald) throws Exception {
        String id = newId();
        List<JournalRecord> found;
        // The child stays up until its entry is read back: journald tags it with the unit then.
        try (ChildJvm.Running child = ChildJvm.of(SendDbHostEntry.class)
                .unit("app.service")
                .args(journald.socketPath(), id)
                .start(Duration.ofMinutes(1))) {
            found = journald.await(1, WAIT, "-u", "app", "DB_HOST=db1", "TEST_ID=" + id);
        }
        assertEquals("app.service", found.get(0).get("_SYSTEMD_UNIT"));
        assertEquals("app", found.get(0).get("SYSLOG_IDENTIFIER"), "identifier detected from the unit");
        assertFalse(found.get(0).has("JOURNAL_TRUNCATED"));
    }

    /** Child main: one large entry; prints the carrier kind this JVM uses. */
    public static final class SendLargeEntry {
        public static void main(String[] args) throws Exception {
            String message = bigMessage(Integer.parseInt(args[2]));
            try (JournalClient client = JournalClient.builder()
                    .socketPath(args[0])
                    .syslogIdentifier("systemd4j-it")
                    .build()) {
                client.send(client.entry().add("TEST_ID", args[1]).message(message));
                if (client.counters().sentViaFd() != 1) {
                    throw new AssertionError("not sent through a file: " + client.counters());
                }
            }
            try (PayloadFile probe = PayloadFile.create(ByteBuffer.wrap(new byte[] {'X', '=', '1', '\n'}))) {
                System.out.println("carrier=" + probe.kind());
            }
        }
    }

    /** Child main: the entry a service would log with MDC DB_HOST=db1, identifier left to detection. */
    public static final class SendDbHostEntry {
        public static void main(String[] args) throws Exception {
            try (JournalClient client =
                    JournalClient.builder().socketPath(args[0]).build()) {
                client.send(client.entry()
                        .priority(6)
                        .add("TEST_ID", args[1])
                        .add("DB_HOST", "db1")
                        .message("query ran on db1"));
            }
        }
    }
}
