package io.github.systemd4j.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.testkit.FakeNotifySocket;
import io.github.systemd4j.testkit.NotifyDatagram;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watchdog's decisions, driven tick by tick with a fake clock (no timing), against a fake
 * notification socket.
 */
class WatchdogTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String TWO_SECONDS = "2000000";

    @TempDir
    Path dir;

    private FakeNotifySocket systemd;
    private final AtomicLong clock = new AtomicLong();

    @BeforeEach
    void start() throws IOException {
        systemd = FakeNotifySocket.start(dir);
    }

    @AfterEach
    void stop() {
        assertEquals(List.of(), systemd.problems());
        systemd.close();
    }

    private SystemdNotifier notifier(Map<String, String> watchdogVariables) {
        Map<String, String> env = new java.util.HashMap<>(watchdogVariables);
        env.put("NOTIFY_SOCKET", systemd.address());
        return SystemdNotifier.fromEnvironment(env);
    }

    /** Everything the ticks sent, as text, once the notifier's barrier proves it all arrived. */
    private List<String> sent(SystemdNotifier notifier) throws IOException {
        notifier.barrier(WAIT);
        List<String> texts =
                systemd.datagrams().stream().map(NotifyDatagram::text).collect(Collectors.toList());
        systemd.clear();
        return texts.subList(0, texts.size() - 1); // without the barrier
    }

    private Watchdog manual(Watchdog.Builder builder) {
        return builder.clock(clock::get).build();
    }

    @Test
    void noWatchdogUsecMeansInactiveAndSilent() throws Exception {
        try (SystemdNotifier notifier = notifier(Map.of());
                Watchdog watchdog = Watchdog.start(notifier)) {
            assertFalse(watchdog.isActive());
            assertEquals(Optional.empty(), watchdog.timeout());
            watchdog.heartbeat("loop").beat(); // harmless when inactive
            assertEquals(List.of(), sent(notifier));
            assertFalse(watchdog.status().isActive());
        }
    }

    @Test
    void watchdogPidOfAnotherProcessMeansNoPings() throws Exception {
        long other = ProcessHandle.current().pid() + 1;
        // A watchdog thread of an earlier test may still be ending: only a new one counts.
        Set<Thread> earlier = watchdogThreads();
        try (SystemdNotifier notifier =
                        notifier(Map.of("WATCHDOG_USEC", TWO_SECONDS, "WATCHDOG_PID", String.valueOf(other)));
                Watchdog watchdog = Watchdog.start(notifier)) {
            assertFalse(watchdog.isActive());
            Set<Thread> started = watchdogThreads();
            started.removeAll(earlier);
            assertEquals(Set.of(), started, "no watchdog thread started");
            assertEquals(List.of(), sent(notifier));
        }
    }

    @Test
    void watchdogPidOfThisProcessPingsAtOnce() throws Exception {
        String self = String.valueOf(ProcessHandle.current().pid());
        try (SystemdNotifier notifier = notifier(Map.of("WATCHDOG_USEC", "60000000", "WATCHDOG_PID", self));
                Watchdog watchdog = Watchdog.start(notifier)) {
            assertTrue(watchdog.isActive());
            assertEquals(Optional.of(Duration.ofMinutes(1)), watchdog.timeout());
            assertEquals("WATCHDOG=1", systemd.awaitDatagrams(1, WAIT).get(0).text());
        }
    }

    @Test
    void healthyTicksPing() throws Exception {
        try (SystemdNotifier notifier = notifier(Map.of("WATCHDOG_USEC", TWO_SECONDS))) {
            Watchdog watchdog = manual(Watchdog.builder(notifier));
            watchdog.tick();
            watchdog.tick();
            assertEquals(List.of("WATCHDOG=1", "WATCHDOG=1"), sent(notifier));
            assertEquals(2, watchdog.status().pings());
            assertTrue(watchdog.status().isHealthy());
        }
    }

    @Test
    void silentHeartbeatStopsPingsAndSaysWhyUntilItBeatsAgain() throws Exception {
        try (SystemdNotifier notifier = notifier(Map.of("WATCHDOG_USEC", TWO_SECONDS))) {
            notifier.status("Serving 5 clients");
            Watchdog watchdog = manual(Watchdog.builder(notifier));
            Heartbeat loop = watchdog.heartbeat("event-loop");
            assertEquals(Optional.of(Duration.ofSeconds(2)), loop.maxSilence());
            sent(notifier);

            clock.addAndGet(Duration.ofMillis(1900).toNanos());
            watchdog.tick();
            assertEquals(List.of("WATCHDOG=1"), sent(notifier), "within the allowed silence");

            clock.addAndGet(Duration.ofMillis(600).toNanos());
            watchdog.tick();
            watchdog.tick(); // same reason: nothing new to say, still no ping
            assertEquals(
                    List.of(
                            "STATUS=Unhealthy, watchdog pings stopped: no heartbeat from event-loop for 2.5 s (limit 2.0 s)"),
                    sent(notifier));
            assertFalse(watchdog.status().isHealthy());
            assertEquals(1, watchdog.status().problems().size());

            loop.beat();
            watchdog.tick();
            assertEquals(List.of("WATCHDOG=1\nSTATUS=Serving 5 clients"), sent(notifier), "recovered: status restored");
        }
    }

    @Test
    void triggerOnlyWhenTurningUnhealthy() throws Exception {
        try (SystemdNotifier notifier = notifier(Map.of("WATCHDOG_USEC", TWO_SECONDS))) {
            Watchdog watchdog = manual(Watchdog.builder(notifier).triggerWhenUnhealthy(true));
            Heartbeat loop = watchdog.heartbeat("worker", Duration.ofSeconds(1));
            clock.addAndGet(Duration.ofSeconds(3).toNanos());
            watchdog.tick();
            clock.addAndGet(Duration.ofSeconds(1).toNanos());
            watchdog.tick();
            List<String> texts = sent(notifier);
            assertEquals(2, texts.size());
            assertTrue(texts.get(0).endsWith("\nWATCHDOG=trigger"), texts.get(0));
            assertFalse(texts.get(1).contains("WATCHDOG=trigger"), "the reason changed, but no second trigger");
            loop.close();
            watchdog.tick();
            assertEquals(List.of("WATCHDOG=1\nSTATUS="), sent(notifier), "a closed heartbeat is no longer checked");
        }
    }

    @Test
    void failingAndThrowingChecksAreReasons() throws Exception {
        try (SystemdNotifier notifier = notifier(Map.of("WATCHDOG_USEC", TWO_SECONDS))) {
            Watchdog watchdog = manual(Watchdog.builder(notifier)
                    .deadlockDetection(false)
                    .check("database", () -> Optional.of("no connection to db1"))
                    .check("disk", () -> {
                        throw new IllegalStateException("line\nbreak");
                    }));
            watchdog.tick();
            String status = sent(notifier).get(0);
            assertTrue(status.contains("no connection to db1"), status);
            assertTrue(status.contains("disk check failed: java.lang.IllegalStateException: line break"), status);
        }
    }

    @Test
    void deadlockedThreadsStopThePings() throws Exception {
        ReentrantLock a = new ReentrantLock();
        ReentrantLock b = new ReentrantLock();
        CountDownLatch bothHold = new CountDownLatch(2);
        Thread first = deadlocking("deadlock-first", a, b, bothHold);
        Thread second = deadlocking("deadlock-second", b, a, bothHold);
        try (SystemdNotifier notifier = notifier(Map.of("WATCHDOG_USEC", TWO_SECONDS))) {
            Watchdog watchdog = manual(Watchdog.builder(notifier));
            assertTimeoutPreemptively(WAIT, () -> {
                while (HealthCheck.noDeadlocks().check().isEmpty()) {
                    Thread.onSpinWait();
                }
            });
            watchdog.tick();
            String status = sent(notifier).get(0);
            assertTrue(status.startsWith("STATUS=Unhealthy, watchdog pings stopped: deadlock of 2 threads: "), status);
            assertTrue(status.contains("\"deadlock-first\" waits for"), status);
            assertTrue(status.contains("held by \"deadlock-second\""), status);
        } finally {
            first.interrupt(); // lockInterruptibly: the test JVM gets its threads back
            second.interrupt();
            first.join();
            second.join();
        }
    }

    private static Thread deadlocking(String name, ReentrantLock mine, ReentrantLock theirs, CountDownLatch bothHold) {
        Thread t = new Thread(
                () -> {
                    try {
                        mine.lockInterruptibly();
                        bothHold.countDown();
                        bothHold.await();
                        theirs.lockInterruptibly();
                    } catch (InterruptedException e) {
                        // released by the test
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void heartbeatNamesAreUniqueAndSilenceMustBePositive() throws Exception {
        try (SystemdNotifier notifier = notifier(Map.of("WATCHDOG_USEC", TWO_SECONDS))) {
            Watchdog watchdog = manual(Watchdog.builder(notifier));
            watchdog.heartbeat("loop");
            assertThrows(IllegalArgumentException.class, () -> watchdog.heartbeat("loop"));
            assertThrows(IllegalArgumentException.class, () -> watchdog.heartbeat("other", Duration.ZERO));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> Watchdog.builder(notifier).check("x", Optional::empty).check("x", Optional::empty));
        }
    }

    @Test
    void sendFailuresAreCountedNotThrown() throws Exception {
        try (SystemdNotifier nowhere = SystemdNotifier.fromEnvironment(
                Map.of("NOTIFY_SOCKET", dir.resolve("gone").toString(), "WATCHDOG_USEC", TWO_SECONDS))) {
            Watchdog watchdog = manual(Watchdog.builder(nowhere));
            watchdog.tick();
            assertEquals(Duration.ofMillis(200).toNanos(), watchdog.tick(), "no ping went out: again after a tenth");
            assertEquals(2, watchdog.status().failedSends());
            assertEquals(0, watchdog.status().pings());
        }
    }

    @Test
    void aNewTimeoutChangesTheDefaultSilence() throws Exception {
        try (SystemdNotifier notifier = notifier(Map.of("WATCHDOG_USEC", TWO_SECONDS))) {
            Watchdog watchdog = manual(Watchdog.builder(notifier));
            Heartbeat loop = watchdog.heartbeat("loop");
            notifier.changeWatchdogTimeout(Duration.ofSeconds(10));
            assertEquals(Optional.of(Duration.ofSeconds(10)), watchdog.timeout());
            assertEquals(Optional.of(Duration.ofSeconds(10)), loop.maxSilence());
        }
    }

    @Test
    void aNewTimeoutWakesTheWatchdogToPingWithinIt() throws Exception {
        // Ten minutes: the thread pings at once, then sleeps for five.
        try (SystemdNotifier notifier = notifier(Map.of("WATCHDOG_USEC", "600000000"));
                Watchdog watchdog = Watchdog.start(notifier)) {
            systemd.awaitDatagrams(1, WAIT);
            notifier.changeWatchdogTimeout(Duration.ofSeconds(4));
            List<String> texts = systemd.awaitDatagrams(3, WAIT).stream()
                    .map(NotifyDatagram::text)
                    .collect(Collectors.toList());
            assertEquals(List.of("WATCHDOG=1", "WATCHDOG_USEC=4000000", "WATCHDOG=1"), texts.subList(0, 3));
        }
    }

    /**
     * The state of a running watchdog as a platform MXBean: healthy after its first ping; a failing
     * check (a new timeout wakes the thread for a round at once) shows with its reason; a second
     * watchdog at the same time is instance 2; closed, both are gone.
     */
    @Test
    void anActiveWatchdogIsAPlatformMXBeanUntilItCloses() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.github.systemd4j:type=Watchdog");
        ObjectName second = new ObjectName("io.github.systemd4j:type=Watchdog,instance=2");
        AtomicReference<Optional<String>> database = new AtomicReference<>(Optional.empty());
        // Ten minutes: the thread pings at once, then sleeps for five.
        try (SystemdNotifier notifier = notifier(Map.of("WATCHDOG_USEC", "600000000"))) {
            try (Watchdog watchdog = Watchdog.builder(notifier)
                            .check("database", database::get)
                            .start();
                    Watchdog another = Watchdog.start(notifier)) {
                assertTrue(server.isRegistered(second), "a second watchdog running at the same time");
                systemd.awaitDatagrams(2, WAIT);
                assertEquals(600_000L, server.getAttribute(name, "TimeoutMillis"));

                database.set(Optional.of("database unreachable"));
                notifier.changeWatchdogTimeout(Duration.ofMinutes(20));
                systemd.awaitDatagram(d -> d.text().startsWith("STATUS=Unhealthy"), WAIT);
                // The round that sent it runs after the first one, whose ping has been counted.
                assertEquals(false, server.getAttribute(name, "Healthy"));
                assertEquals("database unreachable", server.getAttribute(name, "Problems"));
                assertEquals(1L, server.getAttribute(name, "Pings"));
                assertEquals(0L, server.getAttribute(name, "FailedSends"));
                assertEquals(1_200_000L, server.getAttribute(name, "TimeoutMillis"));
                assertEquals(true, server.getAttribute(second, "Healthy"));
            }
            assertFalse(server.isRegistered(name));
            assertFalse(server.isRegistered(second));
        }
    }

    @Test
    void anInactiveWatchdogOrOneWithoutJmxHasNoMXBean() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName any = new ObjectName("io.github.systemd4j:type=Watchdog,*");
        try (SystemdNotifier inactive = notifier(Map.of());
                Watchdog watchdog = Watchdog.start(inactive)) {
            assertEquals(Set.of(), server.queryNames(any, null));
        }
        try (SystemdNotifier notifier = notifier(Map.of("WATCHDOG_USEC", "600000000"));
                Watchdog watchdog = Watchdog.builder(notifier).jmx(false).start()) {
            assertTrue(watchdog.isActive());
            assertEquals(Set.of(), server.queryNames(any, null));
        }
    }

    @Test
    void partsOfTheTimeoutAreAtLeastAMillisecondAndSaturate() {
        assertEquals(1_000_000_000L, Watchdog.partOf(Duration.ofSeconds(2), 2));
        assertEquals(200_000_000L, Watchdog.partOf(Duration.ofSeconds(2), 10));
        assertEquals(1_000_000L, Watchdog.partOf(Duration.ofNanos(1000), 2));
        // WATCHDOG_USEC=2^64-2 is valid and must not overflow the watchdog thread's arithmetic.
        Duration longest = NotifyEnvironment.of(Map.of("WATCHDOG_USEC", "18446744073709551614"))
                .watchdogTimeout()
                .orElseThrow();
        assertEquals(Long.MAX_VALUE / 2, Watchdog.partOf(longest, 2));
        assertEquals(Long.MAX_VALUE / 2, Watchdog.partOf(longest, 10));
    }

    /**
     * A check that takes {@code millis} of the fake clock, and fails while {@code failures} is
     * above 0, counting it down.
     */
    private HealthCheck taking(AtomicLong millis, AtomicLong failures) {
        return () -> {
            clock.addAndGet(Duration.ofMillis(millis.get()).toNanos());
            return failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                    ? Optional.of("database ping timed out")
                    : Optional.empty();
        };
    }

    private Watchdog databaseOnly(SystemdNotifier notifier, AtomicLong millis, AtomicLong failures) {
        return manual(Watchdog.builder(notifier).deadlockDetection(false).check("database", taking(millis, failures)));
    }

    @Test
    void healthyRoundsWaitHalfATimeoutLessTheTimeTheChecksTook() throws Exception {
        try (SystemdNotifier notifier = notifier(Map.of("WATCHDOG_USEC", TWO_SECONDS))) {
            AtomicLong millis = new AtomicLong();
            Watchdog watchdog = databaseOnly(notifier, millis, new AtomicLong());
            assertEquals(Duration.ofSeconds(1).toNanos(), watchdog.tick(), "instant checks: half the timeout");
            millis.set(300);
            assertEquals(Duration.ofMillis(700).toNanos(), watchdog.tick(), "the next ping stays 1 s after this one");
            millis.set(1500);
            assertEquals(0, watchdog.tick(), "checks over half the timeout: the next round at once");
            assertEquals(List.of("WATCHDOG=1", "WATCHDOG=1", "WATCHDOG=1"), sent(notifier));
        }
    }

    @Test
    void aCheckThatFailsOnceIsRecheckedATenthOfATimeoutLaterAndPingsAtOnce() throws Exception {
        try (SystemdNotifier notifier = notifier(Map.of("WATCHDOG_USEC", TWO_SECONDS))) {
            notifier.status("Serving");
            AtomicLong failures = new AtomicLong();
            Watchdog watchdog = databaseOnly(notifier, new AtomicLong(), failures);
            assertEquals(Duration.ofSeconds(1).toNanos(), watchdog.tick());
            failures.set(1);
            assertEquals(Duration.ofMillis(200).toNanos(), watchdog.tick(), "unhealthy: again after a tenth");
            assertEquals(Duration.ofSeconds(1).toNanos(), watchdog.tick(), "healthy again: pinged, then half");
            assertEquals(
                    List.of(
                            "WATCHDOG=1",
                            "STATUS=Unhealthy, watchdog pings stopped: database ping timed out",
                            "WATCHDOG=1\nSTATUS=Serving"),
                    sent(notifier).subList(1, 4));
        }
    }

    @Test
    void failingRoundsAreRepeatedATenthOfATimeoutAfterTheyStarted() throws Exception {
        try (SystemdNotifier notifier = notifier(Map.of("WATCHDOG_USEC", TWO_SECONDS))) {
            AtomicLong millis = new AtomicLong(150);
            Watchdog watchdog = databaseOnly(notifier, millis, new AtomicLong(2));
            assertEquals(Duration.ofMillis(50).toNanos(), watchdog.tick(), "a tenth of 2 s, less the 150 ms check");
            millis.set(250);
            assertEquals(0, watchdog.tick(), "a failing round longer than a tenth: the next one at once");
            assertEquals(Duration.ofMillis(750).toNanos(), watchdog.tick(), "healthy: half a timeout less 250 ms");
            assertEquals(1, watchdog.status().pings());
        }
    }

    private static Set<Thread> watchdogThreads() {
        Set<Thread> threads = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("systemd-watchdog") && t.isAlive()) {
                threads.add(t);
            }
        }
        return threads;
    }
}
