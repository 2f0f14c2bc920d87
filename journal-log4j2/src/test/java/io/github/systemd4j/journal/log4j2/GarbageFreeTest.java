package io.github.systemd4j.journal.log4j2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.JournalCounters;
import io.github.systemd4j.socket.DatagramReceiver;
import io.github.systemd4j.socket.ReceivedDatagram;
import io.github.systemd4j.socket.UnixAddress;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.impl.ContextDataFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.StringMapMessage;
import org.apache.logging.log4j.message.StructuredDataMessage;
import org.apache.logging.log4j.util.StringMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the appender garbage-free in steady state. A child JVM runs Log4j in its garbage-free mode,
 * logs into a socket drained by another thread, and measures with the JDK's per-thread allocation
 * counter ({@code com.sun.management.ThreadMXBean}) how many bytes the logging thread allocates per
 * event once warmed up. A child, because Log4j reads its settings once per JVM.
 *
 * <p>The child runs with escape analysis off, so the result does not depend on the JIT removing
 * short-lived objects: every allocation in the path is counted. Each scenario must allocate exactly as
 * much as sending a bare entry through {@link io.github.systemd4j.journal.JournalClient} does, which is
 * the socket transport's own cost (with junixsocket 2.11.1, two capturing lambdas per datagram); so
 * Log4j's path plus everything systemd4j adds costs 0 bytes per event. Both figures are printed. In
 * async mode the logging thread sends nothing: it must allocate nothing at all once the queue's pool of
 * entries is warm. The pool grows to the most entries ever in flight, so the test first logs with the
 * receiving end paused (more entries than a round has), and lets the sender thread catch up before
 * each round: no round can then outrun the pool, however slowly the sender thread runs.
 */
@Tag("allocation")
class GarbageFreeTest {
    private static final List<String> CHILD_JVM_OPTIONS = List.of(
            // Log4j's garbage-free mode.
            "-Dlog4j2.enableThreadlocals=true",
            "-Dlog4j2.enableDirectEncoders=true",
            "-Dlog4j2.garbagefreeThreadContextMap=true",
            // Log4j's default clock creates a java.time.Instant per event that only escape analysis
            // removes; the journal stamps entries itself, so millisecond event times cost nothing here.
            "-Dlog4j2.clock=SystemMillisClock",
            "-XX:-DoEscapeAnalysis",
            // The drain receives into junixsocket's per-thread direct buffer instead of a fresh 8 MiB
            // one per datagram, so it keeps up with the sender.
            "-Dorg.newsclub.net.unix.thread-local-buffer.max-capacity=16777216",
            "-Xmx256m");
    private static final Pattern RESULT =
            Pattern.compile("^(\\S+): (\\d+) bytes for (\\d+) entries$", Pattern.MULTILINE);
    private static final List<String> SCENARIOS = List.of(
            "logger-message-context-marker",
            "logger-plain-message",
            "async-logger-message-context-marker",
            "logger-pattern-layout",
            "appender-map-messages");

    @TempDir
    Path dir;

    @Test
    void steadyStateLoggingAllocatesNothingBeyondTheSocketTransport() throws Exception {
        String output = runChild();
        Map<String, long[]> measured = new LinkedHashMap<>();
        Matcher m = RESULT.matcher(output);
        while (m.find()) {
            measured.put(m.group(1), new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
            System.out.println("allocation " + m.group(0)); // the figures, for the build log
        }
        long[] transport = measured.remove("transport");
        assertNotNull(transport, output);
        assertEquals(0, transport[0] % transport[1], "the transport allocates the same for every entry: " + output);
        long perEntry = transport[0] / transport[1];
        assertEquals(SCENARIOS, List.copyOf(measured.keySet()), output);
        measured.forEach((scenario, bytesAndEntries) -> assertEquals(
                perEntry * bytesAndEntries[1],
                bytesAndEntries[0],
                scenario + " allocates more than the transport's " + perEntry + " bytes per entry: " + output));
    }

    private String runChild() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(CHILD_JVM_OPTIONS);
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(Measure.class.getName());
        command.add(dir.resolve("socket").toString());
        Path out = dir.resolve("child.out");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        boolean done = p.waitFor(Duration.ofMinutes(3).toSeconds(), TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(done && p.exitValue() == 0, "child failed: " + output);
        return output;
    }

    /** Child main: measures each scenario and prints {@code NAME: BYTES bytes for N entries}. */
    public static final class Measure {
        private static final int ROUNDS = 8;
        private static final int CALLS = 2_000;
        /** More than one round's calls, and well within the default async queue size (4096 entries). */
        private static final int WARM_UP_ENTRIES = 3 * CALLS / 2;

        private static final com.sun.management.ThreadMXBean THREADS =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        /** Logs (or sends) once and returns how many entries that sent on this thread. */
        private interface Scenario {
            int logOnce() throws Exception;
        }

        public static void main(String[] args) throws Exception {
            Path socket = Path.of(args[0]);
            try (DatagramReceiver receiver = DatagramReceiver.bind(UnixAddress.ofPath(socket))) {
                Drain drain = new Drain(receiver);
                drain.start();
                Map<String, String> tokens = Map.of("SOCKET", socket.toString());
                String journal = "socketPath='@SOCKET@' syslogIdentifier='gc-free'";

                try (JournalClient client = JournalClient.builder()
                        .socketPath(socket.toString())
                        .syslogIdentifier("gc-free")
                        .build()) {
                    measure("transport", () -> {
                        client.send(client.entry().priority(6).message("bare entry"));
                        return 1;
                    });
                    requireAllSent(client);
                }

                ThreadContext.put("REQUEST_ID", "r-42");
                ThreadContext.put("DB_HOST", "db1");
                // Normalised on every event (UUID form to 32 lowercase hex digits).
                ThreadContext.put("MESSAGE_ID", "0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9");
                Marker marker = MarkerManager.getMarker("AUDIT");
                try (Log4jHarness h = new Log4jHarness(Log4jHarness.journalConfig(journal, ""), tokens)) {
                    Logger log = h.logger("com.example.Orders");
                    measure("logger-message-context-marker", () -> {
                        log.info(marker, "order {} shipped to {}", "o-1", "Berlin");
                        return 1;
                    });
                    // A message without parameters: in this mode Log4j hands over its reusable event,
                    // whose copy of the text is rendered into the reused builder, allocating nothing.
                    measure("logger-plain-message", () -> {
                        log.info("order shipped");
                        return 1;
                    });
                    requireAllSent(h.appender().getClient());
                }
                // The sender may wait long for the paused drain below, and must not give up meanwhile.
                String asyncJournal = journal + " async='true' sendTimeout='60s'";
                try (Log4jHarness h = new Log4jHarness(Log4jHarness.journalConfig(asyncJournal, ""), tokens)) {
                    Logger log = h.logger("com.example.Orders");
                    JournalClient async = h.appender().getClient();
                    long[] logged = {0};
                    // Warm-up with the drain paused, so the sender thread is stuck: every call takes an entry
                    // the pool does not have yet, so afterwards the pool holds more entries than one round of
                    // calls can have in flight, however slowly the sender thread runs during the rounds.
                    drain.pause();
                    for (int i = 0; i < WARM_UP_ENTRIES; i++) {
                        log.info(marker, "order {} shipped to {}", "o-1", "Berlin");
                        logged[0]++;
                    }
                    long sentWhilePaused = async.counters().sent();
                    drain.resume();
                    if (sentWhilePaused > WARM_UP_ENTRIES - CALLS) {
                        throw new IllegalStateException("the sender thread was not held up while warming up: "
                                + sentWhilePaused + " of " + WARM_UP_ENTRIES + " entries sent");
                    }
                    measure(
                            "async-logger-message-context-marker",
                            () -> {
                                log.info(marker, "order {} shipped to {}", "o-1", "Berlin");
                                logged[0]++;
                                // The sender thread sends: the logging thread pays for no transport.
                                return 0;
                            },
                            // Each round starts with the queue empty, so at most one round is in flight.
                            () -> awaitDelivered(async, logged[0]));
                    requireAllSent(async);
                }
                try (Log4jHarness h = new Log4jHarness(
                        Log4jHarness.journalConfig(
                                journal, "<PatternLayout pattern='[%t] %-5level %c{1.} %X{REQUEST_ID} - %m%n'/>"),
                        tokens)) {
                    Logger log = h.logger("com.example.Orders");
                    measure("logger-pattern-layout", () -> {
                        log.warn("stock low: {} left", "3");
                        return 1;
                    });
                    requireAllSent(h.appender().getClient());
                }
                ThreadContext.clearAll();
                try (Log4jHarness h = new Log4jHarness(Log4jHarness.journalConfig(journal, ""), tokens)) {
                    // Logged through a Logger, Log4j itself renders a MapMessage to a String (it is not a
                    // reusable message); the appender's own handling is measured by calling it directly.
                    JournalAppender appender = h.appender();
                    LogEvent map =
                            event(new StringMapMessage().with("ORDER", "o-1").with("AMOUNT", "12"));
                    LogEvent sd =
                            event(new StructuredDataMessage("login@18060", "logged in", "Audit").with("USER", "bob"));
                    measure("appender-map-messages", () -> {
                        appender.append(map);
                        appender.append(sd);
                        return 2;
                    });
                    requireAllSent(appender.getClient());
                }
            }
        }

        /** A measurement only counts if every entry really went out. */
        private static void requireAllSent(JournalClient client) {
            JournalCounters counters = client.counters();
            if (counters.dropped() + counters.failed() > 0) {
                throw new IllegalStateException("entries were lost, the measurement is void: " + counters);
            }
        }

        private static LogEvent event(Message message) {
            StringMap context = ContextDataFactory.createContextData();
            context.putValue("REQUEST_ID", "r-42");
            context.freeze();
            Thread current = Thread.currentThread();
            return Log4jLogEvent.newBuilder()
                    .setLoggerName("com.example.Orders")
                    .setLevel(Level.INFO)
                    .setMessage(message)
                    .setContextData(context)
                    .setThreadName(current.getName())
                    .setThreadId(current.getId())
                    .build();
        }

        /**
         * Runs rounds of calls and reports the least any round allocated. The first round pays for
         * first use (caches, buffers, class loading); any later round may include a slow path the
         * transport takes now and then (waiting for room when the drain thread was descheduled), which
         * does not happen in every round as a cost per event would.
         */
        private static void measure(String name, Scenario scenario) throws Exception {
            measure(name, scenario, () -> {});
        }

        /** As above, running {@code beforeRound} before each round, outside the measurement. */
        private static void measure(String name, Scenario scenario, Runnable beforeRound) throws Exception {
            long least = Long.MAX_VALUE;
            long entries = 0;
            for (int round = 0; round < ROUNDS; round++) {
                beforeRound.run();
                entries = 0;
                long before = THREADS.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < CALLS; i++) {
                    entries += scenario.logOnce();
                }
                long bytes = THREADS.getCurrentThreadAllocatedBytes() - before;
                if (round > 0) {
                    least = Math.min(least, bytes);
                }
            }
            System.out.println(name + ": " + least + " bytes for " + entries + " entries");
        }

        /** Waits until the sender thread has delivered as many entries as were logged. */
        private static void awaitDelivered(JournalClient client, long logged) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (client.counters().sent() < logged) {
                requireAllSent(client);
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException(
                            "the sender thread delivered " + client.counters() + " of " + logged + " entries");
                }
                sleepBriefly();
            }
        }

        private static void sleepBriefly() {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Receives and discards datagrams (only the sender's allocations matter); can be paused. */
        private static final class Drain implements Runnable {
            private final DatagramReceiver receiver;
            private final Object lock = new Object();
            private boolean paused;
            private boolean parked;

            Drain(DatagramReceiver receiver) {
                this.receiver = receiver;
            }

            void start() {
                Thread thread = new Thread(this, "drain");
                thread.setDaemon(true);
                thread.start();
            }

            /** Returns once this thread receives nothing more until {@link #resume()}. */
            void pause() throws InterruptedException {
                synchronized (lock) {
                    paused = true;
                    while (!parked) {
                        lock.wait();
                    }
                }
            }

            void resume() {
                synchronized (lock) {
                    paused = false;
                    lock.notifyAll();
                }
            }

            @Override
            public void run() {
                while (true) {
                    synchronized (lock) {
                        while (paused) {
                            parked = true;
                            lock.notifyAll();
                            try {
                                lock.wait();
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                        parked = false;
                    }
                    try (ReceivedDatagram ignored = receiver.receive(Duration.ofSeconds(1))) {
                        // discarded
                    } catch (IOException e) {
                        return;
                    }
                }
            }
        }
    }
}
